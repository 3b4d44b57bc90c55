/**
 * What ops reads from the database, for either engine: a write probe for
 * /healthz, the size for /metrics, and the SQLite connection daily backups copy
 * (PostgreSQL is backed up by its own tools: pg_dump, the managed service).
 */
import type Database from "better-sqlite3";
import type pg from "pg";
import type { CheckResult } from "./health";
import { checkDatabaseWrite } from "./health";
import { databaseBytes } from "./metrics";

export interface DatabaseProbe {
  /** can the database take a write right now? */
  checkWrite(): Promise<CheckResult>;
  /** bytes the bot's data takes, or null when it cannot be read now */
  sizeBytes(): Promise<number | null>;
  /** the SQLite connection to back up; null on PostgreSQL */
  sqlite: Database.Database | null;
}

export function sqliteProbe(sqlite: Database.Database): DatabaseProbe {
  return {
    checkWrite: async () => checkDatabaseWrite(sqlite),
    sizeBytes: async () => (sqlite.open ? databaseBytes(sqlite) : null),
    sqlite,
  };
}

/**
 * PostgreSQL: a server that is up but cannot take writes is a read-only one (a
 * standby after a failover, or `default_transaction_read_only`); the probe asks
 * exactly that, on a pooled connection, within 1 s. Size: the bot's tables and
 * indexes in its schema (not the whole database, which may hold other things).
 */
export function pgProbe(pool: pg.Pool): DatabaseProbe {
  return {
    async checkWrite() {
      try {
        const { rows } = await pool.query<{ standby: boolean; readOnly: string }>({
          text: `select pg_is_in_recovery() as standby, current_setting('transaction_read_only') as "readOnly"`,
          query_timeout: 1000,
        } as pg.QueryConfig);
        const row = rows[0];
        if (row?.standby) return { ok: false, error: "read-only standby" };
        if (row?.readOnly === "on") return { ok: false, error: "read-only transactions" };
        return { ok: true };
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        return { ok: false, error: typeof code === "string" ? code : "unreachable" };
      }
    },
    async sizeBytes() {
      try {
        const { rows } = await pool.query<{ bytes: string | number | null }>(
          `select sum(pg_total_relation_size(c.oid)) as bytes from pg_class c
join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind = 'r'`,
        );
        return Number(rows[0]?.bytes ?? 0);
      } catch {
        return null;
      }
    },
    sqlite: null,
  };
}
