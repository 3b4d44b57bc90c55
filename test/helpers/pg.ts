/**
 * PostgreSQL for tests: TEST_DATABASE_URL (`.ci/run` sets it for the local
 * server) names the server; every test (or file) gets its own freshly named
 * schema with migrations/pg applied, reached through search_path, and drops it
 * afterwards — also when the test fails — so parallel vitest workers never see
 * each other's rows. Without TEST_DATABASE_URL the PostgreSQL halves do not
 * run and say why (`describePg`).
 */
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe } from "vitest";
import { connectPg, quoteIdent } from "../../src/db/pg/connect";
import { applyPgMigrations } from "../../src/db/pg/migrate";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const PG_ABSENT_REASON =
  "TEST_DATABASE_URL is unset, so the PostgreSQL half does not run (.ci/run sets it for the local server)";

export interface PgSchema {
  /** a pool whose connections all use this schema */
  pool: pg.Pool;
  schema: string;
  /** the URL plus this schema, for code that connects itself (db:copy) */
  url: string;
  drop(): Promise<void>;
}

/** A new schema (migrated unless `migrate: false`) on TEST_DATABASE_URL. */
export async function createPgSchema(options: { migrate?: boolean } = {}): Promise<PgSchema> {
  const url = TEST_DATABASE_URL;
  if (!url) throw new Error(PG_ABSENT_REASON);
  const schema = `t_${process.pid}_${randomBytes(6).toString("hex")}`;
  const admin = await connectPg(url, { max: 1 });
  await admin.query(`create schema ${quoteIdent(schema)}`);
  const drop = async () => {
    await pool.end().catch(() => {});
    await admin.query(`drop schema if exists ${quoteIdent(schema)} cascade`);
    await admin.end();
  };
  const pool = await connectPg(url, { schema, max: 4 }).catch(async (error) => {
    await admin.query(`drop schema if exists ${quoteIdent(schema)} cascade`);
    await admin.end();
    throw error;
  });
  try {
    if (options.migrate !== false) {
      const client = await pool.connect();
      try {
        await applyPgMigrations(client);
      } finally {
        client.release();
      }
    }
  } catch (error) {
    await drop();
    throw error;
  }
  const withSchema = new URL(url);
  withSchema.searchParams.set("options", `-c search_path=${schema}`);
  return { pool, schema, url: withSchema.toString(), drop };
}

/**
 * A `describe` that runs only with TEST_DATABASE_URL set and otherwise prints
 * why it did not (a conditional run with a stated reason, not a `.skip`).
 */
export function describePg(name: string, body: () => void): void {
  if (!TEST_DATABASE_URL) console.info(`${name}: ${PG_ABSENT_REASON}`);
  describe.runIf(TEST_DATABASE_URL !== undefined)(name, body);
}

/** A fresh migrated schema per test: `const pg = usePgSchemaEach(); … pg().pool.query(…)`. */
export function usePgSchemaEach(options: { migrate?: boolean } = {}): () => PgSchema {
  let current: PgSchema | undefined;
  beforeEach(async () => {
    current = await createPgSchema(options);
  });
  afterEach(async () => {
    await current?.drop();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error("no PostgreSQL schema: call inside a test of describePg");
    return current;
  };
}

/** One migrated schema for the whole file (describe block). */
export function usePgSchemaAll(options: { migrate?: boolean } = {}): () => PgSchema {
  let current: PgSchema | undefined;
  beforeAll(async () => {
    current = await createPgSchema(options);
  });
  afterAll(async () => {
    await current?.drop();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error("no PostgreSQL schema: call inside a test of describePg");
    return current;
  };
}
