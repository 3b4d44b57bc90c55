/**
 * The data layer on PostgreSQL (src/db/pg/store.ts, tx.ts, raw.ts, prepared.ts):
 * transactions commit, roll back and nest as savepoints on one connection,
 * writers take turns (the advisory lock that keeps SQLite's one-writer rules),
 * and raw SQL and prepared statements answer as on SQLite.
 */
import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { pgStoreOver, preparePg } from "../../src/db/pg/store";
import { prepared } from "../../src/db/prepared";
import { rawAll, rawGet, rawRun } from "../../src/db/raw";
import { dialect, guilds } from "../../src/db/tables";
import { transaction } from "../../src/db/tx";
import { describePg, usePgSchemaEach } from "../helpers/pg";

const AT = new Date("2026-11-22T12:00:00Z");

describePg("the data layer on PostgreSQL", () => {
  const schema = usePgSchemaEach();
  const open = async () => {
    const client = await schema().pool.connect();
    try {
      await preparePg(client);
    } finally {
      client.release();
    }
    // the schema's drop ends the pool
    return pgStoreOver(schema().pool, async () => {});
  };
  const ids = async (db: Awaited<ReturnType<typeof open>>["db"]) =>
    (await db.select({ id: guilds.id }).from(guilds).orderBy(guilds.id)).map((g) => g.id);

  it("selects the PostgreSQL tables for the process", async () => {
    await open();
    expect(dialect()).toBe("pg");
  });

  it("commits a transaction, and rolls back all of one that throws", async () => {
    const { db } = await open();
    await transaction(db, (tx) => tx.insert(guilds).values({ id: "1", createdAt: AT }));
    await expect(
      transaction(db, async (tx) => {
        await tx.insert(guilds).values({ id: "2", createdAt: AT });
        throw new Error("no");
      }),
    ).rejects.toThrow("no");
    expect(await ids(db)).toEqual(["1"]);
  });

  it("nests as a savepoint on the same connection: the inner failure undoes only its own writes", async () => {
    const { db } = await open();
    const pids: number[] = [];
    const pid = async (h: typeof db) =>
      (await rawGet<{ pid: number }>(h, sql`select pg_backend_pid() as pid`))?.pid ?? -1;
    await transaction(db, async (tx) => {
      pids.push(await pid(tx));
      await tx.insert(guilds).values({ id: "1", createdAt: AT });
      // a domain function handed the plain db opens its transaction inside this one
      await expect(
        transaction(db, async (inner) => {
          pids.push(await pid(inner));
          await inner.insert(guilds).values({ id: "2", createdAt: AT });
          throw new Error("inner");
        }),
      ).rejects.toThrow("inner");
      await transaction(tx, (inner) => inner.insert(guilds).values({ id: "3", createdAt: AT }));
    });
    expect(pids[0]).toBe(pids[1]);
    expect(await ids(db)).toEqual(["1", "3"]);
  });

  it("lets writers take turns: a second transaction waits for the first to finish", async () => {
    const { db, pool } = await open();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = transaction(db, async (tx) => {
      order.push("first in");
      await tx.insert(guilds).values({ id: "1", createdAt: AT });
      await gate;
      order.push("first out");
    });
    // wait until the first holds the lock
    while (!order.includes("first in")) await new Promise((r) => setImmediate(r));
    const second = transaction(db, async (tx) => {
      order.push("second in");
      await tx.update(guilds).set({ timezone: "Europe/Berlin" }).where(eq(guilds.id, "1"));
    });
    // the second is queued on the advisory lock in the server, not in this process
    for (;;) {
      const { rows } = await pool.query<{ n: number }>(
        // this schema's writer lock (src/db/tx.ts): a bigint key, whose low 32 bits are objid
        `select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted
           and objid::bigint = (hashtext($1)::bigint & 4294967295)`,
        [schema().schema],
      );
      if ((rows[0]?.n ?? 0) > 0) break;
      await new Promise((r) => setImmediate(r));
    }
    expect(order).toEqual(["first in"]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(["first in", "first out", "second in"]);
    expect((await db.select().from(guilds))[0]?.timezone).toBe("Europe/Berlin");
  });

  it("answers raw SQL and prepared statements with numbers, as SQLite does", async () => {
    const { db } = await open();
    await transaction(db, async (tx) => {
      await tx.insert(guilds).values([
        { id: "1", createdAt: AT },
        { id: "2", createdAt: AT },
      ]);
      expect(await rawRun(tx, sql`update guilds set daily_cap_minutes = 600`)).toBe(2);
    });
    expect(await rawAll(db, sql`select count(*) as n, sum(daily_cap_minutes) as total from guilds`)).toEqual([
      { n: 2, total: 1200 },
    ]);
    const cap = prepared<{ id: string }>(
      db,
      "select id from guilds where daily_cap_minutes = ? and id > ? order by id",
    );
    expect(await cap.all(600, "0")).toEqual([{ id: "1" }, { id: "2" }]);
    expect(await cap.get(600, "1")).toEqual({ id: "2" });
    expect(await cap.value<string>(600, "2")).toBeUndefined();
    expect(await prepared(db, "select count(*) from guilds where id <> ?").value<number>("1")).toBe(1);
  });
});
