/**
 * One posting queue at Discord's pace (issue 8, item 6). Discord allows a bot about
 * 50 requests a second in all; @discordjs/rest counts them in fixed one-second
 * windows and so sends each window's 50 at once, which a limiter measuring a sliding
 * second answers with 429s at every window edge. The pacer spreads starts evenly
 * (one every 1000/perSecond ms, on an absolute timeline so timer drift does not add
 * up), and a global 429 pushes every later start past its `retry_after`.
 */
import type { OutgoingMessage, Poster } from "./poster";

export interface PacerDeps {
  perSecond: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Pacer {
  /** resolves when the caller may start its request */
  take(): Promise<void>;
  /** nobody starts before `ms` from now (a global 429's retry_after); waiting callers keep their spacing */
  pause(ms: number): void;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createPacer(deps: PacerDeps): Pacer {
  const now = deps.now ?? (() => performance.now() + performance.timeOrigin);
  const sleep = deps.sleep ?? realSleep;
  const interval = 1000 / deps.perSecond;
  let next = Number.NEGATIVE_INFINITY;
  // Total pause so far: a caller waiting for its slot moves back by every pause made meanwhile,
  // so the queue keeps its spacing after a 429 instead of starting all at once.
  let shifted = 0;
  let horizon = Number.NEGATIVE_INFINITY;
  return {
    async take() {
      // Reserve the slot synchronously, so concurrent callers line up in call order.
      const slot = Math.max(now(), next);
      next = slot + interval;
      const shiftedBefore = shifted;
      let wait = slot - now();
      while (wait > 0) {
        await sleep(wait);
        wait = slot + (shifted - shiftedBefore) - now();
      }
    },
    pause(ms) {
      // Idempotent for one 429 seen by many requests: only a later horizon moves the queue.
      const t = now();
      const until = t + ms;
      if (until <= horizon) return;
      const delta = until - Math.max(horizon, t);
      horizon = until;
      shifted += delta;
      next = Math.max(next, t) + delta;
    },
  };
}

/** A poster whose every request waits for its slot in the pacer. */
export function pacedPoster(poster: Poster, pacer: Pacer): Poster {
  return {
    async post(channelId: string, message: OutgoingMessage, opts: { nonce: string }) {
      await pacer.take();
      return poster.post(channelId, message, opts);
    },
    async startThread(channelId: string, messageId: string, name: string) {
      await pacer.take();
      return poster.startThread(channelId, messageId, name);
    },
    async edit(channelId: string, messageId: string, message: OutgoingMessage) {
      await pacer.take();
      return poster.edit(channelId, messageId, message);
    },
    async findPosted(channelId: string, message: OutgoingMessage, since: Date) {
      await pacer.take();
      return poster.findPosted(channelId, message, since);
    },
  };
}
