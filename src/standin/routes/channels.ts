/** Channel posts and threads started from them: what the scheduler's poster and discord.js send. */
import {
  type APIThreadChannel,
  ChannelType,
  MessageType,
  type ThreadAutoArchiveDuration,
  type ThreadMemberFlags,
} from "discord-api-types/v10";
import type { Core } from "../core";
import { json, noContent, type Route, route } from "../http";
import { checkMessage, discordError, formError, Reply } from "../validate";

export function channelRoutes(core: Core): Route[] {
  const { world, messages } = core;
  return [
    route("POST", "/channels/:channel/messages", true, (ctx) => {
      const channelId = ctx.param("channel");
      if (core.dms.owns(channelId)) return core.dms.post(ctx, channelId);
      if (!world.channels.has(channelId)) return discordError(404, 10003, "Unknown Channel");
      const body = checkMessage(ctx.payload, ctx.files.length, [], true);
      if (body instanceof Reply) return body;
      // enforce_nonce: the same nonce from the same author within the window returns the first message
      const { nonce, enforce_nonce: enforce } = ctx.payload;
      const nonceKey = enforce === true && (typeof nonce === "string" || typeof nonce === "number");
      const first = nonceKey
        ? messages.get(core.nonces.find(channelId, world.botUserId, String(nonce)))
        : undefined;
      if (first) return json(messages.build(first));
      const type = body.message_reference ? MessageType.Reply : MessageType.Default;
      const rec = messages.store({ channelId, payload: body, files: ctx.files, type });
      if (nonceKey) core.nonces.remember(channelId, world.botUserId, String(nonce), rec.id);
      core.channelMessages.push({ channelId, id: rec.id, body: structuredClone(body), files: ctx.files });
      return json(messages.build(rec));
    }),
    // GET messages, newest first: with `after`, the `limit` (≤ 100) oldest ones after that id
    route("GET", "/channels/:channel/messages", true, (ctx) => {
      const channelId = ctx.param("channel");
      if (!world.channels.has(channelId)) return discordError(404, 10003, "Unknown Channel");
      const after = BigInt(ctx.req.query.get("after") ?? "0");
      const limit = Math.min(100, Math.max(1, Number(ctx.req.query.get("limit") ?? 50)));
      const found = messages.inChannel(channelId).filter((m) => BigInt(m.id) > after);
      const page = ctx.req.query.has("after") ? found.slice(0, limit) : found.slice(-limit);
      return json(page.reverse().map((m) => messages.build(m)));
    }),
    route("PATCH", "/channels/:channel/messages/:message", true, (ctx) => {
      const rec = messages.get(ctx.param("message"));
      if (!world.channels.has(ctx.param("channel"))) return discordError(404, 10003, "Unknown Channel");
      if (rec?.channelId !== ctx.param("channel")) return discordError(404, 10008, "Unknown Message");
      if (rec.author.id !== world.botUserId) {
        return discordError(403, 50005, "Cannot edit a message authored by another user");
      }
      const body = checkMessage(ctx.payload, ctx.files.length, [], false);
      if (body instanceof Reply) return body;
      messages.edit(rec, body, ctx.files);
      return json(messages.build(rec));
    }),
    route("DELETE", "/channels/:channel/messages/:message", true, (ctx) => {
      const rec = messages.get(ctx.param("message"));
      if (!world.channels.has(ctx.param("channel"))) return discordError(404, 10003, "Unknown Channel");
      if (rec?.channelId !== ctx.param("channel")) return discordError(404, 10008, "Unknown Message");
      messages.remove(rec.id);
      return noContent;
    }),
    route("POST", "/channels/:channel/messages/:message/threads", true, (ctx) => {
      const channelId = ctx.param("channel");
      const messageId = ctx.param("message");
      const parent = world.channels.get(channelId);
      if (!parent) return discordError(404, 10003, "Unknown Channel");
      if (parent.type !== ChannelType.GuildText) {
        return discordError(400, 50024, "Cannot execute action on this channel type");
      }
      if (messages.get(messageId)?.channelId !== channelId)
        return discordError(404, 10008, "Unknown Message");
      const { name, auto_archive_duration: archive, rate_limit_per_user: rate } = ctx.payload;
      if (typeof name !== "string" || name.length < 1 || name.length > 100) {
        return formError(["name"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
      }
      if (world.channels.has(messageId)) {
        return discordError(400, 160004, "A thread has already been created for this message");
      }
      const now = new Date().toISOString();
      const autoArchive = (typeof archive === "number" ? archive : 1440) as ThreadAutoArchiveDuration;
      const thread: APIThreadChannel = {
        id: messageId,
        type: ChannelType.PublicThread,
        ...(parent.guild_id ? { guild_id: parent.guild_id } : {}),
        parent_id: channelId,
        owner_id: world.botUserId,
        name,
        last_message_id: null,
        message_count: 0,
        member_count: 1,
        total_message_sent: 0,
        rate_limit_per_user: typeof rate === "number" ? rate : 0,
        thread_metadata: {
          archived: false,
          auto_archive_duration: autoArchive,
          archive_timestamp: now,
          locked: false,
          create_timestamp: now,
        },
        member: {
          id: messageId,
          user_id: world.botUserId,
          join_timestamp: now,
          flags: 0 as ThreadMemberFlags,
        },
      };
      world.channels.set(messageId, thread);
      core.threads.push({
        channelId,
        messageId,
        id: messageId,
        body: {
          name,
          auto_archive_duration: autoArchive,
          ...(typeof rate === "number" ? { rate_limit_per_user: rate } : {}),
        },
      });
      return json(thread, 201);
    }),
  ];
}
