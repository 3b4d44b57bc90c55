import { afterEach, beforeEach, it } from "vitest";
import { openStore, type Store } from "../../src/db/client";
import { type PgStore, pgStoreOver, preparePg } from "../../src/db/pg/store";
import { entries } from "../../src/db/tables";
import type { MemberRef } from "../../src/members/members";
import { SQLITE_ONLY_TESTS } from "../engines";
import { createPgSchema } from "./pg";

/**
 * Which engine this test run's stores are on: the "pg" vitest project
 * (vitest.config.ts, test/engines.ts) sets SHIPLOG_TEST_ENGINE=pg.
 */
export const ON_PG = process.env.SHIPLOG_TEST_ENGINE === "pg";

/**
 * A real database with the shipped migrations, closed (and on PostgreSQL dropped) after each test:
 * in-memory SQLite, or in the "pg" project a fresh PostgreSQL schema on TEST_DATABASE_URL.
 */
export function useStore(): () => Store {
  let store: Store | undefined;
  if (ON_PG) {
    beforeEach(async () => {
      const schema = await createPgSchema();
      const client = await schema.pool.connect();
      try {
        await preparePg(client);
      } finally {
        client.release();
      }
      const pg = pgStoreOver(schema.pool, schema.drop);
      store = {
        db: pg.db,
        get sqlite(): never {
          throw new Error("this test reads SQLite directly: list it in test/engines.ts as SQLite-only");
        },
        close: () => void pg.close(),
        closeAsync: pg.close,
      } as Store & { closeAsync(): Promise<void> };
    });
  }
  afterEach(async () => {
    const s = store as (Store & { closeAsync?: () => Promise<void> }) | undefined;
    store = undefined;
    if (s?.closeAsync) await s.closeAsync();
    else s?.close();
  });
  return () => {
    store ??= openStore(":memory:");
    return store;
  };
}

/**
 * `it` for a test that runs on SQLite only; `key` names its reason in test/engines.ts
 * (SQLITE_ONLY_TESTS), the one place that says why. On PostgreSQL it is reported as not run.
 */
export function sqliteOnly(key: string): typeof it.runIf extends (c: boolean) => infer T ? T : never {
  if (!(key in SQLITE_ONLY_TESTS)) throw new Error(`${key}: say why in test/engines.ts (SQLITE_ONLY_TESTS)`);
  return it.runIf(!ON_PG);
}

/** The SQLite connection of a bot's store, for tests that read SQLite itself (listed in test/engines.ts). */
export function sqliteOf(store: Store | PgStore): Store["sqlite"] {
  if (!("sqlite" in store))
    throw new Error("this test reads SQLite directly: list it in test/engines.ts as SQLite-only");
  return store.sqlite;
}

export const GUILD = "100000000000000001";
export const OTHER_GUILD = "100000000000000002";

export function member(userId = "200000000000000001", guildId = GUILD): MemberRef {
  return { guildId, userId, displayName: `user-${userId.slice(-3)}` };
}

/** Every entry row in id order, for "nothing was stored" assertions. */
export async function allEntries(store: Store) {
  return store.db.select().from(entries).orderBy(entries.id);
}

let interactionSeq = 300_000_000_000_000_000n;
export function interactionId(): string {
  interactionSeq += 1n;
  return interactionSeq.toString();
}
