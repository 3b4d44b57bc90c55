/**
 * Several stores on ONE database, each with its own connection, to race claims the way shards,
 * restarts and duplicate processes do: on SQLite, N `openStore` on one temp file; in the "pg"
 * project (ON_PG), N pools (separate connections) on one fresh PostgreSQL schema. `target` is what
 * a process of its own opens: the SQLite file's path, or a postgres:// URL naming the schema.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { type Db, openStore } from "../../src/db/client";
import { connectPg } from "../../src/db/pg/connect";
import { pgStoreOver, preparePg } from "../../src/db/pg/store";
import { createPgSchema, type PgSchema } from "./pg";
import { ON_PG } from "./store";

export interface SharedStore {
  db: Db;
}

export interface SharedDatabase {
  stores: SharedStore[];
  /** for a child process: an SQLite path, or a PostgreSQL URL with this schema's search_path */
  target: string;
}

/** `const shared = useSharedDatabase(); const { stores } = await shared(3);` — closed after each test. */
export function useSharedDatabase(): (count: number) => Promise<SharedDatabase> {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return async (count) => {
    if (ON_PG) {
      const schema: PgSchema = await createPgSchema();
      cleanups.push(schema.drop);
      const client = await schema.pool.connect();
      try {
        await preparePg(client);
      } finally {
        client.release();
      }
      const stores: SharedStore[] = [];
      for (let i = 0; i < count; i++) {
        const pool = await connectPg(schema.url, { schema: schema.schema, max: 2 });
        const store = pgStoreOver(pool);
        cleanups.push(store.close);
        stores.push(store);
      }
      return { stores, target: schema.url };
    }
    const dir = mkdtempSync(join(tmpdir(), "shiplog-shared-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "shared.db");
    const stores = Array.from({ length: count }, () => {
      const store = openStore(path);
      cleanups.push(store.close);
      return store;
    });
    return { stores, target: path };
  };
}
