/**
 * Dialect-neutral helpers over drizzle results, so domain code never calls a
 * builder method that exists only on SQLite (`.get/.all/.run`): a query is
 * awaited, and the few things that differ by driver are read here.
 */
import type { SQL } from "drizzle-orm";
import type { Db } from "./client";
import { isPg } from "./connection";
import type { Tx } from "./tx";

/** The first row of a query (add `.limit(1)` to a select that could match many). */
export async function first<T>(query: PromiseLike<T[]>): Promise<T | undefined> {
  return (await query)[0];
}

/** Rows a write changed: SQLite's `changes` (node-postgres calls it `rowCount`). */
export function changes(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return Number(r.changes ?? r.rowCount ?? 0);
}

/** Every row of a raw SQL query. */
export async function rawAll<T>(db: Db, query: SQL): Promise<T[]> {
  if (isPg(db)) return (await pgOf(db).execute(query)).rows as T[];
  return db.all<T>(query);
}

/** The first row of a raw SQL query, if any. */
export async function rawGet<T>(db: Db, query: SQL): Promise<T | undefined> {
  if (isPg(db)) return (await pgOf(db).execute(query)).rows[0] as T | undefined;
  return db.get<T | undefined>(query);
}

/** A raw SQL write (inside a transaction, like every write); returns the rows it changed. */
export async function rawRun(tx: Tx, query: SQL): Promise<number> {
  if (isPg(tx)) return changes(await pgOf(tx).execute(query));
  return changes(tx.run(query));
}

/** The one row a write returned (`insert … returning` that cannot skip); throws if there is none. */
export async function one<T>(query: PromiseLike<T[]>): Promise<T> {
  const [row] = await query;
  if (row === undefined) throw new Error("expected the statement to return a row");
  return row;
}

/** A PostgreSQL handle's raw query (node-postgres result: `rows`, `rowCount`). */
const pgOf = (db: Db) =>
  db as unknown as { execute(q: SQL): Promise<{ rows: unknown[]; rowCount: number | null }> };
