/**
 * Exactly-once claims under races, on either engine (issue 9, issue 12): several stores, each
 * with its own connection, on ONE database (test/helpers/shared-db.ts) — several `openStore` on
 * one SQLite file, or several pools on one PostgreSQL schema — claim the same scheduled posts and
 * reminders at the same instant, as duplicate processes, restarts and shards do. The claims'
 * unique keys (posts_key_idx, reminder_sends_key_idx) are what makes each exclusive.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock";
import type { Db } from "../../src/db/client";
import { posts } from "../../src/db/tables";
import { setChannel } from "../../src/guilds/config";
import { ensureGuild } from "../../src/guilds/settings";
import { createLogger } from "../../src/log";
import { dueDailyReminders } from "../../src/reminders/due";
import { setDailyReminder } from "../../src/reminders/settings";
import { guildsToLook } from "../../src/scheduler/next-due";
import { createScheduler } from "../../src/scheduler/runner";
import { shardOf } from "../../src/shards/shard";
import { RecordingPoster } from "../helpers/poster";
import { lastJson, startScript } from "../helpers/processes";
import { useSharedDatabase } from "../helpers/shared-db";
import { GUILD } from "../helpers/store";

const SETUP_AT = new Date("2026-11-20T00:00:00Z");
const PROMPT_AT = "2026-11-22T09:00:30Z";
const PROMPTS = "400000000000000001";
const CHECKINS = "400000000000000002";
/** 24 guilds whose ids spread over shards (consecutive timestamps: (id >> 22) % n cycles). */
const GUILDS = Array.from({ length: 24 }, (_, i) => String(((300_000_000_000n + BigInt(i)) << 22n) | 7n));
const channelOf = (guildId: string) => String(BigInt(guildId) + 1n);
const promptKeys = (guildIds: string[]) => guildIds.map((g) => `${g}|prompt|2026-11-22`).sort();
const quiet = createLogger("error", () => {});

async function seed(db: Db, guildIds = GUILDS): Promise<void> {
  for (const g of guildIds) {
    await ensureGuild(db, g, SETUP_AT);
    await setChannel(db, g, "prompts", channelOf(g), SETUP_AT);
  }
}

