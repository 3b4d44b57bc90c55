/**
 * One small interface over both engines for the side-by-side bench
 * (bench/engines.ts): a statement is written once with PostgreSQL's `$n`
 * placeholders and runs as a prepared statement on each engine. SQLite gets
 * it rewritten to `?` (with the arguments reordered, so a `$n` may repeat);
 * PostgreSQL gets a named prepared statement (node-postgres prepares it on a
 * connection's first use). Rows come back as plain objects with the same
 * JavaScript types on both: PostgreSQL's int8 and numeric (count, sum,
 * bigint milliseconds) are turned into numbers, as SQLite hands them out.
 *
 * The SQLite side is synchronous underneath (better-sqlite3) and only wrapped
 * in a resolved promise, so both engines run through the same async callers.
 */
import type Database from "better-sqlite3";
import type pg from "pg";

export type Row = Record<string, unknown>;

/** A statement: a name (the prepared statement's, on PostgreSQL) and its text with `$1…$n`. */
export interface Sql {
  name: string;
  text: string;
}

export interface Engine {
  readonly name: "SQLite" | "PostgreSQL";
  all(statement: Sql, params?: readonly unknown[]): Promise<Row[]>;
}

export const sql = (name: string, text: string): Sql => ({ name, text });

/** The first row, or undefined. */
export async function one(
  engine: Engine,
  statement: Sql,
  params?: readonly unknown[],
): Promise<Row | undefined> {
  return (await engine.all(statement, params))[0];
}

/** A number from the first row's first column (0 when there is none or it is null). */
export async function scalar(engine: Engine, statement: Sql, params?: readonly unknown[]): Promise<number> {
  const row = await one(engine, statement, params);
  const value = row === undefined ? undefined : Object.values(row)[0];
  return value === null || value === undefined ? 0 : Number(value);
}

// Unnamed: transaction control goes as a simple query on PostgreSQL, not a prepared statement.
const BEGIN = sql("", "begin");
/** As the bot begins every SQLite transaction: the write lock first, so shards wait instead of failing. */
const BEGIN_IMMEDIATE = sql("", "begin immediate");
const COMMIT = sql("", "commit");
const ROLLBACK = sql("", "rollback");

/** `fn` inside BEGIN (SQLite: BEGIN IMMEDIATE) … COMMIT on this engine's one connection (ROLLBACK when it throws). */
export async function transaction<T>(engine: Engine, fn: () => Promise<T>): Promise<T> {
  await engine.all(engine.name === "SQLite" ? BEGIN_IMMEDIATE : BEGIN);
  try {
    const out = await fn();
    await engine.all(COMMIT);
    return out;
  } catch (error) {
    await engine.all(ROLLBACK);
    throw error;
  }
}

/** `$1 … $n` → `?` in order of appearance, and which argument each `?` takes. */
export function toSqlite(text: string): { text: string; order: number[] } {
  const order: number[] = [];
  const out = text.replace(/\$(\d+)/g, (_, n: string) => {
    order.push(Number(n) - 1);
    return "?";
  });
  return { text: out, order };
}

/** An engine over one better-sqlite3 connection (opened as the bot opens it: WAL, synchronous = FULL). */
export function sqliteEngine(db: Database.Database): Engine {
  const prepared = new Map<string, { run: (args: unknown[]) => Row[]; order: number[] }>();
  const prepare = (statement: Sql) => {
    const key = statement.name || statement.text;
    const found = prepared.get(key);
    if (found) return found;
    const { text, order } = toSqlite(statement.text);
    const stmt = db.prepare(text);
    const run = stmt.reader
      ? (args: unknown[]) => stmt.all(...args) as Row[]
      : (args: unknown[]) => {
          stmt.run(...args);
          return [];
        };
    const entry = { run, order };
    prepared.set(key, entry);
    return entry;
  };
  return {
    name: "SQLite",
    all: (statement, params = []) => {
      const { run, order } = prepare(statement);
      return Promise.resolve(run(order.map((i) => params[i])));
    },
  };
}

/** PostgreSQL type ids node-postgres returns as strings that are numbers here. */
const NUMERIC_TYPES = new Set([20, 1700]); // int8, numeric

/** An engine over one PostgreSQL connection (its schema is the connection's search_path). */
export function pgEngine(client: pg.ClientBase): Engine {
  return {
    name: "PostgreSQL",
    all: async (statement, params = []) => {
      const result = statement.name
        ? await client.query({ name: statement.name, text: statement.text, values: [...params] })
        : await client.query(statement.text);
      const numeric = (result.fields ?? []).filter((f) => NUMERIC_TYPES.has(f.dataTypeID)).map((f) => f.name);
      if (numeric.length === 0) return result.rows as Row[];
      return (result.rows as Row[]).map((r) => {
        for (const k of numeric) if (r[k] !== null) r[k] = Number(r[k]);
        return r;
      });
    },
  };
}
