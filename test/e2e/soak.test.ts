import { describe, expect, it } from "vitest";
import { runSoak } from "../../bench/soak";

describe("durability under kill -9 (one short round of `npm run soak`)", () => {
  it("keeps every acknowledged /log hours entry, exactly once", async () => {
    const report = await runSoak({ rounds: 1, workers: 3, minAcks: 8, maxAcks: 8, seed: 1 });
    expect(report.refused).toEqual([]);
    expect(report.acknowledged).toBeGreaterThanOrEqual(8);
    expect(report.lost).toEqual([]);
    expect(report.duplicates).toBe(0);
  }, 60_000);
});
