/**
 * The side-by-side run behind `npm run bench:engines` (bench/engines.ts): one
 * seeded SQLite database (src/seed/seed.ts), copied by db:copy's code
 * (src/db/pg/copy.ts) into a fresh PostgreSQL schema that is dropped at the
 * end; then, on both engines, with the same callers in the same order: the
 * answers are compared, the reads timed, the `/log hours` write path timed,
 * and PostgreSQL's commit throughput with 1, 4 and 16 clients measured.
 */

import { randomBytes } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import type pg from "pg";
import { openStore, type Store } from "../../src/db/client";
import { connectPg, quoteIdent } from "../../src/db/pg/connect";
import { copySqliteToPg } from "../../src/db/pg/copy";
import { createLogger } from "../../src/log";
import { seedDatabase } from "../../src/seed/seed";
import { type Engine, pgEngine, sql, sqliteEngine } from "./engine";
import { callersFrom, type EnginesRow, load, type Mismatch, type Timing, timeCalls } from "./measure";

export type { EnginesRow, Mismatch };

import { compareDomain, type DomainResult, type DomainRow, domainRows, runDomainChild } from "./bot";
import { board, boards, checkinSummary, profile, type Scene } from "./queries";
import { measureWrites } from "./writes";

export interface EnginesOptions {
  /** the SQLite file: seeded unless `reuse` and it exists */
  database: string;
  reuse: boolean;
  guildId: string;
  members: number;
  entries: number;
  smallGuilds: number;
  /** the seeded "today" and the instant every read and write runs at */
  now: Date;
  pgUrl: string;
  /** measured calls per read operation */
  runs: number;
  /** commits per write measurement (and per concurrency level) */
  writes: number;
  clients: number[];
  /** callers whose answers are compared per read operation */
  check: number;
  print: (line: string) => void;
  /** also time the bot's own domain functions, one child process per engine (default true) */
  domain?: boolean;
}

export interface EnginesResult {
  rows: EnginesRow[];
  /** the bot's domain functions on each engine, beside their floor rows (empty with `domain: false`) */
  domain: DomainRow[];
  mismatches: Mismatch[];
  /** answers compared (reads and writes) */
  compared: number;
  settings: Record<string, string>;
  seeded: string;
  copyMs: number;
}

export interface Operation {
  label: string;
  run: (engine: Engine, caller: string) => Promise<unknown>;
  /** measured calls, when fewer than the default */
  runs?: number;
}

const PING = sql("ping", "select 1 as one");

/** The read operations, in the order they are checked and timed. */
export function readOperations(scene: Scene, runs: number): Operation[] {
  const summary = checkinSummary(scene);
  return [
    // What one statement costs with no work in it: on PostgreSQL, a node-postgres round trip.
    { label: "one statement (select 1)", run: (e) => e.all(PING) },
    ...boards(scene),
    { label: "board all × hours, DESC NULLS LAST", run: board(scene, "all", "hours", "nulls last") },
    { label: "profile reads", run: profile(scene) },
    {
      label: "weekly check-in summary read",
      run: (e) => summary(e),
      runs: Math.max(10, Math.floor(runs / 10)),
    },
  ];
}

/** Runs every operation for each caller on both engines; the calls whose answers differ. */
export async function compareAnswers(
  ops: readonly Operation[],
  sqlite: Engine,
  pgE: Engine,
  callers: readonly string[],
): Promise<Mismatch[]> {
  const out: Mismatch[] = [];
  for (const op of ops) {
    for (const caller of callers) {
      const a = JSON.stringify(await op.run(sqlite, caller));
      const b = JSON.stringify(await op.run(pgE, caller));
      if (a !== b) out.push({ label: op.label, caller, sqlite: a, pg: b });
    }
  }
  return out;
}

