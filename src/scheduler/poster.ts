/** The Discord edge the scheduler posts through; tests use the real one against the local stand-in. */
import { createHash } from "node:crypto";
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
  /**
   * Creates the message with `nonce` and `enforce_nonce`: while Discord's nonce window lasts,
   * sending the same nonce again returns the first message instead of creating a second one.
   */
  post(channelId: string, message: OutgoingMessage, opts: { nonce: string }): Promise<{ messageId: string }>;
  /** a thread started from a message has the message's id */
  startThread(channelId: string, messageId: string, name: string): Promise<void>;
  /** replaces the given parts of a posted message (the daily prompt gains its thread's link) */
  edit(channelId: string, messageId: string, message: OutgoingMessage): Promise<void>;
  /** The bot's own message in the channel, created at or after `since`, that is this post; null if none. */
  findPosted(channelId: string, message: OutgoingMessage, since: Date): Promise<{ messageId: string } | null>;
}

/** Discord refused the post (missing channel, missing permission): certainly not posted; a reason fit to show moderators. */
export class PostRejected extends Error {
  override readonly name = "PostRejected";
}

/**
 * The outcome is unknown: the connection dropped, the request timed out or Discord answered 5xx
 * after the request may have been processed. The message may exist; never send it again blindly.
 */
export class PostUncertain extends Error {
  override readonly name = "PostUncertain";
}

/**
 * How long after a first attempt a re-send with the same nonce is certain to be deduplicated.
 * Discord documents the window as "the past few minutes"; two minutes stays inside it.
 */
export const NONCE_WINDOW_MS = 2 * 60_000;

/** A nonce (Discord allows at most 25 characters) derived from an effect's claim key, so every attempt shares it. */
export function nonceFor(key: string): string {
  return createHash("sha256").update(key).digest("base64url").slice(0, 25);
}

/** What identifies a post among the bot's messages: its text and first embed title (they name the period). */
function markerOf(m: { content?: unknown; embeds?: unknown }): string {
  const embeds = Array.isArray(m.embeds) ? (m.embeds as Array<{ title?: unknown }>) : [];
  const title = embeds[0]?.title;
  return JSON.stringify([
    typeof m.content === "string" ? m.content : "",
    typeof title === "string" ? title : "",
  ]);
}

/** Whether a message found in the channel is the same post as `message` (Discord may omit empty fields). */
export function isSamePost(
  found: { content?: unknown; embeds?: unknown },
  message: OutgoingMessage,
): boolean {
  return markerOf(found) === markerOf(message);
}
