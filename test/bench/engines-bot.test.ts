/**
 * The bot's-functions section of `npm run bench:engines` (bench/engines/bot.ts,
 * bench/engines/domain.ts): a child process on one engine runs the bot's own
 * `leaderboard`, `memberProfile`, `logHours` and weekly posts, sends back the
 * leaderboard answers the bot gives in-process and commits its writes; bad
 * arguments fail the child loudly; answers that differ (or are missing) between
 * the engines are caught. The PostgreSQL half (a child on a copied schema, and a
 * tampered copy caught) runs only with TEST_DATABASE_URL.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  compareDomain,
  type DomainResult,
  type DomainTarget,
  domainRows,
  runDomainChild,
} from "../../bench/engines/bot";
import { callersFrom } from "../../bench/engines/measure";
import { openStore } from "../../src/db/client";
import { copySqliteToPg } from "../../src/db/pg/copy";
import { leaderboard, METRICS } from "../../src/leaderboards/leaderboard";
import { currentPeriod, PERIOD_NAMES } from "../../src/leaderboards/periods";
import { seedDatabase } from "../../src/seed/seed";
import { createPgSchema, describePg } from "../helpers/pg";

const G = "100000000000000001";
const NOW = new Date("2026-11-22T12:00:00Z");
const options = { guildId: G, now: NOW, runs: 3, writes: 4, check: 3, stamp: "t-bot" };
const LABELS = [
  ...PERIOD_NAMES.flatMap((p) => METRICS.map((m) => `bot: leaderboard ${p} × ${m}`)),
  "bot: memberProfile",
  "bot: weeklyCheckinPost, big guild",
  "bot: weeklyLeaderboardPost, big guild",
  "bot: logHours (committed)",
];
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function seeded(): string {
  const dir = mkdtempSync(join(tmpdir(), "shiplog-engines-bot-"));
  dirs.push(dir);
  const path = join(dir, "shiplog.db");
  const store = openStore(path);
  seedDatabase(store, { guildId: G, members: 200, entries: 2000, smallGuilds: 2, now: NOW, seed: 5 });
  store.close();
  return path;
}

/** The leaderboard answers the bot gives in this (SQLite) process, as the child should send them. */
async function expectedAnswers(path: string): Promise<DomainResult["answers"]> {
  const store = openStore(path);
  try {
    const ids = (
      store.sqlite.prepare("select user_id from members where guild_id = ?").pluck().all(G) as string[]
    ).sort();
    const callers = callersFrom(ids, 4096).slice(0, options.check);
    const out: DomainResult["answers"] = [];
    for (const period of PERIOD_NAMES) {
      const p = await currentPeriod(store.db, G, period, NOW);
      for (const metric of METRICS)
        for (const caller of callers) {
          const answer = await leaderboard(store.db, {
            guildId: G,
            metric,
            period: p,
            now: NOW,
            callerId: caller,
          });
          out.push({
            label: `bot: leaderboard ${period} × ${metric}`,
            caller,
            answer: JSON.stringify(answer),
          });
        }
    }
    return out;
  } finally {
    store.close();
  }
}

const hoursEntries = (path: string) => {
  const store = openStore(path);
  try {
    return store.sqlite.prepare("select count(*) from entries where type = 'hours'").pluck().get() as number;
  } finally {
    store.close();
  }
};

