/**
 * The one place that reaches behind a drizzle handle for its SQLite connection
 * (prepared statements, transactions). Domain code never does: it sees `Db` only.
 */
import type Database from "better-sqlite3";
import type { Db } from "./client";

export type Connection = Database.Database;

/** The better-sqlite3 connection behind `db` (a transaction handle is the same connection). */
export function connectionOf(db: Db): Connection {
  const session = (db as unknown as { session?: { client?: Connection } }).session;
  if (!session?.client) throw new Error("no better-sqlite3 connection behind this database handle");
  return session.client;
}
