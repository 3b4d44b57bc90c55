import type { OutgoingMessage, Poster } from "../../src/scheduler/poster";
import { PostRejected } from "../../src/scheduler/poster";

/**
 * Stands in for Discord's REST edge in scheduler unit tests (the e2e tests use the
 * real discord.js client against the local stand-in). Records what was posted and
 * can refuse a channel or hold posts until released, to line up races.
 */
export class RecordingPoster implements Poster {
  readonly posts: Array<{ channelId: string; messageId: string; message: OutgoingMessage }> = [];
  readonly threads: Array<{ channelId: string; messageId: string; name: string }> = [];
  readonly edits: Array<{ channelId: string; messageId: string; message: OutgoingMessage }> = [];
  readonly refused = new Map<string, string>();
  #gate: Promise<void> | null = null;
  #open: (() => void) | null = null;
  #seq = 0;

  /** Hold every post until `release()`; resolves `entered` when the first post is waiting. */
  hold(): void {
    this.#gate = new Promise((r) => {
      this.#open = r;
    });
  }
  release(): void {
    this.#open?.();
    this.#gate = null;
  }

  async post(channelId: string, message: OutgoingMessage) {
    if (this.#gate) await this.#gate;
    const reason = this.refused.get(channelId);
    if (reason) throw new PostRejected(reason);
    const messageId = String(900_000_000_000_000_000n + BigInt(++this.#seq));
    this.posts.push({ channelId, messageId, message });
    return { messageId };
  }

  async edit(channelId: string, messageId: string, message: OutgoingMessage) {
    this.edits.push({ channelId, messageId, message });
  }

  async startThread(channelId: string, messageId: string, name: string) {
    this.threads.push({ channelId, messageId, name });
  }
}
