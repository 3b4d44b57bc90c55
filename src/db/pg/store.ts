/**
 * The store on PostgreSQL (DATABASE_URL=postgres://…): drizzle's node-postgres
 * driver over a pg.Pool, with the PostgreSQL tables selected for this process
 * (../tables.ts). Opening it migrates the schema (migrations/pg), installs the
 * plpgsql upkeep of the derived tables, and brings those tables up to date, as
 * openStore does on SQLite; then the same domain functions run on it.
 */
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { DERIVED_VERSION, GUILD_TABLES_VERSION } from "../../totals/derive";
import type { Db } from "../client";
import { useDialect } from "../tables";
import { connectPg, type PgOptions } from "./connect";
import { pgDeriveAll } from "./derive";
import { applyPgMigrations } from "./migrate";
import { installPgTriggers } from "./triggers";

// count(*) and sum() are int8/numeric, which node-postgres returns as strings (they may exceed
// 2^53); every such figure here is far below that, and SQLite hands back numbers: so numbers.
// Global because drizzle's driver asks pg's global parsers for every query.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export interface PgStore {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** Serialises start-up upkeep (triggers, derivation) of several processes on one database. */
const UPKEEP_LOCK = 0x5e1f_107;

/** Installs the triggers and (re)derives the derived tables when their version is behind, in one transaction. */
export async function preparePg(client: pg.ClientBase): Promise<{ derived: boolean }> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [UPKEEP_LOCK]);
    await installPgTriggers(client);
    const { rows } = await client.query<{ name: string; version: number }>(
      "select name, version from derived_meta",
    );
    const version = (name: string) => rows.find((r) => r.name === name)?.version;
    const stale = version("totals") !== DERIVED_VERSION || version("guild_tables") !== GUILD_TABLES_VERSION;
    if (stale) {
      await pgDeriveAll(client);
      for (const [name, v] of [
        ["totals", DERIVED_VERSION],
        ["guild_tables", GUILD_TABLES_VERSION],
      ] as const) {
        await client.query(
          "insert into derived_meta (name, version) values ($1, $2) on conflict (name) do update set version = excluded.version",
          [name, v],
        );
      }
    }
    await client.query(
      "insert into schedule_next (guild_id, due_at) select id, 0 from guilds on conflict (guild_id) do nothing",
    );
    await client.query("COMMIT");
    return { derived: stale };
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/** Drizzle over an open pool whose schema is migrated and prepared; selects the PostgreSQL tables. */
export function pgStoreOver(pool: pg.Pool, close: () => Promise<void> = () => pool.end()): PgStore {
  useDialect("pg");
  const db = drizzle({ client: pool }) as unknown as Db;
  let closed = false;
  return {
    db,
    pool,
    close: async () => {
      if (closed) return;
      closed = true;
      await close();
    },
  };
}

/** Connects (one readable line if it cannot), migrates, prepares, and returns the store. */
export async function openPgStore(url: string, options: PgOptions = {}): Promise<PgStore> {
  const pool = await connectPg(url, options);
  try {
    const client = await pool.connect();
    try {
      await applyPgMigrations(client);
      await preparePg(client);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  return pgStoreOver(pool);
}
