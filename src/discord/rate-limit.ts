/**
 * The per-member rate limit (SPEC §3.19): at most 5 commands, button presses or
 * form submissions in 10 seconds per member per guild. Autocomplete is not
 * counted: Discord sends it on every keystroke and it neither stores nor posts.
 *
 * A sliding window over the last accepted hits; refused hits are not recorded,
 * so a member who keeps pressing gets in again as soon as the window allows.
 * Memory is bounded: a key whose window has passed is dropped, and beyond
 * `maxKeys` members the least recently active are forgotten (which can only
 * let someone in early, never lock anyone out).
 */

export interface RateLimitOptions {
  limit?: number;
  windowMs?: number;
  maxKeys?: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export const RATE_LIMIT = 5;
export const RATE_WINDOW_MS = 10_000;

export interface RateLimiter {
  /** Records a hit for `key` at `now` if allowed; says how long to wait if not. */
  hit(key: string, now: Date): RateDecision;
  /** how many keys are remembered (for tests and metrics) */
  size(): number;
}

export function rateKey(guildId: string | null, userId: string): string {
  return `${guildId ?? "dm"}:${userId}`;
}

export function createRateLimiter(options: RateLimitOptions = {}): RateLimiter {
  const limit = options.limit ?? RATE_LIMIT;
  const windowMs = options.windowMs ?? RATE_WINDOW_MS;
  const maxKeys = options.maxKeys ?? 50_000;
  // Insertion order is last-activity order: a hit moves its key to the end.
  const hits = new Map<string, number[]>();

  function evict(now: number): void {
    for (const [key, times] of hits) {
      const newest = times.at(-1) ?? Number.NEGATIVE_INFINITY;
      if (newest > now - windowMs && hits.size <= maxKeys) break;
      hits.delete(key);
    }
  }

  return {
    hit(key, at) {
      const now = at.getTime();
      const recent = (hits.get(key) ?? []).filter((t) => t > now - windowMs);
      hits.delete(key);
      if (recent.length >= limit) {
        hits.set(key, recent);
        const oldest = recent[0] ?? now;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
      }
      recent.push(now);
      hits.set(key, recent);
      evict(now);
      return { ok: true };
    },
    size: () => hits.size,
  };
}

/** The ephemeral answer to a refused hit. */
export function slowDownMessage(retryAfterSeconds: number): string {
  return `Slow down — you can use at most ${RATE_LIMIT} commands, buttons or forms in ${RATE_WINDOW_MS / 1000} seconds. Try again in ${retryAfterSeconds} s.`;
}
