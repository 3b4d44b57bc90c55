/** The Discord edge the scheduler posts through; tests use the real one against the local stand-in. */
import type { ButtonRow } from "../discord/buttons";

export interface OutgoingEmbed {
  title?: string;
  description?: string;
  color?: number;
}

export interface OutgoingMessage {
  content?: string;
  embeds?: OutgoingEmbed[];
  /** the post's buttons (SPEC §3.14) */
  components?: ButtonRow[];
}

export interface Poster {
  post(channelId: string, message: OutgoingMessage): Promise<{ messageId: string }>;
  /** a thread started from a message has the message's id */
  startThread(channelId: string, messageId: string, name: string): Promise<void>;
  /** replaces the given parts of a posted message (the daily prompt gains its thread's link) */
  edit(channelId: string, messageId: string, message: OutgoingMessage): Promise<void>;
}

/** Discord refused the post (missing channel, missing permission, 5xx): a reason fit to show moderators. */
export class PostRejected extends Error {
  override readonly name = "PostRejected";
}