async function settingsOf(sqlite: Store["sqlite"], client: pg.ClientBase): Promise<Record<string, string>> {
  const pgVersion = (createRequire(import.meta.url)("pg/package.json") as { version: string }).version;
  const show = async (name: string) => String((await client.query(`show ${name}`)).rows[0]?.[name]);
  const sync = ["OFF", "NORMAL", "FULL", "EXTRA"][Number(sqlite.pragma("synchronous", { simple: true }))];
  return {
    node: process.version,
    sqlite: `${sqlite.prepare("select sqlite_version()").pluck().get()} (better-sqlite3), journal_mode=${sqlite.pragma("journal_mode", { simple: true })}, synchronous=${sync}, cache_size=${sqlite.pragma("cache_size", { simple: true })}`,
    postgresql: `${await show("server_version")} (node-postgres ${pgVersion}), fsync=${await show("fsync")}, synchronous_commit=${await show("synchronous_commit")}, wal_sync_method=${await show("wal_sync_method")}, full_page_writes=${await show("full_page_writes")}, shared_buffers=${await show("shared_buffers")}`,
  };
}

function seedOrReuse(o: EnginesOptions): { store: Store; seeded: string } {
  const log = createLogger("info", (line) => o.print(line));
  if (o.reuse && existsSync(o.database)) {
    return { store: openStore(o.database, { log }), seeded: `reused ${o.database}` };
  }
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${o.database}${suffix}`, { force: true });
  const store = openStore(o.database, { log });
  const s = seedDatabase(store, {
    guildId: o.guildId,
    members: o.members,
    entries: o.entries,
    smallGuilds: o.smallGuilds,
    now: o.now,
    log,
  });
  // Reopened, so the bench's connection is as the bot opens one (the seeder raises the page cache on its own).
  store.close();
  return {
    store: openStore(o.database, { log }),
    seeded: `seeded ${o.database}: ${s.guilds} guilds, ${s.members} members, ${s.entries} entries in ${(s.ms / 1000).toFixed(1)} s`,
  };
}

export async function runEngines(o: EnginesOptions): Promise<EnginesResult> {
  const { store, seeded } = seedOrReuse(o);
  o.print(seeded);
  try {
    return await onFreshSchema(o, async (client, pool, schema) => {
      const copied = await copySqliteToPg(store.sqlite, client, o.print, `into schema ${schema}`);
      // After a bulk load the planner has no statistics and the visibility map is empty (autovacuum would get there).
      await client.query("vacuum analyze");
      o.print(`copied ${copied.rows} rows in ${(copied.ms / 1000).toFixed(1)} s; vacuum analyze done`);
      return { ...(await measureBoth(o, store, client, pool, schema)), seeded, copyMs: copied.ms };
    });
  } finally {
    store.close();
  }
}

/** `fn` with a connection (and its pool) on a new schema, dropped afterwards whatever happens. */
async function onFreshSchema<T>(
  o: EnginesOptions,
  fn: (client: pg.PoolClient, pool: pg.Pool, schema: string) => Promise<T>,
): Promise<T> {
  const schema = `bench_engines_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = await connectPg(o.pgUrl, { max: 1 });
  let pool: pg.Pool | undefined;
  try {
    await admin.query(`create schema ${quoteIdent(schema)}`);
    pool = await connectPg(o.pgUrl, { schema, max: Math.max(...o.clients, 1) + 1 });
    const client = await pool.connect();
    try {
      return await fn(client, pool, schema);
    } finally {
      client.release();
    }
  } finally {
    await pool?.end();
    await admin.query(`drop schema if exists ${quoteIdent(schema)} cascade`);
    await admin.end();
  }
}

