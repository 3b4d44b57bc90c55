/**
 * Applies migrations/pg to the schema first on the connection's search_path,
 * bookkept in `__drizzle_migrations` (hash, created_at) exactly as drizzle's
 * own migrator does. Unlike drizzle's migrator it keeps the bookkeeping table
 * in the same schema and strips drizzle-kit's `"public".` qualifiers, so the
 * same migrations land in any schema: each test gets its own
 * (test/helpers/pg.ts), and an operator may use a schema other than public.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type pg from "pg";

export const PG_MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../migrations/pg");

/** Serialises concurrent starts (several shards, several machines) on one database. */
const MIGRATION_LOCK = 0x5e1f_106;

/** Drizzle-kit writes `REFERENCES "public"."guilds"`; search_path decides the schema instead. */
export const unqualified = (statement: string) => statement.replaceAll('"public".', "");

/** Applies what is pending in one transaction; returns how many migrations ran. */
export async function applyPgMigrations(client: pg.ClientBase, folder = PG_MIGRATIONS_DIR): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)',
    );
    const { rows } = await client.query<{ created_at: string }>(
      'SELECT created_at FROM "__drizzle_migrations" ORDER BY created_at DESC LIMIT 1',
    );
    const last = rows[0] === undefined ? undefined : Number(rows[0].created_at);
    const pending = migrations.filter((m) => last === undefined || last < m.folderMillis);
    for (const m of pending) {
      for (const statement of m.sql) if (statement.trim()) await client.query(unqualified(statement));
      await client.query('INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES ($1, $2)', [
        m.hash,
        m.folderMillis,
      ]);
    }
    await client.query("COMMIT");
    return pending.length;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}
