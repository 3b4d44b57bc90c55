import { describe, expect, it } from "vitest";
import { createPacer } from "../../src/scheduler/pace";

/** Virtual time: sleeps are timers on a timeline the test runs, so nothing waits for real. */
class Timeline {
  t = 0;
  private timers: Array<{ at: number; resolve: () => void }> = [];
  now = () => this.t;
  sleep = (ms: number) => new Promise<void>((resolve) => this.timers.push({ at: this.t + ms, resolve }));
  async run(until: () => boolean): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (until()) return;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift();
      if (!next) throw new Error("nothing left to run");
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
  }
}

const maxInAnySecond = (starts: number[]) =>
  Math.max(...starts.map((s) => starts.filter((x) => x >= s && x < s + 1000).length));

describe("the posting pacer (issue 8, item 6)", () => {
  it("starts requests evenly at 50 a second, in call order, never 51 in any second", async () => {
    const time = new Timeline();
    const pacer = createPacer({ perSecond: 50, now: time.now, sleep: time.sleep });
    const starts: Array<[number, number]> = [];
    for (let i = 0; i < 200; i++) void pacer.take().then(() => starts.push([i, time.t]));
    await time.run(() => starts.length === 200);
    expect(starts.map(([i]) => i)).toEqual([...Array(200).keys()]);
    expect(starts.map(([, t]) => t)).toEqual(Array.from({ length: 200 }, (_, i) => i * 20));
    expect(maxInAnySecond(starts.map(([, t]) => t))).toBe(50);
  });

  it("a pause for retry_after moves every waiting request back and keeps the spacing", async () => {
    const time = new Timeline();
    const pacer = createPacer({ perSecond: 50, now: time.now, sleep: time.sleep });
    const starts: number[] = [];
    for (let i = 0; i < 10; i++) void pacer.take().then(() => starts.push(time.t));
    await time.run(() => starts.length === 3); // 0, 20, 40 went out
    pacer.pause(1000);
    pacer.pause(1000); // the same 429 seen by a second request
    await time.run(() => starts.length === 10);
    expect(starts).toEqual([0, 20, 40, 1060, 1080, 1100, 1120, 1140, 1160, 1180]);
  });

  it("does not hold anyone when requests come slower than the pace", async () => {
    const time = new Timeline();
    const pacer = createPacer({ perSecond: 50, now: time.now, sleep: time.sleep });
    await pacer.take();
    time.t = 500;
    await pacer.take();
    expect(time.t).toBe(500);
  });
});
