import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock";
import { openStore, type Store } from "../../src/db/client";
import { setChannel } from "../../src/guilds/config";
import { ensureGuild } from "../../src/guilds/settings";
import { createLogger } from "../../src/log";
import { shardPort } from "../../src/ops";
import { projectsDueForRecheck } from "../../src/projects/live-status";
import { logProject } from "../../src/projects/log";
import { dueDailyReminders } from "../../src/reminders/due";
import { setDailyReminder } from "../../src/reminders/settings";
import { guildsToLook } from "../../src/scheduler/next-due";
import { createScheduler } from "../../src/scheduler/runner";
import { shardOf } from "../../src/shards/shard";
import { RecordingPoster } from "../helpers/poster";
import { lastJson, startScript } from "../helpers/processes";

const SETUP_AT = new Date("2026-11-20T00:00:00Z");
const PROMPT_AT = "2026-11-22T09:00:30Z";
/** 24 guilds whose ids spread over shards (consecutive timestamps: (id >> 22) % n cycles). */
const GUILDS = Array.from({ length: 24 }, (_, i) => String(((300_000_000_000n + BigInt(i)) << 22n) | 7n));
const channelOf = (guildId: string) => String(BigInt(guildId) + 1n);

function seed(store: Store): void {
  for (const g of GUILDS) {
    ensureGuild(store.db, g, SETUP_AT);
    setChannel(store.db, g, "prompts", channelOf(g), SETUP_AT);
  }
}

describe("per-shard scheduling", () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  const file = () => {
    const dir = mkdtempSync(join(tmpdir(), "shiplog-shards-"));
    dirs.push(dir);
    return { path: join(dir, "shared.db"), go: join(dir, "go") };
  };
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("each shard looks at and posts for its own guilds only, together all of them once", async () => {
    const { path } = file();
    const stores3 = [openStore(path), openStore(path), openStore(path)];
    stores.push(...stores3);
    seed(stores3[0] as Store);
    const now = new Date(PROMPT_AT);
    const looked = [0, 1, 2].map((id) => guildsToLook((stores3[0] as Store).db, now, { id, count: 3 }));
    for (const [id, ids] of looked.entries()) {
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.every((g) => shardOf(g, 3) === id)).toBe(true);
    }
    expect(looked.flat().sort()).toEqual([...GUILDS].sort());

    const clock = new ManualClock(PROMPT_AT);
    const posters = [0, 1, 2].map(() => new RecordingPoster());
    const reports = await Promise.all(
      [0, 1, 2].map((id) =>
        createScheduler({
          db: (stores3[id] as Store).db,
          clock,
          log: createLogger("error", () => {}),
          poster: posters[id] as RecordingPoster,
          shard: { id, count: 3 },
        }).tick(),
      ),
    );
    for (const [id, report] of reports.entries()) {
      expect(report.sent.every((key) => shardOf(key.split("|")[0] ?? "", 3) === id)).toBe(true);
    }
    expect(reports.flatMap((r) => r.sent).sort()).toEqual(GUILDS.map((g) => `${g}|prompt|2026-11-22`).sort());
    expect(posters.flatMap((p) => p.posts.map((x) => x.channelId)).sort()).toEqual(
      GUILDS.map(channelOf).sort(),
    );
  });

  it("daily reminders: each shard claims only its guilds' members", () => {
    const store = openStore(":memory:");
    stores.push(store);
    seed(store);
    for (const g of GUILDS.slice(0, 6)) {
      setDailyReminder(
        store.db,
        { guildId: g, userId: "870000000000000001", displayName: "m" },
        "08:00",
        new Date("2026-11-22T07:00:00Z"),
      );
    }
    const at = new Date("2026-11-22T08:00:30Z");
    const zero = dueDailyReminders(store.db, at, { id: 0, count: 2 });
    const one = dueDailyReminders(store.db, at, { id: 1, count: 2 });
    expect(zero.length).toBeGreaterThan(0);
    expect(one.length).toBeGreaterThan(0);
    expect(zero.every((r) => shardOf(r.guildId, 2) === 0)).toBe(true);
    expect(one.every((r) => shardOf(r.guildId, 2) === 1)).toBe(true);
    expect([...zero, ...one].map((r) => r.guildId).sort()).toEqual(GUILDS.slice(0, 6).sort());
  });

  it("project re-checks: each shard takes only its guilds' projects", () => {
    const store = openStore(":memory:");
    stores.push(store);
    const ids = GUILDS.slice(0, 4).map(
      (guildId, i) =>
        logProject(
          store.db,
          { guildId, userId: "870000000000000001", displayName: "m" },
          `p${i}`,
          { name: "app", url: `https://app${i}.example.com` },
          SETUP_AT,
        ).entry.id,
    );
    const of = (id: number) =>
      projectsDueForRecheck(store.db, SETUP_AT, 10, { id, count: 2 }).map((p) => p.id);
    expect(of(0)).toEqual([ids[0], ids[2]]);
    expect(of(1)).toEqual([ids[1], ids[3]]);
  });

  it("health port per shard: HTTP_PORT + shard id; 0 stays any free port; past 65535 is refused", () => {
    expect(shardPort(9464, undefined)).toBe(9464);
    expect(shardPort(9464, { id: 0, count: 4 })).toBe(9464);
    expect(shardPort(9464, { id: 3, count: 4 })).toBe(9467);
    expect(shardPort(0, { id: 3, count: 4 })).toBe(0);
    expect(() => shardPort(65_535, { id: 1, count: 2 })).toThrow(/HTTP_PORT 65535 \+ shard 1 is past 65535/);
  });

  it("four processes ticking at the same instant on one file (two racing unsharded, two shards): every post exactly once", async () => {
    const { path, go } = file();
    const store = openStore(path);
    stores.push(store);
    seed(store);
    const runners = ["", "", "0/2", "1/2"].map((shard) =>
      startScript("test/scheduler/race-runner.ts", [path, go, PROMPT_AT, shard]),
    );
    await Promise.all(runners.map((r) => r.opened));
    writeFileSync(go, "");
    const results = await Promise.all(runners.map((r) => r.done));
    const outcomes = results.map((r) => {
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      return lastJson<{ sent: string[]; channels: string[] }>(r.out);
    });
    const sent = outcomes.flatMap((o) => o.sent);
    expect(sent.sort()).toEqual(GUILDS.map((g) => `${g}|prompt|2026-11-22`).sort());
    expect(outcomes.flatMap((o) => o.channels).sort()).toEqual(GUILDS.map(channelOf).sort());
    // the shards never posted for a guild of the other shard
    expect(outcomes[2]?.sent.every((k) => shardOf(k.split("|")[0] ?? "", 2) === 0)).toBe(true);
    expect(outcomes[3]?.sent.every((k) => shardOf(k.split("|")[0] ?? "", 2) === 1)).toBe(true);
  });
});
