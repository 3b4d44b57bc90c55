/**
 * The bot's own domain functions on one engine, for the side-by-side bench
 * (bench/engines.ts): `leaderboard(...)` for each period × metric, the
 * /profile data (`memberProfile`), `logHours(...)` committed, and the big
 * guild's weekly check-in and weekly leaderboard posts — the callers and the
 * order of bench/scale.ts, over drizzle on whichever engine this process chose.
 * The engine is chosen per process (src/db/tables.ts `useDialect`), so the
 * engines bench runs this once per engine in a child process
 * (./domain.ts, `runDomainChild`) and compares what the children send back.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { weeklyCheckinPost } from "../../src/checkins/weekly";
import type { Db } from "../../src/db/client";
import { members } from "../../src/db/tables";
import { leaderboard, METRICS } from "../../src/leaderboards/leaderboard";
import { currentPeriod, PERIOD_NAMES } from "../../src/leaderboards/periods";
import { weeklyLeaderboardPost } from "../../src/leaderboards/weekly";
import { logHours } from "../../src/logs/hours";
import { memberProfile } from "../../src/profile/profile";
import { addDays, weekStart } from "../../src/time/dates";
import { callersFrom, type EnginesRow, load, type Mismatch, type Timing, timeCalls } from "./measure";

export interface DomainOptions {
  guildId: string;
  now: Date;
  /** measured calls per read; the weekly posts get a tenth (at least 10) */
  runs: number;
  /** committed `logHours` calls */
  writes: number;
  /** callers whose leaderboard answers are sent back for comparison */
  check: number;
  /** a tag for the interaction ids, the same for both engines */
  stamp: string;
}

export interface DomainTiming {
  label: string;
  /** the floor row (bench/engines/run.ts) this one is shown beside */
  floor?: string;
  timing: Timing;
  load: string;
}

export interface DomainResult {
  timings: DomainTiming[];
  /** `leaderboard(...)` answers as JSON, per board label and caller, in call order */
  answers: Array<{ label: string; caller: string; answer: string }>;
}

/** Times the domain functions on `db` (after collecting the leaderboard answers, before any write). */
export async function runDomain(db: Db, o: DomainOptions): Promise<DomainResult> {
  const g = o.guildId;
  const people = await db
    .select({ id: members.userId, name: members.displayName })
    .from(members)
    .where(eq(members.guildId, g));
  // sorted here, not by the engine: the same callers on both whatever the collation
  const ids = people.map((p) => p.id).sort();
  const names = new Map(people.map((p) => [p.id, p.name]));
  const callers = callersFrom(ids, 4096);
  const caller = (i: number) => callers[i % callers.length] as string;
  const timings: DomainTiming[] = [];
  const answers: DomainResult["answers"] = [];
  const time = async (
    label: string,
    floor: string | undefined,
    runs: number,
    fn: (i: number) => Promise<unknown>,
    warm = 5,
  ) => {
    const row = { label, ...(floor ? { floor } : {}), load: load(), timing: await timeCalls(runs, fn, warm) };
    timings.push(row);
    process.stderr.write(
      `${label.padEnd(44)} p50 ${row.timing.p50.toFixed(3)} ms p99 ${row.timing.p99.toFixed(3)} ms\n`,
    );
  };

  const boards = [];
  for (const period of PERIOD_NAMES) {
    const p = await currentPeriod(db, g, period, o.now);
    for (const metric of METRICS) {
      const run = (who: string) =>
        leaderboard(db, { guildId: g, metric, period: p, now: o.now, callerId: who });
      boards.push({
        label: `bot: leaderboard ${period} × ${metric}`,
        floor: `board ${period} × ${metric}`,
        run,
      });
    }
  }
  for (const b of boards)
    for (const who of callers.slice(0, o.check))
      answers.push({ label: b.label, caller: who, answer: JSON.stringify(await b.run(who)) });

  for (const b of boards) await time(b.label, b.floor, o.runs, (i) => b.run(caller(i)));
  await time("bot: memberProfile", "profile reads", o.runs, (i) => memberProfile(db, g, caller(i), o.now));
  const posts = Math.max(10, Math.floor(o.runs / 10));
  const today = o.now.toISOString().slice(0, 10);
  // the posts of the Monday after the closed week, as the scheduler makes them (bench/scale.ts's dates)
  const monday = addDays(weekStart(today), 7);
  await time("bot: weeklyCheckinPost, big guild", "weekly check-in summary read", posts, () =>
    weeklyCheckinPost(db, g, monday, o.now),
  );
  await time("bot: weeklyLeaderboardPost, big guild", undefined, posts, () =>
    weeklyLeaderboardPost(db, g, today, o.now),
  );
  // Last, so every read above saw the seeded data: members the reads never call with, each once;
  // no unmeasured warm-up, as the floor's write path (exactly `writes` commits).
  const readers = new Set(callers);
  const free = ids.filter((id) => !readers.has(id));
  const writers = [...new Set(callersFrom(free.length > 0 ? free : ids, ids.length, 21))];
  const writer = (i: number) => writers[i % writers.length] as string;
  let logged = 0;
  await time(
    "bot: logHours (committed)",
    "/log hours write path, 1 writer",
    o.writes,
    (i) => {
      const userId = writer(i);
      return logHours(
        db,
        { guildId: g, userId, displayName: names.get(userId) ?? "bench" },
        `${o.stamp}-bot-${logged++}`,
        { hours: 0.25, kind: "build" },
        o.now,
      );
    },
    0,
  );
  return { timings, answers };
}

