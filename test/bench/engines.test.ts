/**
 * `npm run bench:engines` (bench/engines/): the SQL it times answers the
 * question the bot answers, and on a tiny seed (200 members, 2,000 entries) the
 * whole run goes through end to end with SQLite and PostgreSQL giving the same
 * answers for the same callers — boards, profile reads, the check-in summary and
 * the write path — and a PostgreSQL that differs is caught. The PostgreSQL half
 * runs only with TEST_DATABASE_URL (test/helpers/pg.ts says why when it does not).
 * The bot's own functions in that run: test/bench/engines-bot.test.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pgEngine, sqliteEngine, toSqlite } from "../../bench/engines/engine";
import { callersFrom } from "../../bench/engines/measure";
import { board, logHours } from "../../bench/engines/queries";
import { compareAnswers, readOperations, runEngines } from "../../bench/engines/run";
import { openStore, type Store } from "../../src/db/client";
import { copySqliteToPg } from "../../src/db/pg/copy";
import { leaderboard, METRICS } from "../../src/leaderboards/leaderboard";
import { currentPeriod, PERIOD_NAMES } from "../../src/leaderboards/periods";
import { seedDatabase } from "../../src/seed/seed";
import { createPgSchema, describePg, TEST_DATABASE_URL } from "../helpers/pg";

const G = "100000000000000001";
const NOW = new Date("2026-11-22T12:00:00Z");
const scene = { guildId: G, now: NOW };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tempPath = () => {
  const dir = mkdtempSync(join(tmpdir(), "shiplog-engines-"));
  dirs.push(dir);
  return join(dir, "shiplog.db");
};

function tinySeed(): { store: Store; ids: string[] } {
  const store = openStore(tempPath());
  seedDatabase(store, { guildId: G, members: 200, entries: 2000, smallGuilds: 2, now: NOW, seed: 5 });
  const ids = store.sqlite
    .prepare("select user_id from members where guild_id = ? order by user_id")
    .pluck()
    .all(G) as string[];
  return { store, ids };
}

describe("bench:engines on SQLite", () => {
  it("rewrites $n placeholders for SQLite, repeats and order included", () => {
    expect(toSqlite("select $2, $1 where a = $2 or b = $10")).toEqual({
      text: "select ?, ? where a = ? or b = ?",
      order: [1, 0, 1, 9],
    });
    expect(toSqlite("select 1")).toEqual({ text: "select 1", order: [] });
  });

  it("each board floor gives the bot's scores, ranks and participant counts", async () => {
    const { store, ids } = tinySeed();
    const sqlite = sqliteEngine(store.sqlite);
    let ranked = 0;
    for (const period of PERIOD_NAMES) {
      const p = await currentPeriod(store.db, G, period, NOW);
      for (const metric of METRICS) {
        const floor = board(scene, period, metric);
        for (const caller of callersFrom(ids, 30)) {
          const bot = await leaderboard(store.db, {
            guildId: G,
            metric,
            period: p,
            now: NOW,
            callerId: caller,
          });
          const mine = await floor(sqlite, caller);
          const where = `${period} ${metric} ${caller}`;
          // names break ties in the bot, user ids in the floor: the scores and counts are the same
          expect(
            mine.top.map(([, score]) => score),
            where,
          ).toEqual(bot.top.map((s) => s.score));
          expect(mine.participants, where).toBe(bot.participants);
          if (bot.caller) {
            expect([mine.score, mine.rank], where).toEqual([bot.caller.score, bot.caller.rank]);
            ranked += 1;
          }
        }
      }
    }
    expect(ranked).toBeGreaterThan(50);
    store.close();
  });

  it("the write path commits an entry and the triggers count it; a repeated interaction is refused", async () => {
    const { store, ids } = tinySeed();
    const sqlite = sqliteEngine(store.sqlite);
    const write = logHours(scene);
    const member = ids[7] as string;
    const before = await board(scene, "week", "hours")(sqlite, member);
    const first = await write(sqlite, member, "t-1");
    expect((await board(scene, "week", "hours")(sqlite, member)).score).toBe(before.score + 15);
    expect(first.minutes).toBeGreaterThanOrEqual(15);
    await expect(write(sqlite, member, "t-1")).rejects.toThrow("t-1 was already logged");
    // the refused call rolled back: nothing counted twice, the connection is out of the transaction
    expect((await board(scene, "week", "hours")(sqlite, member)).score).toBe(before.score + 15);
    expect(store.sqlite.inTransaction).toBe(false);
    store.close();
  });
});

describePg("bench:engines on SQLite and PostgreSQL", () => {
  it("runs end to end on a tiny seed with equal answers on both engines, and drops its schema", async () => {
    const lines: string[] = [];
    const result = await runEngines({
      database: tempPath(),
      reuse: false,
      guildId: G,
      members: 200,
      entries: 2000,
      smallGuilds: 4,
      now: NOW,
      pgUrl: TEST_DATABASE_URL as string,
      runs: 5,
      writes: 12,
      clients: [1, 4],
      check: 20,
      print: (line) => lines.push(line),
    });
    expect(result.mismatches).toEqual([]);
    // the floor's reads and writes, and the bot's own leaderboard answers (12 boards) from a child per engine
    expect(result.compared).toBe(16 * 20 + 12 + 12 * 20);
    expect(result.domain.map((r) => r.label)).toEqual([
      ...PERIOD_NAMES.flatMap((p) => METRICS.map((m) => `bot: leaderboard ${p} × ${m}`)),
      "bot: memberProfile",
      "bot: weeklyCheckinPost, big guild",
      "bot: weeklyLeaderboardPost, big guild",
      "bot: logHours (committed)",
    ]);
    for (const row of result.domain) {
      expect([row.sqlite?.calls, row.pg?.calls], row.label).toEqual(
        row.label.includes("logHours") ? [12, 12] : row.label.includes("weekly") ? [10, 10] : [5, 5],
      );
      if (!row.label.includes("weeklyLeaderboardPost"))
        expect(row.floor?.pg?.calls, row.label).toBeGreaterThan(0);
    }
    expect(result.rows.map((r) => r.label)).toEqual([
      ...readOperations(scene, 5).map((o) => o.label),
      "/log hours write path, 1 writer",
      "write throughput, 1 client",
      "write throughput, 4 clients",
      "write throughput, 4 clients, a guild each",
    ]);
    for (const row of result.rows) {
      expect(row.pg?.calls, row.label).toBeGreaterThan(0);
      if (!row.label.startsWith("write throughput, 4"))
        expect(row.sqlite?.calls, row.label).toBeGreaterThan(0);
    }
    expect(result.rows.at(-2)?.pg?.calls).toBe(12);
    expect(result.settings.postgresql).toMatch(/synchronous_commit=on/);
    expect(result.settings.sqlite).toMatch(/synchronous=FULL/);
    const schema = lines
      .find((l) => l.startsWith("copying into schema"))
      ?.split(" ")[3]
      ?.replace(":", "");
    expect(schema).toMatch(/^bench_engines_/);
    const admin = await createPgSchema({ migrate: false });
    try {
      const left = await admin.pool.query("select 1 from pg_namespace where nspname = $1", [schema]);
      expect(left.rowCount).toBe(0);
    } finally {
      await admin.drop();
    }
  });

  it("finds a PostgreSQL whose derived tables disagree with SQLite's", async () => {
    const { store, ids } = tinySeed();
    const target = await createPgSchema({ migrate: false });
    const client = await target.pool.connect();
    try {
      await copySqliteToPg(store.sqlite, client);
      const ops = readOperations(scene, 5);
      const callers = callersFrom(ids, 10);
      expect(await compareAnswers(ops, sqliteEngine(store.sqlite), pgEngine(client), callers)).toEqual([]);
      // the week's leader on PostgreSQL only: 15 minutes more than the entries say
      const changed = await client.query(
        `update member_weeks set minutes = minutes + 15 where guild_id = $1 and week_start = '2026-11-16'
         and user_id = (select user_id from member_weeks where guild_id = $1 and week_start = '2026-11-16' order by minutes desc, user_id limit 1)`,
        [G],
      );
      expect(changed.rowCount).toBe(1);
      const differ = await compareAnswers(ops, sqliteEngine(store.sqlite), pgEngine(client), callers);
      // every caller sees a different top 10 on that board; nothing else reads that row but the leader's profile
      expect(differ.filter((m) => m.label === "board week × hours").map((m) => m.caller)).toEqual(callers);
      expect(differ.every((m) => m.label === "board week × hours" || m.label === "profile reads")).toBe(true);
      // the closed week's guild totals on PostgreSQL only: the check-in summary differs
      const week = await client.query(
        "update guild_weeks set minutes = minutes + 15 where guild_id = $1 and week_start = '2026-11-09'",
        [G],
      );
      expect(week.rowCount).toBe(1);
      const after = await compareAnswers(ops, sqliteEngine(store.sqlite), pgEngine(client), callers);
      expect(after.filter((m) => m.label === "weekly check-in summary read")).toHaveLength(callers.length);
    } finally {
      client.release();
      await target.drop();
      store.close();
    }
  });
});
