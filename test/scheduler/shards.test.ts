import { describe, expect, it } from "vitest";
import type { Store } from "../../src/db/client";
import { setChannel } from "../../src/guilds/config";
import { ensureGuild } from "../../src/guilds/settings";
import { shardPort } from "../../src/ops";
import { projectsDueForRecheck } from "../../src/projects/live-status";
import { logProject } from "../../src/projects/log";
import { dueDailyReminders } from "../../src/reminders/due";
import { setDailyReminder } from "../../src/reminders/settings";
import { shardOf } from "../../src/shards/shard";
import { useStore } from "../helpers/store";

const SETUP_AT = new Date("2026-11-20T00:00:00Z");
/** 24 guilds whose ids spread over shards (consecutive timestamps: (id >> 22) % n cycles). */
const GUILDS = Array.from({ length: 24 }, (_, i) => String(((300_000_000_000n + BigInt(i)) << 22n) | 7n));
const channelOf = (guildId: string) => String(BigInt(guildId) + 1n);

async function seed(store: Store): Promise<void> {
  for (const g of GUILDS) {
    await ensureGuild(store.db, g, SETUP_AT);
    await setChannel(store.db, g, "prompts", channelOf(g), SETUP_AT);
  }
}

describe("per-shard scheduling", () => {
  const store = useStore();

  it("daily reminders: each shard claims only its guilds' members", async () => {
    await seed(store());
    for (const g of GUILDS.slice(0, 6)) {
      await setDailyReminder(
        store().db,
        { guildId: g, userId: "870000000000000001", displayName: "m" },
        "08:00",
        new Date("2026-11-22T07:00:00Z"),
      );
    }
    const at = new Date("2026-11-22T08:00:30Z");
    const zero = await dueDailyReminders(store().db, at, { id: 0, count: 2 });
    const one = await dueDailyReminders(store().db, at, { id: 1, count: 2 });
    expect(zero.length).toBeGreaterThan(0);
    expect(one.length).toBeGreaterThan(0);
    expect(zero.every((r) => shardOf(r.guildId, 2) === 0)).toBe(true);
    expect(one.every((r) => shardOf(r.guildId, 2) === 1)).toBe(true);
    expect([...zero, ...one].map((r) => r.guildId).sort()).toEqual(GUILDS.slice(0, 6).sort());
  });

  it("project re-checks: each shard takes only its guilds' projects", async () => {
    const ids: number[] = [];
    for (const [i, guildId] of GUILDS.slice(0, 4).entries()) {
      const logged = await logProject(
        store().db,
        { guildId, userId: "870000000000000001", displayName: "m" },
        `p${i}`,
        { name: "app", url: `https://app${i}.example.com` },
        SETUP_AT,
      );
      ids.push(logged.entry.id);
    }
    const of = async (id: number) =>
      (await projectsDueForRecheck(store().db, SETUP_AT, 10, { id, count: 2 })).map((p) => p.id);
    expect(await of(0)).toEqual([ids[0], ids[2]]);
    expect(await of(1)).toEqual([ids[1], ids[3]]);
  });

  it("health port per shard: HTTP_PORT + shard id; 0 stays any free port; past 65535 is refused", async () => {
    expect(shardPort(9464, undefined)).toBe(9464);
    expect(shardPort(9464, { id: 0, count: 4 })).toBe(9464);
    expect(shardPort(9464, { id: 3, count: 4 })).toBe(9467);
    expect(shardPort(0, { id: 3, count: 4 })).toBe(0);
    expect(() => shardPort(65_535, { id: 1, count: 2 })).toThrow(/HTTP_PORT 65535 \+ shard 1 is past 65535/);
  });
});
