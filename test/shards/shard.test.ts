import Database from "better-sqlite3";
import { ShardClientUtil } from "discord.js";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inShard, ownsGuild, shardOf, validShard } from "../../src/shards/shard";

describe("shardOf: Discord's (guild_id >> 22) % shard_count", () => {
  it("matches known examples", () => {
    // serenity's documented example: guild 81384788765712384 on 17 shards is shard 7
    expect(shardOf("81384788765712384", 17)).toBe(7);
    expect(shardOf("81384788765712384", 2)).toBe(0);
    expect(shardOf("222078108977594368", 17)).toBe(9);
    expect(shardOf("613425648685547541", 3)).toBe(2);
    expect(shardOf("613425648685547541", 1)).toBe(0);
  });

  it("agrees with discord.js's own ShardClientUtil.shardIdForGuildId", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.integer({ min: 1, max: 5000 }), (id, n) => {
        expect(shardOf(String(id), n)).toBe(ShardClientUtil.shardIdForGuildId(String(id), n));
      }),
    );
  });

  it("refuses a shard count below 1 and ids that are not snowflakes", async () => {
    expect(() => shardOf("81384788765712384", 0)).toThrow(/shard count/);
    expect(() => shardOf("81384788765712384", 1.5)).toThrow(/shard count/);
    expect(() => shardOf("-1", 2)).toThrow(/not a snowflake/);
    expect(() => shardOf("abc", 2)).toThrow(/not a snowflake/);
  });

  it("ownsGuild: every guild when unsharded, only its own when sharded", () => {
    expect(ownsGuild(undefined, "81384788765712384")).toBe(true);
    expect(ownsGuild({ id: 0, count: 1 }, "81384788765712384")).toBe(true);
    expect(ownsGuild({ id: 7, count: 17 }, "81384788765712384")).toBe(true);
    expect(ownsGuild({ id: 6, count: 17 }, "81384788765712384")).toBe(false);
  });

  it("validShard: 0 ≤ id < count", () => {
    expect(validShard({ id: 0, count: 1 })).toBe(true);
    expect(validShard({ id: 1, count: 2 })).toBe(true);
    expect(validShard({ id: 2, count: 2 })).toBe(false);
    expect(validShard({ id: -1, count: 2 })).toBe(false);
    expect(validShard({ id: 0, count: 0 })).toBe(false);
  });
});

describe("inShard: the same arithmetic inside SQLite", () => {
  const sqlite = new Database(":memory:");
  const db = drizzle(sqlite);
  sqlite.exec("create table g (id text primary key)");
  const insert = sqlite.prepare("insert or ignore into g values (?)");
  const column = sql.identifier("id");
  const inSql = (count: number, id: number) =>
    db
      .all<{ id: string }>(sql`select id from g where ${inShard(column, { id, count })} order by id`)
      .map((r) => r.id);

  it("selects exactly the ids shardOf assigns, for every snowflake below 2^63", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 64 }),
        (ids, count) => {
          sqlite.exec("delete from g");
          for (const id of ids) insert.run(String(id));
          for (let shard = 0; shard < count; shard += 1) {
            const expected = ids
              .map(String)
              .filter((id) => shardOf(id, count) === shard)
              .sort();
            expect(inSql(count, shard)).toEqual(expected);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it("the largest id below 2^63 still lands where shardOf puts it (the documented limit)", () => {
    sqlite.exec("delete from g");
    const max = String(2n ** 63n - 1n);
    insert.run(max);
    expect(inSql(17, shardOf(max, 17))).toEqual([max]);
  });

  it("unsharded is no condition at all", () => {
    sqlite.exec("delete from g");
    insert.run("81384788765712384");
    insert.run("222078108977594368");
    expect(db.all(sql`select id from g where ${inShard(column, undefined)}`)).toHaveLength(2);
  });
});
