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
import { createHash } from "node:crypto";
import type Database from "better-sqlite3";
import type { Db } from "./client";
import { connectionOf, isPg, pgClientOf } from "./connection";

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
  if (isPg(db)) return pgPrepared(db, text) as Prepared<Row>;
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

/** `?` → `$1, $2, …` (the texts are constants without `?` inside literals). */
const numbered = (text: string) => {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
};

const pgTexts = new Map<string, { name: string; text: string }>();

/**
 * PostgreSQL: a named statement, which node-postgres prepares once per pooled
 * connection (a transaction handle runs it on its own connection).
 */
function pgPrepared(db: Db, text: string): Prepared<unknown> {
  let statement = pgTexts.get(text);
  if (!statement) {
    const pgText = numbered(text);
    statement = {
      name: `shiplog_${createHash("sha1").update(pgText).digest("hex").slice(0, 20)}`,
      text: pgText,
    };
    pgTexts.set(text, statement);
  }
  const { name, text: pgText } = statement;
  const client = pgClientOf(db);
  const rows = async (params: unknown[], rowMode?: "array") =>
    (await client.query({ name, text: pgText, values: params, ...(rowMode ? { rowMode } : {}) })).rows;
  return {
    all: async (...params) => rows(params),
    get: async (...params) => (await rows(params))[0],
    value: async <V>(...params: unknown[]) =>
      ((await rows(params, "array"))[0] as unknown[] | undefined)?.[0] as V | undefined,
  };
}
