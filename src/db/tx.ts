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
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Db } from "./client";
import { type Connection, connectionOf } from "./connection";

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
