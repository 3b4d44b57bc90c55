import type { OutgoingMessage, Poster } from "../../src/scheduler/poster";
import { isSamePost, PostRejected, PostUncertain } from "../../src/scheduler/poster";

/** Discord's nonce window as the fake plays it: longer than the bot's own assumption (2 minutes). */
const DISCORD_NONCE_WINDOW_MS = 5 * 60_000;

interface Posted {
  channelId: string;
  messageId: string;
  message: OutgoingMessage;
  nonce: string;
  at: number;
}

/**
 * Stands in for Discord's REST edge in scheduler unit tests (the e2e tests use the
 * real discord.js client against the local stand-in). Records what was posted and
 * can refuse a channel or hold posts until released, to line up races. Like Discord,
 * a nonce seen within its window returns the first message; `loseAnswers` makes the
 * next posts go out while their answer is lost, `failUncertain` fails before sending.
 */
export class RecordingPoster implements Poster {
  readonly posts: Posted[] = [];
  readonly threads: Array<{ channelId: string; messageId: string; name: string }> = [];
  readonly edits: Array<{ channelId: string; messageId: string; message: OutgoingMessage }> = [];
  readonly refused = new Map<string, string>();
  /** every post() call, deduplicated or not */
  readonly attempts: Array<{ channelId: string; nonce: string }> = [];
  readonly lookups: Array<{ channelId: string; since: Date }> = [];
  lostAnswers = 0;
  uncertainFailures = 0;
  lookupError: Error | null = null;
  #gate: Promise<void> | null = null;
  #open: (() => void) | null = null;
  #seq = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

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
  /** the next `n` posts are created, but their answer is lost (connection dropped after processing) */
  loseAnswers(n = 1): void {
    this.lostAnswers += n;
  }
  /** the next `n` posts fail with an uncertain outcome before Discord processed them */
  failUncertain(n = 1): void {
    this.uncertainFailures += n;
  }

  async post(channelId: string, message: OutgoingMessage, { nonce }: { nonce: string }) {
    if (this.#gate) await this.#gate;
    this.attempts.push({ channelId, nonce });
    if (this.uncertainFailures > 0) {
      this.uncertainFailures -= 1;
      throw new PostUncertain(`no answer for the post in <#${channelId}>; it may have gone out`);
    }
    const reason = this.refused.get(channelId);
    if (reason) throw new PostRejected(reason);
    const at = this.now().getTime();
    let posted = this.posts.find(
      (p) => p.channelId === channelId && p.nonce === nonce && at - p.at < DISCORD_NONCE_WINDOW_MS,
    );
    if (!posted) {
      posted = {
        channelId,
        messageId: String(900_000_000_000_000_000n + BigInt(++this.#seq)),
        message,
        nonce,
        at,
      };
      this.posts.push(posted);
    }
    if (this.lostAnswers > 0) {
      this.lostAnswers -= 1;
      throw new PostUncertain(`no answer for the post in <#${channelId}>; it may have gone out`);
    }
    return { messageId: posted.messageId };
  }

  async edit(channelId: string, messageId: string, message: OutgoingMessage) {
    this.edits.push({ channelId, messageId, message });
  }

  async startThread(channelId: string, messageId: string, name: string) {
    this.threads.push({ channelId, messageId, name });
  }

  async findPosted(channelId: string, message: OutgoingMessage, since: Date) {
    this.lookups.push({ channelId, since });
    if (this.lookupError) throw this.lookupError;
    const hit = this.posts.find(
      (p) => p.channelId === channelId && p.at >= since.getTime() - 60_000 && isSamePost(p.message, message),
    );
    return hit ? { messageId: hit.messageId } : null;
  }
}