async function measureBoth(
  o: EnginesOptions,
  store: Store,
  client: pg.PoolClient,
  pool: pg.Pool,
  schema: string,
): Promise<Omit<EnginesResult, "seeded" | "copyMs">> {
  const scene: Scene = { guildId: o.guildId, now: o.now };
  const sqlite = sqliteEngine(store.sqlite);
  const pgE = pgEngine(client);
  const settings = await settingsOf(store.sqlite, client);
  for (const [k, v] of Object.entries(settings)) o.print(`${k}: ${v}`);
  const ids = store.sqlite
    .prepare("select user_id from members where guild_id = ? order by user_id")
    .pluck()
    .all(o.guildId) as string[];
  const callers = callersFrom(ids, 4096);
  const caller = (i: number) => callers[i % callers.length] as string;
  const rows: EnginesRow[] = [];
  const ops = readOperations(scene, o.runs);
  o.print(`load average ${load()}: comparing answers for ${o.check} callers per read`);
  const mismatches = await compareAnswers(ops, sqlite, pgE, callers.slice(0, o.check));
  let compared = ops.length * Math.min(o.check, callers.length);
  o.print(`${mismatches.length} of ${compared} answers differ`);

  for (const op of ops) {
    const runs = op.runs ?? o.runs;
    const row: EnginesRow = { label: op.label, load: load() };
    row.sqlite = await timeCalls(runs, (i) => op.run(sqlite, caller(i)));
    row.pg = await timeCalls(runs, (i) => op.run(pgE, caller(i)));
    rows.push(row);
    o.print(line(row));
  }

  // The bot's own functions, before the floor's writes (PostgreSQL alone gets the throughput commits):
  // SQLite's child, then PostgreSQL's, the same callers and writes in the same order on each.
  let bot: { sqlite: DomainResult; pg: DomainResult } | undefined;
  if (o.domain !== false) {
    const d = {
      guildId: o.guildId,
      now: o.now,
      runs: o.runs,
      writes: o.writes,
      check: o.check,
      stamp: `bot-${Date.now()}`,
    };
    o.print(`load average ${load()}: the bot's domain functions, a child process per engine`);
    const onSqlite = await runDomainChild({ engine: "sqlite", database: o.database }, d, o.print);
    const onPg = await runDomainChild({ engine: "pg", url: o.pgUrl, schema }, d, o.print);
    bot = { sqlite: onSqlite, pg: onPg };
    const differ = compareDomain(onSqlite, onPg);
    o.print(`${differ.length} of ${onSqlite.answers.length} of the bot's leaderboard answers differ`);
    mismatches.push(...differ);
    compared += onSqlite.answers.length;
  }

  const guilds = (
    store.sqlite.prepare("select id from guilds where id <> ? order by id").pluck().all(o.guildId) as string[]
  ).map((guildId) => ({
    guildId,
    ids: store.sqlite
      .prepare("select user_id from members where guild_id = ?")
      .pluck()
      .all(guildId) as string[],
  }));
  const writes = await measureWrites({
    scene,
    sqlite,
    pg: pgE,
    pool,
    ids,
    readers: new Set(callers),
    guilds,
    writes: o.writes,
    clients: o.clients,
    print: (row) => o.print(line(row)),
  });
  rows.push(...writes.rows);
  mismatches.push(...writes.mismatches);
  compared += writes.compared;
  return { rows, domain: bot ? domainRows(bot.sqlite, bot.pg, rows) : [], mismatches, compared, settings };
}

const ms = (t: Timing | undefined, key: "p50" | "p99") => (t ? `${t[key].toFixed(3)} ms` : "–");

function line(r: EnginesRow): string {
  const rate = (t?: Timing) => (t ? `${Math.round(t.perSecond)}/s` : "–");
  return `${r.label.padEnd(36)} SQLite p50 ${ms(r.sqlite, "p50").padStart(11)} p99 ${ms(r.sqlite, "p99").padStart(11)} ${rate(r.sqlite).padStart(7)} | PostgreSQL p50 ${ms(r.pg, "p50").padStart(11)} p99 ${ms(r.pg, "p99").padStart(11)} ${rate(r.pg).padStart(7)}  (load ${r.load})`;
}

/** The result as a Markdown table (what docs/performance.md shows). */
export function markdownTable(rows: readonly EnginesRow[]): string {
  const out = [
    "| operation | SQLite p50 | SQLite p99 | PostgreSQL p50 | PostgreSQL p99 | PG ÷ SQLite (p50) | per second (SQLite / PG) | load average |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const r of rows) {
    const ratio = r.sqlite && r.pg ? `×${(r.pg.p50 / r.sqlite.p50).toFixed(1)}` : "";
    const rate = `${r.sqlite ? Math.round(r.sqlite.perSecond) : "–"} / ${r.pg ? Math.round(r.pg.perSecond) : "–"}`;
    out.push(
      `| ${r.label} | ${ms(r.sqlite, "p50")} | ${ms(r.sqlite, "p99")} | ${ms(r.pg, "p50")} | ${ms(r.pg, "p99")} | ${ratio} | ${rate} | ${r.load} |`,
    );
  }
  return out.join("\n");
}