/** The child's command line (node --import tsx bench/engines/domain.ts …) for one engine. */
export type DomainTarget =
  | { engine: "sqlite"; database: string }
  | { engine: "pg"; url: string; schema: string };

export const DOMAIN_SCRIPT = fileURLToPath(new URL("./domain.ts", import.meta.url));

export function domainArgs(target: DomainTarget, o: DomainOptions): string[] {
  const where =
    target.engine === "sqlite"
      ? ["--database", target.database]
      : ["--pg", target.url, "--schema", target.schema];
  return [
    "--import",
    "tsx",
    DOMAIN_SCRIPT,
    "--engine",
    target.engine,
    ...where,
    "--guild",
    o.guildId,
    "--now",
    o.now.toISOString(),
    "--runs",
    String(o.runs),
    "--writes",
    String(o.writes),
    "--check",
    String(o.check),
    "--stamp",
    o.stamp,
  ];
}

/** Runs ./domain.ts in a child process on one engine; its progress goes to `print`, its result comes back. */
export function runDomainChild(
  target: DomainTarget,
  o: DomainOptions,
  print: (line: string) => void,
): Promise<DomainResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      domainArgs(target, o),
      { maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        for (const line of stderr.split("\n").filter(Boolean)) print(`  [${target.engine}] ${line}`);
        if (error) reject(new Error(`domain bench on ${target.engine} failed: ${error.message}`));
        else resolve(JSON.parse(stdout) as DomainResult);
      },
    );
    child.stdin?.end();
  });
}

/** The leaderboard answers that differ between the two children. */
export function compareDomain(sqlite: DomainResult, pg: DomainResult): Mismatch[] {
  const out: Mismatch[] = [];
  const other = new Map(pg.answers.map((a) => [`${a.label}|${a.caller}`, a.answer]));
  for (const a of sqlite.answers) {
    const b = other.get(`${a.label}|${a.caller}`) ?? "(missing)";
    if (a.answer !== b) out.push({ label: a.label, caller: a.caller, sqlite: a.answer, pg: b });
  }
  for (const a of pg.answers)
    if (!sqlite.answers.some((s) => s.label === a.label && s.caller === a.caller))
      out.push({ label: a.label, caller: a.caller, sqlite: "(missing)", pg: a.answer });
  return out;
}

/** One row per domain function: its timing on each engine, and the floor row it sits beside. */
export interface DomainRow extends EnginesRow {
  floor?: EnginesRow;
}

export function domainRows(
  sqlite: DomainResult,
  pg: DomainResult,
  floors: readonly EnginesRow[],
): DomainRow[] {
  return sqlite.timings.map((s) => {
    const p = pg.timings.find((t) => t.label === s.label);
    const floor = s.floor ? floors.find((f) => f.label === s.floor) : undefined;
    return {
      label: s.label,
      sqlite: s.timing,
      ...(p ? { pg: p.timing } : {}),
      ...(floor ? { floor } : {}),
      load: `${s.load} / ${p?.load ?? "–"}`,
    };
  });
}

const ms = (t: Timing | undefined) => (t ? `${t.p50.toFixed(3)} ms` : "–");
const p99 = (t: Timing | undefined) => (t ? `${t.p99.toFixed(3)} ms` : "–");

/** The domain rows as Markdown, with the SQL floor's p50 on each engine beside the bot's. */
export function domainTable(rows: readonly DomainRow[]): string {
  const out = [
    "| bot's function | SQLite p50 | SQLite p99 | PostgreSQL p50 | PostgreSQL p99 | PG ÷ SQLite (p50) | floor | floor SQLite p50 | floor PostgreSQL p50 | load average (SQLite / PG child) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |",
  ];
  for (const r of rows) {
    const ratio = r.sqlite && r.pg ? `×${(r.pg.p50 / r.sqlite.p50).toFixed(1)}` : "";
    out.push(
      `| ${r.label.replace(/^bot: /, "")} | ${ms(r.sqlite)} | ${p99(r.sqlite)} | ${ms(r.pg)} | ${p99(r.pg)} | ${ratio} | ${r.floor?.label ?? "–"} | ${ms(r.floor?.sqlite)} | ${ms(r.floor?.pg)} | ${r.load} |`,
    );
  }
  return out.join("\n");
}
