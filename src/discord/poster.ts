import { type APIMessage, DiscordAPIError, type REST, RESTEvents, Routes, SnowflakeUtil } from "discord.js";
import { createPacer, pacedPoster } from "../scheduler/pace";
import {
  isSamePost,
  type OutgoingMessage,
  type Poster,
  PostRejected,
  PostUncertain,
} from "../scheduler/poster";
import { NO_MENTIONS } from "./reply";

/** Clocks differ a little between this host and Discord: look a minute further back. */
const CLOCK_SLACK_MS = 60_000;
/** Pages of 100 messages searched for a post; a channel busier than that prefers a missed post to a double. */
const MAX_PAGES = 5;

/**
 * A 4xx is Discord's certain refusal. Anything else (a 5xx after @discordjs/rest's own retries,
 * a timeout, a dropped connection) may have happened after Discord created the message.
 */
function classify(error: unknown, channelId: string): Error {
  if (error instanceof DiscordAPIError && error.status < 500) {
    return new PostRejected(
      `Discord refused the post in <#${channelId}>: ${error.message} (error ${error.code})`,
    );
  }
  const what =
    error instanceof Error && "status" in error ? `Discord answered ${String(error.status)}` : "no answer";
  return new PostUncertain(`${what} for the post in <#${channelId}>; it may have gone out`, { cause: error });
}

/** Posts through the REST API directly, so posting never depends on what the cache holds. */
export function discordPoster(rest: REST, botUserId: string): Poster {
  return {
    async post(channelId, message, { nonce }) {
      try {
        // With enforce_nonce, @discordjs/rest's own re-send after a timeout returns the first message.
        const sent = (await rest.post(Routes.channelMessages(channelId), {
          body: { ...message, nonce, enforce_nonce: true, allowed_mentions: { parse: NO_MENTIONS.parse } },
        })) as { id: string };
        return { messageId: sent.id };
      } catch (error) {
        throw classify(error, channelId);
      }
    },
    async edit(channelId, messageId, message) {
      try {
        await rest.patch(Routes.channelMessage(channelId, messageId), {
          body: { ...message, allowed_mentions: { parse: NO_MENTIONS.parse } },
        });
      } catch (error) {
        throw classify(error, channelId);
      }
    },
    async startThread(channelId, messageId, name) {
      try {
        await rest.post(Routes.threads(channelId, messageId), {
          body: { name: name.slice(0, 100), auto_archive_duration: 1440 },
        });
      } catch (error) {
        throw classify(error, channelId);
      }
    },
    async findPosted(channelId: string, message: OutgoingMessage, since: Date) {
      let after = SnowflakeUtil.generate({ timestamp: since.getTime() - CLOCK_SLACK_MS }).toString();
      for (let page = 0; page < MAX_PAGES; page++) {
        const batch = (await rest.get(Routes.channelMessages(channelId), {
          query: new URLSearchParams({ after, limit: "100" }),
        })) as APIMessage[];
        const hit = batch.find((m) => m.author.id === botUserId && isSamePost(m, message));
        if (hit) return { messageId: hit.id };
        if (batch.length < 100) return null;
        after = batch.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), after);
      }
      throw new Error(`more than ${MAX_PAGES * 100} messages in <#${channelId}> since the first attempt`);
    },
  };
}

/** Discord's global limit for a bot: requests a second across every route. */
export const GLOBAL_REQUESTS_PER_SECOND = 50;

/**
 * The scheduler's poster: one queue at Discord's global pace (see pace.ts). A global 429
 * still gets through if other traffic shares the limit; its `retry_after` moves the queue.
 */
export function pacedDiscordPoster(rest: REST, botUserId: string, perSecond = GLOBAL_REQUESTS_PER_SECOND) {
  const pacer = createPacer({ perSecond });
  // @discordjs/rest reports a global block (after a global 429) to every request it holds back.
  rest.on(RESTEvents.RateLimited, (info) => {
    if (info.global && info.timeToReset > 0) pacer.pause(info.timeToReset);
  });
  return pacedPoster(discordPoster(rest, botUserId), pacer);
}
