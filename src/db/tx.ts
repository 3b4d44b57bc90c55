/**
 * The one way domain code writes: `transaction(db, async (tx) => …)`.
 *
 * On SQLite every flow shares one connection, and with async bodies two flows
 * (scheduler lanes, two interactions) would otherwise run statements inside each
 * other's open transaction: one's rollback would take the other's writes with it.
 * So transactions on a connection take turns (a FIFO queue): `BEGIN IMMEDIATE`
 * (the write lock first, see client.ts), the body, `COMMIT`; `ROLLBACK` when the
 * body throws. A transaction opened inside another one (same async flow, same
 * connection) is a SAVEPOINT, as better-sqlite3's nested transactions were: its
 * failure rolls back its own writes only, and the outer one goes on.
 *
 * A write outside a transaction would land in whichever transaction is open, so
 * write functions take a `Tx`, which only this function hands out (and
 * test/architecture/data-layer.test.ts forbids writes on a plain `db`). Reads
 * outside a transaction need no turn.
 *
 * On PostgreSQL (src/db/pg/store.ts) a transaction is drizzle's on one pooled
 * connection, and one opened inside another (same async flow) is a savepoint of
 * it. Connections isolate flows, so no queue is needed for that; but the domain's
 * read-then-write rules (the daily cap, "already logged", claims) were made safe
 * by SQLite's single writer. To keep them exactly as safe, every outermost
 * PostgreSQL transaction first takes one transaction-scoped advisory lock per
 * schema: writers on one database take turns, as on SQLite, while reads outside
 * transactions run in parallel.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "./client";
import { type Connection, connectionOf, isPg } from "./connection";

declare const inTransaction: unique symbol;
/** A handle inside an open transaction: what functions that write take. */
export type Tx = Db & { readonly [inTransaction]: true };

interface Open {
  connection: Connection;
  /** false once the transaction is over: work it left behind takes its turn like anyone */
  live: boolean;
  savepoints: number;
}

const open = new AsyncLocalStorage<Open>();
const tails = new Map<Connection | string, Promise<void>>();

/**
 * Whose turn it is goes by database file, not only by connection: two connections of one
 * process on one file (tests; a shard's old and new store) would otherwise deadlock, one
 * blocking the event loop in BEGIN IMMEDIATE's busy wait while the other, holding the
 * lock, waits for that loop to finish its transaction.
 */
const turnKey = (c: Connection): Connection | string => (c.memory ? c : `file:${c.name}`);

/** Waits for this database's turn; resolves to the function that passes the turn on. */
async function turn(connection: Connection): Promise<() => void> {
  const key = turnKey(connection);
  const before = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = before.then(() => mine);
  tails.set(key, tail);
  await before;
  return () => {
    release();
    // The last in line leaves no queue behind (a closed in-memory database is not kept).
    if (tails.get(key) === tail) tails.delete(key);
  };
}

async function savepoint<T>(db: Db, state: Open, body: (tx: Tx) => Promise<T> | T): Promise<T> {
  const name = `sp${++state.savepoints}`;
  state.connection.exec(`SAVEPOINT ${name}`);
  try {
    const result = await body(db as Tx);
    state.connection.exec(`RELEASE ${name}`);
    return result;
  } catch (error) {
    if (state.connection.inTransaction) state.connection.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
    throw error;
  } finally {
    state.savepoints--;
  }
}

/** Runs `body` in a transaction on `db`'s connection; commits what it wrote, or rolls back if it throws. */
export async function transaction<T>(db: Db, body: (tx: Tx) => Promise<T> | T): Promise<T> {
  if (isPg(db)) return pgTransaction(db, body);
  const connection = connectionOf(db);
  const outer = open.getStore();
  if (outer?.live && outer.connection === connection) return savepoint(db, outer, body);
  const release = await turn(connection);
  const state: Open = { connection, live: true, savepoints: 0 };
  try {
    connection.exec("BEGIN IMMEDIATE");
    try {
      const result = await open.run(state, () => body(db as Tx));
      connection.exec("COMMIT");
      return result;
    } catch (error) {
      if (connection.inTransaction) connection.exec("ROLLBACK");
      throw error;
    }
  } finally {
    state.live = false;
    release();
  }
}

interface PgOpen {
  root: Db;
  tx: Db;
  live: boolean;
}

const pgOpen = new AsyncLocalStorage<PgOpen>();

type PgTransactional = { transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> };

async function pgTransaction<T>(db: Db, body: (tx: Tx) => Promise<T> | T): Promise<T> {
  const outer = pgOpen.getStore();
  const nested = outer?.live === true && (outer.root === db || outer.tx === db);
  const base = (nested ? outer.tx : db) as unknown as PgTransactional;
  return base.transaction(async (tx) => {
    // the writers' turn (see the top of this file); a savepoint already has it
    if (!nested) await rawExecute(tx, "select pg_advisory_xact_lock(hashtext(current_schema()))");
    const state: PgOpen = { root: nested ? outer.root : db, tx, live: true };
    try {
      return await pgOpen.run(state, () => body(tx as Tx));
    } finally {
      state.live = false;
    }
  });
}

const rawExecute = (db: Db, text: string) =>
  (db as unknown as { execute(q: SQL): Promise<unknown> }).execute(sql.raw(text));
