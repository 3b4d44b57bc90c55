import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRateLimiter, rateKey, slowDownMessage } from "../../src/discord/rate-limit";

const at = (ms: number) => new Date(Date.UTC(2026, 0, 5) + ms);

describe("createRateLimiter", () => {
  it("allows 5 in 10 seconds and refuses the 6th, saying when to retry", () => {
    const limiter = createRateLimiter();
    const key = rateKey("g1", "ada");
    for (let i = 0; i < 5; i++) expect(limiter.hit(key, at(i * 100))).toEqual({ ok: true });
    expect(limiter.hit(key, at(500))).toEqual({ ok: false, retryAfterSeconds: 10 });
    expect(limiter.hit(key, at(9_000))).toEqual({ ok: false, retryAfterSeconds: 1 });
    // The first hit leaves the window at exactly 10 s.
    expect(limiter.hit(key, at(10_000))).toEqual({ ok: true });
    expect(limiter.hit(key, at(10_050))).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it("counts each member in each guild apart", () => {
    const limiter = createRateLimiter();
    for (let i = 0; i < 5; i++) limiter.hit(rateKey("g1", "ada"), at(0));
    expect(limiter.hit(rateKey("g1", "ada"), at(1)).ok).toBe(false);
    expect(limiter.hit(rateKey("g2", "ada"), at(1)).ok).toBe(true);
    expect(limiter.hit(rateKey("g1", "bert"), at(1)).ok).toBe(true);
  });

  it("does not count refused hits, so pressing on does not extend the wait", () => {
    const limiter = createRateLimiter();
    for (let i = 0; i < 5; i++) limiter.hit("k", at(0));
    for (let t = 1; t < 10_000; t += 500) expect(limiter.hit("k", at(t)).ok).toBe(false);
    expect(limiter.hit("k", at(10_000)).ok).toBe(true);
  });

  it("forgets members whose window has passed", () => {
    const limiter = createRateLimiter();
    for (let i = 0; i < 1000; i++) limiter.hit(`member-${i}`, at(i));
    expect(limiter.size()).toBe(1000);
    limiter.hit("late", at(60_000));
    expect(limiter.size()).toBe(1);
  });

  it("keeps at most maxKeys members however many are active", () => {
    const limiter = createRateLimiter({ maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) limiter.hit(`member-${i}`, at(0));
    expect(limiter.size()).toBe(100);
  });

  it("never serves more than 5 in any 10-second window (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 200 }), (gaps) => {
        const limiter = createRateLimiter();
        const served: number[] = [];
        let t = 0;
        for (const gap of gaps) {
          t += gap;
          const decision = limiter.hit("k", at(t));
          if (decision.ok) served.push(t);
          else expect(decision.retryAfterSeconds).toBeGreaterThanOrEqual(1);
        }
        for (let i = 5; i < served.length; i++) {
          expect((served[i] ?? 0) - (served[i - 5] ?? 0)).toBeGreaterThanOrEqual(10_000);
        }
      }),
    );
  });

  it("says how long to wait", () => {
    expect(slowDownMessage(7)).toMatch(/^Slow down — .*Try again in 7 s\.$/);
  });
});
