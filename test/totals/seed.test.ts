import { describe, expect, it } from "vitest";
import { openStore } from "../../src/db/client";
import { seedDatabase } from "../../src/seed/seed";
import { verifyDerived } from "../../src/totals/verify";

describe("seedDatabase", () => {
  it("builds a small database whose derived tables equal a recomputation", () => {
    const store = openStore(":memory:");
    const summary = seedDatabase(store, {
      guildId: "100000000000000001",
      members: 3,
      entries: 600,
      smallGuilds: 2,
      days: 120,
      now: new Date("2026-11-22T12:00:00Z"),
    });
    expect(summary.guilds).toBe(3);
    expect(summary.entries).toBe(600);
    const stored = store.sqlite.prepare("select count(*) as n from entries").get() as { n: number };
    expect(stored.n).toBe(summary.entries);
    const report = verifyDerived(store.sqlite);
    const totals = store.sqlite
      .prepare("select count(*) as n from member_totals where last_run > 0")
      .get() as {
      n: number;
    };
    store.close();
    expect(report.differences).toEqual([]);
    expect(totals.n).toBeGreaterThan(0);
  });
});