describe("bench:engines, the bot's own functions on SQLite", () => {
  it("a child process times every function, answers as the bot does in-process, and commits its logs", async () => {
    const path = seeded();
    const expected = await expectedAnswers(path);
    const before = hoursEntries(path);
    const lines: string[] = [];
    const result = await runDomainChild({ engine: "sqlite", database: path }, options, (l) => lines.push(l));
    expect(result.timings.map((t) => t.label)).toEqual(LABELS);
    for (const t of result.timings)
      expect(t.timing.calls, t.label).toBe(
        t.label.includes("logHours") ? 4 : t.label.includes("weekly") ? 10 : 3,
      );
    expect(result.answers).toEqual(expected);
    expect(hoursEntries(path)).toBe(before + 4);
    expect(lines.some((l) => l.startsWith("  [sqlite] bot: logHours"))).toBe(true);
  });

  it("a child given a bad engine or no database fails, and says why", async () => {
    await expect(
      runDomainChild({ engine: "sqlite", database: "" }, { ...options, guildId: "" }, () => {}),
    ).rejects.toThrow("domain bench on sqlite failed");
    const lines: string[] = [];
    await expect(
      runDomainChild(
        { engine: "nope", url: "postgres://127.0.0.1:1/none", schema: "none" } as unknown as DomainTarget,
        options,
        (l) => lines.push(l),
      ),
    ).rejects.toThrow("failed");
    expect(lines.join("\n")).toMatch(/--engine must be sqlite or pg|--database is required/);
  });

  it("answers that differ or are missing on one engine are caught; equal ones are not", () => {
    const timing = { p50: 1, p99: 2, perSecond: 1, calls: 1 };
    const a: DomainResult = {
      timings: [{ label: "bot: leaderboard week × hours", floor: "board week × hours", timing, load: "1" }],
      answers: [
        { label: "bot: leaderboard week × hours", caller: "1", answer: '{"participants":3}' },
        { label: "bot: leaderboard week × hours", caller: "2", answer: '{"participants":3}' },
      ],
    };
    expect(compareDomain(a, a)).toEqual([]);
    const b: DomainResult = {
      ...a,
      answers: [
        { label: "bot: leaderboard week × hours", caller: "1", answer: '{"participants":4}' },
        { label: "bot: leaderboard week × hours", caller: "3", answer: '{"participants":3}' },
      ],
    };
    expect(compareDomain(a, b).map((m) => [m.caller, m.sqlite, m.pg])).toEqual([
      ["1", '{"participants":3}', '{"participants":4}'],
      ["2", '{"participants":3}', "(missing)"],
      ["3", "(missing)", '{"participants":3}'],
    ]);
    // each bot row sits beside its floor row
    const rows = domainRows(a, a, [{ label: "board week × hours", load: "1", sqlite: timing }]);
    expect(rows[0]?.floor?.label).toBe("board week × hours");
  });
});

describePg("bench:engines, the bot's own functions on PostgreSQL", () => {
  it("a child on a copied schema gives the SQLite child's answers, and a tampered copy is caught", async () => {
    const path = seeded();
    const target = await createPgSchema({ migrate: false });
    try {
      const client = await target.pool.connect();
      try {
        const store = openStore(path);
        try {
          await copySqliteToPg(store.sqlite, client);
        } finally {
          store.close();
        }
      } finally {
        client.release();
      }
      const pgTarget = {
        engine: "pg" as const,
        url: process.env.TEST_DATABASE_URL as string,
        schema: target.schema,
      };
      const onSqlite = await runDomainChild({ engine: "sqlite", database: path }, options, () => {});
      const onPg = await runDomainChild(pgTarget, options, () => {});
      expect(onPg.timings.map((t) => t.label)).toEqual(LABELS);
      expect(onPg.answers).toHaveLength(12 * options.check);
      expect(compareDomain(onSqlite, onPg)).toEqual([]);
      // both committed the same logs: this week's leader on PostgreSQL only gets 15 minutes more
      const changed = await target.pool.query(
        `update member_weeks set minutes = minutes + 15 where guild_id = $1 and week_start = '2026-11-16'
         and user_id = (select user_id from member_weeks where guild_id = $1 and week_start = '2026-11-16' order by minutes desc, user_id limit 1)`,
        [G],
      );
      expect(changed.rowCount).toBe(1);
      const again = await runDomainChild(pgTarget, { ...options, writes: 0, stamp: "t-bot-2" }, () => {});
      const onSqlite2 = await runDomainChild(
        { engine: "sqlite", database: path },
        { ...options, writes: 0, stamp: "t-bot-2" },
        () => {},
      );
      const differ = compareDomain(onSqlite2, again);
      expect(differ.map((m) => m.caller)).toEqual(
        onSqlite2.answers.filter((a) => a.label === "bot: leaderboard week × hours").map((a) => a.caller),
      );
      expect(differ.every((m) => m.label === "bot: leaderboard week × hours")).toBe(true);
    } finally {
      await target.drop();
    }
  });
});
