/**
 * Which test files also run on PostgreSQL: the "pg" vitest project
 * (vitest.config.ts) runs these with SHIPLOG_TEST_ENGINE=pg, whenever
 * TEST_DATABASE_URL is set; every test file runs on SQLite always.
 *
 * The one place that says why a domain or e2e test runs on SQLite only
 * (issue 12: "a test that runs on only one engine says why").
 */
/** Test folders whose every file runs on both engines (but those in SQLITE_ONLY). */
export const ON_BOTH_FOLDERS = [
  "logs",
  "stacks",
  "profile",
  "leaderboards",
  "checkins",
  "cohorts",
  "reminders",
  "guilds",
  "projects",
  "prompts",
  "moderation",
  "privacy",
  "celebrations",
  "entries",
  "e2e",
];

/** Single files, in folders not wholly on both engines, that run on both. */
export const ON_BOTH_FILES = [
  "test/scheduler/next-due.test.ts",
  "test/scheduler/liveness.test.ts",
  "test/scheduler/shards.test.ts",
  // several stores (connections) on one database racing claims, and the 4-process race
  "test/scheduler/race.test.ts",
];

/** The "pg" project's include globs. */
export const ON_BOTH_ENGINES = [
  ...ON_BOTH_FOLDERS.map((folder) => `test/${folder}/**/*.test.ts`),
  ...ON_BOTH_FILES,
];

/**
 * Domain and e2e test files not in the "pg" project, and why (a folder ending in "/" stands for
 * every file in it). test/architecture/engines.test.ts holds every domain and e2e test file to
 * being on both engines or listed here.
 */
export const SQLITE_ONLY: Record<string, string> = {
  "test/scheduler/due.test.ts": "the pure due-post decision: no database in it, so no engine to vary",
  "test/scheduler/pace.test.ts": "the poster's pacing: no database in it, so no engine to vary",
  "test/totals/":
    "SQLite's triggers, derivation and verification of the derived tables (src/totals); PostgreSQL's twins are tested in test/db/pg-triggers.test.ts and test/db/db-copy.test.ts",
  "test/scheduler/runner.test.ts":
    "opens its SQLite store itself (openStore) and reads and writes it with better-sqlite3's synchronous .all()/.run(); the scheduler runs on PostgreSQL in the e2e tests (exactly-once, rhythm, cohort), and runners racing on one database in test/scheduler/race.test.ts (both engines)",
  "test/scheduler/send.test.ts":
    "opens its SQLite store itself (openStore) and reads posts with better-sqlite3's synchronous .all(); two runners settling an uncertain post on one database, on both engines: test/scheduler/race.test.ts",
  "test/e2e/process.test.ts":
    "builds dist/ and runs `npm start` processes on an SQLite file; the build writes one shared dist/, so two projects must not run it at once (PostgreSQL start-up as a process: test/config/database-url.test.ts)",
  "test/e2e/shard-manager.test.ts":
    "ShardingManager processes on an SQLite DATABASE_PATH; shards on one PostgreSQL database: test/e2e/shards.test.ts (bots in one process) and the 4-process race in test/scheduler/race.test.ts",
  "test/e2e/soak.test.ts":
    "kill -9 under load against an SQLite file (its durability is SQLite's: WAL, synchronous=FULL)",
  "test/e2e/fanout.test.ts":
    "opens an SQLite file itself (openStore) for the 10,000-guild fan-out; not ported to useStore yet",
  "test/e2e/registration.test.ts":
    "starts bots on an SQLite DATABASE_PATH of its own; not ported to the harness yet",
  "test/e2e/restore.test.ts":
    "restores an SQLite backup file (npm run backup); on PostgreSQL backups are pg_dump's or the managed service's, and BACKUP_DIR is refused",
  "test/privacy/coverage.test.ts":
    "finds the tables with a user_id in SQLite's catalog; test/db/schema-equivalence.test.ts proves PostgreSQL has the same tables and columns, and export/delete themselves run on both (test/privacy/export, delete)",
};

/** Single tests (in files that otherwise run on both) that run on SQLite only, and why; see `sqliteOnly`. */
export const SQLITE_ONLY_TESTS: Record<string, string> = {
  "leaderboards/leaderboard: query plans":
    "reads SQLite's EXPLAIN QUERY PLAN; PostgreSQL's plans are checked by npm run bench:engines",
  "logs/streaks: query plans":
    "reads SQLite's EXPLAIN QUERY PLAN; PostgreSQL's plans are checked by npm run bench:engines",
};
