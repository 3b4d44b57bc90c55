/**
 * The one place that reaches behind a drizzle handle for its SQLite connection
 * (prepared statements, transactions). Domain code never does: it sees `Db` only.
 */
import type Database from "better-sqlite3";
import { is } from "drizzle-orm";
import { PgDatabase } from "drizzle-orm/pg-core";
import type pg from "pg";
import type { Db } from "./client";

export type Connection = Database.Database;

/** The better-sqlite3 connection behind `db` (a transaction handle is the same connection). */
export function connectionOf(db: Db): Connection {
  const session = (db as unknown as { session?: { client?: Connection } }).session;
  if (!session?.client) throw new Error("no better-sqlite3 connection behind this database handle");
  return session.client;
}

/** Whether `db` (or a transaction handle) runs on PostgreSQL (src/db/pg/store.ts) rather than SQLite. */
export function isPg(db: Db): boolean {
  return is(db, PgDatabase);
}

/** The node-postgres pool (a plain handle) or client (a transaction handle) behind a PostgreSQL `db`. */
export function pgClientOf(db: Db): pg.Pool | pg.PoolClient {
  const session = (db as unknown as { session?: { client?: pg.Pool | pg.PoolClient } }).session;
  if (!session?.client) throw new Error("no node-postgres client behind this database handle");
  return session.client;
}
