/**
 * Prepared statements for hot read paths, prepared once per connection. Drizzle
 * builds and prepares each query on every call, which costs more than an index
 * walk over a derived table; the leaderboard queries are few and fixed, so they
 * keep their statements. Works with a transaction handle too: it runs on the
 * same connection.
 *
 * The signature is dialect-neutral and async: SQL text with `?` placeholders and
 * positional parameters in, rows (or the first column) out. On SQLite it is a
 * better-sqlite3 statement prepared once; a PostgreSQL backend can be a named
 * node-postgres prepared statement (placeholders rewritten to `$n`).
 */
import type Database from "better-sqlite3";
import type { Db } from "./client";
import { connectionOf } from "./connection";

export interface Prepared<Row> {
  /** every row */
  all(...params: unknown[]): Promise<Row[]>;
  /** the first row, if any */
  get(...params: unknown[]): Promise<Row | undefined>;
  /** the first column of the first row, if any */
  value<V>(...params: unknown[]): Promise<V | undefined>;
}

const caches = new WeakMap<Database.Database, Map<string, Prepared<unknown>>>();

function over(stmt: Database.Statement): Prepared<unknown> {
  return {
    all: async (...params) => stmt.pluck(false).all(...params),
    get: async (...params) => stmt.pluck(false).get(...params),
    value: async <V>(...params: unknown[]) => stmt.pluck(true).get(...params) as V | undefined,
  };
}

/** The statement for `text` on this connection; `text` must be a constant, never built from user input. */
export function prepared<Row = Record<string, unknown>>(db: Db, text: string): Prepared<Row> {
  const client = connectionOf(db);
  let cache = caches.get(client);
  if (!cache) {
    cache = new Map();
    caches.set(client, cache);
  }
  let stmt = cache.get(text);
  if (!stmt) {
    stmt = over(client.prepare(text));
    cache.set(text, stmt);
  }
  return stmt as Prepared<Row>;
}
