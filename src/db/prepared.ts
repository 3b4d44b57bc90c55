/**
 * Prepared statements for hot read paths, prepared once per connection. Drizzle
 * builds and prepares each query on every call, which costs more than an index
 * walk over a derived table; the leaderboard queries are few and fixed, so they
 * keep their statements. Works with a transaction handle too: it runs on the
 * same connection.
 */
import type Database from "better-sqlite3";
import type { Db } from "./client";

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function clientOf(db: Db): Database.Database {
  const session = (db as unknown as { session?: { client?: Database.Database } }).session;
  if (!session?.client) throw new Error("prepared: no better-sqlite3 connection behind this database handle");
  return session.client;
}

/** The statement for `text` on this connection; `text` must be a constant, never built from user input. */
export function prepared(db: Db, text: string): Database.Statement {
  const client = clientOf(db);
  let cache = caches.get(client);
  if (!cache) {
    cache = new Map();
    caches.set(client, cache);
  }
  let stmt = cache.get(text);
  if (!stmt) {
    stmt = client.prepare(text);
    cache.set(text, stmt);
  }
  return stmt;
}
