import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { Logger } from "../log";
import { MIGRATIONS_DIR } from "../paths";
import { backfillScheduleNext, SCHEDULE_TRIGGERS } from "../scheduler/schedule-triggers";
import { ensureDerived } from "../totals/derive";
import { installTriggers, registerFunctions, TRIGGERS as TOTALS_TRIGGERS } from "../totals/triggers";
import * as schema from "./schema";
import { useDialect } from "./tables";

/** Kept here too: tests and tools import the folder with the store. */
export { MIGRATIONS_DIR };

export type Db = BetterSQLite3Database<typeof schema>;

export interface Store {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

/** Opens (creating if needed) the database, turns on WAL and foreign keys, and applies migrations. */
export function openStore(path: string, options: { log?: Logger } = {}): Store {
  useDialect("sqlite"); // one engine per process (./tables.ts)
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  // The busy timeout first: shards starting together on a new file would otherwise meet
  // SQLITE_BUSY at once on the switch to WAL while another process holds the file's lock.
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  // FULL: a transaction is on disk (WAL fsynced) before the reply says "logged",
  // even across a power loss; NORMAL would only survive a process crash.
  sqlite.pragma("synchronous = FULL");
  registerFunctions(sqlite);
  applyMigrations(sqlite, MIGRATIONS_DIR);
  const db = immediateTransactions(drizzle(sqlite, { schema }));
  // Derived totals: triggers keep them; code (not the SQL migration) backfills them, one grouped insert per table.
  installTriggers(sqlite, { ...TOTALS_TRIGGERS, ...SCHEDULE_TRIGGERS });
  ensureDerived(sqlite, options.log);
  backfillScheduleNext(sqlite);
  return {
    db,
    sqlite,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

/**
 * Every `db.transaction` begins IMMEDIATE (takes the write lock at BEGIN) unless
 * a caller asks otherwise. Shards share one file (issue 12), and each write
 * transaction here reads first (the guild row, the daily cap, a claim). Under
 * WAL a DEFERRED transaction that reads and then writes after another process
 * committed fails at once with SQLITE_BUSY_SNAPSHOT — busy_timeout cannot help,
 * its snapshot is stale — and two readers upgrading together fail with
 * SQLITE_BUSY. IMMEDIATE waits (busy_timeout) for the lock before reading.
 * Plain reads outside a transaction are untouched and never wait under WAL.
 */
function immediateTransactions(db: Db): Db {
  const begin = db.transaction.bind(db);
  db.transaction = ((fn, config) => begin(fn, { behavior: "immediate", ...config })) as Db["transaction"];
  return db;
}

/**
 * Applies the pending migrations of `folder` in one transaction, bookkept in
 * drizzle's own `__drizzle_migrations` table exactly as drizzle's migrator
 * does. It is drizzle's loop plus one step: SQLite rebuilds a table to change
 * its foreign keys, which needs `foreign_keys` off, and that pragma is a no-op
 * inside a transaction. So foreign keys are off around the transaction, and
 * `PRAGMA foreign_key_check` runs inside it before COMMIT: a migration that
 * leaves a dangling reference rolls back and the bot refuses to start.
 */
export function applyMigrations(sqlite: Database.Database, folder: string): void {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  sqlite.exec(
    "CREATE TABLE IF NOT EXISTS `__drizzle_migrations` (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)",
  );
  const foreignKeys = sqlite.pragma("foreign_keys", { simple: true });
  sqlite.pragma("foreign_keys = OFF");
  try {
    // IMMEDIATE, and what is pending is read inside: shards starting together on a new
    // file take turns, and the later ones find nothing left to apply.
    sqlite
      .transaction(() => {
        const last = sqlite
          .prepare("SELECT created_at FROM `__drizzle_migrations` ORDER BY created_at DESC LIMIT 1")
          .get() as { created_at: number } | undefined;
        const pending = migrations.filter(
          (m) => last === undefined || Number(last.created_at) < m.folderMillis,
        );
        const record = sqlite.prepare("INSERT INTO `__drizzle_migrations` (hash, created_at) VALUES (?, ?)");
        for (const m of pending) {
          for (const statement of m.sql) sqlite.exec(statement);
          record.run(m.hash, m.folderMillis);
        }
        const violations = sqlite.pragma("foreign_key_check") as { table: string; parent: string }[];
        if (violations.length > 0) {
          const where = [...new Set(violations.map((v) => `${v.table} → ${v.parent}`))].join(", ");
          throw new Error(
            `Migration left ${violations.length} rows with a missing parent (${where}); rolled back`,
          );
        }
      })
      .immediate();
  } finally {
    sqlite.pragma(`foreign_keys = ${foreignKeys ? "ON" : "OFF"}`);
  }
}