describe("claims raced by several connections on one database", () => {
  const shared = useSharedDatabase();
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("four runners ticking at once post each due post exactly once", async () => {
    const { stores } = await shared(4);
    const db0 = stores[0]?.db as Db;
    await ensureGuild(db0, GUILD, SETUP_AT);
    await setChannel(db0, GUILD, "prompts", PROMPTS, SETUP_AT);
    await setChannel(db0, GUILD, "checkins", CHECKINS, SETUP_AT);
    await seed(db0);
    // Monday 10:00:30: the guild's prompt (since 09:00) and check-in are due, and every GUILDS prompt
    const clock = new ManualClock("2026-11-23T10:00:30Z");
    const poster = new RecordingPoster();
    poster.hold();
    const ticks = Promise.all(
      stores.map((s) => createScheduler({ db: s.db, clock, poster, log: quiet }).tick()),
    );
    poster.release();
    const reports = await ticks;
    const expected = [
      `${GUILD}|checkin|2026-W48`,
      `${GUILD}|prompt|2026-11-23`,
      ...GUILDS.map((g) => `${g}|prompt|2026-11-23`),
    ].sort();
    expect(reports.flatMap((r) => r.sent).sort()).toEqual(expected);
    expect(poster.posts).toHaveLength(expected.length);
    expect(poster.posts.map((p) => p.channelId).sort()).toEqual(
      [PROMPTS, CHECKINS, ...GUILDS.map(channelOf)].sort(),
    );
    const rows = await db0.select().from(posts);
    expect(rows).toHaveLength(expected.length);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
  });

  it("two runners settle an uncertain post once", async () => {
    const { stores } = await shared(2);
    const [a, b] = stores.map((s) => s.db) as [Db, Db];
    await ensureGuild(a, GUILD, SETUP_AT);
    await setChannel(a, GUILD, "prompts", PROMPTS, SETUP_AT);
    const clock = new ManualClock("2026-11-22T09:00:00Z");
    const poster = new RecordingPoster(() => clock.now());
    poster.failUncertain(1);
    const first = await createScheduler({ db: a, clock, poster, log: quiet }).tick();
    expect(first.uncertain).toEqual([`${GUILD}|prompt|2026-11-22`]);
    clock.advance(60_000);
    poster.hold();
    const ticks = Promise.all([a, b].map((db) => createScheduler({ db, clock, poster, log: quiet }).tick()));
    poster.release();
    const [ra, rb] = await ticks;
    expect([...(ra?.sent ?? []), ...(rb?.sent ?? [])]).toEqual([`${GUILD}|prompt|2026-11-22`]);
    expect(poster.attempts).toHaveLength(2);
    expect(poster.posts).toHaveLength(1);
  });

  it("three shards, each on its own connection, post their own guilds' prompts: together all once", async () => {
    const { stores } = await shared(3);
    await seed(stores[0]?.db as Db);
    const looked = await Promise.all(
      [0, 1, 2].map((id) => guildsToLook(stores[id]?.db as Db, new Date(PROMPT_AT), { id, count: 3 })),
    );
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
          db: stores[id]?.db as Db,
          clock,
          log: quiet,
          poster: posters[id] as RecordingPoster,
          shard: { id, count: 3 },
        }).tick(),
      ),
    );
    for (const [id, report] of reports.entries()) {
      expect(report.sent.length).toBeGreaterThan(0);
      expect(report.sent.every((key) => shardOf(key.split("|")[0] ?? "", 3) === id)).toBe(true);
    }
    expect(reports.flatMap((r) => r.sent).sort()).toEqual(promptKeys(GUILDS));
    expect(posters.flatMap((p) => p.posts.map((x) => x.channelId)).sort()).toEqual(
      GUILDS.map(channelOf).sort(),
    );
  });

  it("daily reminders: two stores per shard claim at once, each member's reminder once, in its shard", async () => {
    const { stores } = await shared(4);
    const db0 = stores[0]?.db as Db;
    const members = GUILDS.slice(0, 8);
    await seed(db0, members);
    for (const g of members) {
      for (const userId of ["870000000000000001", "870000000000000002"]) {
        await setDailyReminder(
          db0,
          { guildId: g, userId, displayName: "m" },
          "08:00",
          new Date("2026-11-22T07:00:00Z"),
        );
      }
    }
    const at = new Date("2026-11-22T08:00:30Z");
    const shards = [0, 1, 0, 1];
    const claimed = await Promise.all(
      stores.map((s, i) => dueDailyReminders(s.db, at, { id: shards[i] ?? 0, count: 2 })),
    );
    for (const [i, due] of claimed.entries()) {
      expect(due.every((r) => shardOf(r.guildId, 2) === shards[i])).toBe(true);
    }
    const all = claimed.flat().map((r) => `${r.guildId}|${r.userId}|${r.period}`);
    expect(all.sort()).toEqual(
      members
        .flatMap((g) => [`${g}|870000000000000001|2026-11-22`, `${g}|870000000000000002|2026-11-22`])
        .sort(),
    );
    expect(new Set(claimed.flat().map((r) => r.sendId)).size).toBe(all.length);
  });

  it("four processes ticking at the same instant on one database (two racing unsharded, two shards): every post exactly once", async () => {
    const { stores, target } = await shared(1);
    await seed(stores[0]?.db as Db);
    const dir = mkdtempSync(join(tmpdir(), "shiplog-race-"));
    dirs.push(dir);
    const go = join(dir, "go");
    const runners = ["", "", "0/2", "1/2"].map((shard) =>
      startScript("test/scheduler/race-runner.ts", [target, go, PROMPT_AT, shard]),
    );
    await Promise.all(runners.map((r) => r.opened));
    writeFileSync(go, "");
    const results = await Promise.all(runners.map((r) => r.done));
    const outcomes = results.map((r) => {
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      return lastJson<{ sent: string[]; channels: string[] }>(r.out);
    });
    expect(outcomes.flatMap((o) => o.sent).sort()).toEqual(promptKeys(GUILDS));
    expect(outcomes.flatMap((o) => o.channels).sort()).toEqual(GUILDS.map(channelOf).sort());
    // the shards never posted for a guild of the other shard
    expect(outcomes[2]?.sent.every((k) => shardOf(k.split("|")[0] ?? "", 2) === 0)).toBe(true);
    expect(outcomes[3]?.sent.every((k) => shardOf(k.split("|")[0] ?? "", 2) === 1)).toBe(true);
  }, 60_000); // four tsx start-ups plus migrations on a busy 2-core box
});
