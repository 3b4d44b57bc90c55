import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { Logger } from "../log";
import { backfillScheduleNext, SCHEDULE_TRIGGERS } from "../scheduler/next-due";
import { ensureDerived } from "../totals/derive";
import { installTriggers, registerFunctions, TRIGGERS as TOTALS_TRIGGERS } from "../totals/triggers";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;

export interface Store {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../migrations");

/** Opens (creating if needed) the database, turns on WAL and foreign keys, and applies migrations. */
export function openStore(path: string, options: { log?: Logger } = {}): Store {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // FULL: a transaction is on disk (WAL fsynced) before the reply says "logged",
  // even across a power loss; NORMAL would only survive a process crash.
  sqlite.pragma("synchronous = FULL");
  registerFunctions(sqlite);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  // Derived totals: triggers keep them; code (not the SQL migration) backfills them, one grouped insert per table.
  installTriggers(sqlite, { ...TOTALS_TRIGGERS, ...SCHEDULE_TRIGGERS });
  ensureDerived(db, options.log);
  backfillScheduleNext(db);
  return {
    db,
    sqlite,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}
