import { type Client, DiscordAPIError, HTTPError, Routes } from "discord.js";
import { type OutgoingMessage, type Poster, PostRejected } from "../scheduler/poster";
import { NO_MENTIONS } from "./reply";

function rejection(error: unknown, channelId: string): unknown {
  if (error instanceof DiscordAPIError) {
    return new PostRejected(
      `Discord refused the post in <#${channelId}>: ${error.message} (error ${error.code})`,
    );
  }
  if (error instanceof HTTPError) {
    return new PostRejected(`Discord answered ${error.status} ${error.message} for <#${channelId}>`);
  }
  return error;
}

/** Posts through the REST API directly, so posting never depends on what the cache holds. */
export function discordPoster(client: Client): Poster {
  return {
    async post(channelId: string, message: OutgoingMessage) {
      try {
        const sent = (await client.rest.post(Routes.channelMessages(channelId), {
          body: { ...message, allowed_mentions: { parse: NO_MENTIONS.parse } },
        })) as { id: string };
        return { messageId: sent.id };
      } catch (error) {
        throw rejection(error, channelId);
      }
    },
    async edit(channelId: string, messageId: string, message: OutgoingMessage) {
      try {
        await client.rest.patch(Routes.channelMessage(channelId, messageId), {
          body: { ...message, allowed_mentions: { parse: NO_MENTIONS.parse } },
        });
      } catch (error) {
        throw rejection(error, channelId);
      }
    },
    async startThread(channelId: string, messageId: string, name: string) {
      try {
        await client.rest.post(Routes.threads(channelId, messageId), {
          body: { name: name.slice(0, 100), auto_archive_duration: 1440 },
        });
      } catch (error) {
        throw rejection(error, channelId);
      }
    },
  };
}
