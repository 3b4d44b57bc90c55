/**
 * Direct messages: the DM channel the bot opens with a user, and what it posts
 * there, kept per user. A user whose DMs are closed gets Discord's 50007; a
 * repeated nonce with `enforce_nonce` returns the first message instead of a
 * second one, as Discord does.
 */
import {
  type APIDMChannel,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
} from "discord-api-types/v10";
import type { RouteContext } from "./http";
import { json } from "./http";
import type { Messages } from "./messages";
import { snowflake } from "./payloads";
import type { World } from "./state";
import type { MessageBody } from "./types";
import { checkMessage, discordError, formError, Reply, SNOWFLAKE_RE } from "./validate";

export interface DirectMessage {
  userId: string;
  channelId: string;
  id: string;
  body: MessageBody;
}

export class DirectMessages {
  readonly sent: DirectMessage[] = [];
  readonly closed = new Set<string>();
  private readonly channelOf = new Map<string, string>();
  private readonly userOf = new Map<string, string>();

  constructor(
    private readonly world: World,
    private readonly messages: Messages,
  ) {}

  owns(channelId: string): boolean {
    return this.userOf.has(channelId);
  }

  open(ctx: RouteContext): Reply {
    const userId = ctx.payload.recipient_id;
    if (typeof userId !== "string" || !SNOWFLAKE_RE.test(userId)) {
      return formError(["recipient_id"], "NUMBER_TYPE_COERCE", "Value is not snowflake.");
    }
    let channelId = this.channelOf.get(userId);
    if (!channelId) {
      channelId = snowflake();
      this.channelOf.set(userId, channelId);
      this.userOf.set(channelId, userId);
    }
    this.world.ensureUser(userId, `user-${userId.slice(-4)}`);
    return json(this.channel(channelId));
  }

  /** the DM channel with this id, as Discord describes it; undefined for any other channel */
  channel(channelId: string): APIDMChannel | undefined {
    const userId = this.userOf.get(channelId);
    if (userId === undefined) return undefined;
    const recipient = this.world.ensureUser(userId);
    return {
      id: channelId,
      type: ChannelType.DM,
      name: null,
      last_message_id: null,
      recipients: [recipient],
    };
  }

  post(ctx: RouteContext, channelId: string): Reply {
    const userId = this.userOf.get(channelId) ?? "";
    if (this.closed.has(userId)) return discordError(403, 50007, "Cannot send messages to this user");
    const body = checkMessage(ctx.payload, ctx.files.length, [], true);
    if (body instanceof Reply) return body;
    const nonce = body.nonce;
    const earlier =
      body.enforce_nonce === true && nonce !== undefined
        ? this.sent.find((m) => m.channelId === channelId && m.body.nonce === nonce)
        : undefined;
    const earlierRec = earlier ? this.messages.get(earlier.id) : undefined;
    if (earlierRec) return json(this.messages.build(earlierRec));
    const rec = this.messages.store({ channelId, payload: body, files: ctx.files });
    this.sent.push({ userId, channelId, id: rec.id, body: structuredClone(body) });
    return json(this.messages.build(rec));
  }
}

/**
 * Where a press in a DM happens, as an interaction payload says it: the DM channel and
 * its user, no guild and no member; the app is a server install used from its bot's DM.
 */
export function inDm(channel: APIDMChannel) {
  const user = channel.recipients?.[0];
  if (!user) throw new Error(`stand-in: DM channel ${channel.id} has no recipient`);
  return {
    channel_id: channel.id,
    channel: structuredClone(channel),
    user: structuredClone(user),
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: "0" },
    context: InteractionContextType.BotDM,
  } as const;
}
