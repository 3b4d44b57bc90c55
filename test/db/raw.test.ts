import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { prepared } from "../../src/db/prepared";
import { changes, first, one, rawAll, rawGet, rawRun } from "../../src/db/raw";
import { secrets } from "../../src/db/schema";
import { transaction } from "../../src/db/tx";
import { useStore } from "../helpers/store";

const NOW = new Date("2026-03-02T12:00:00Z");

describe("the dialect-neutral helpers", () => {
  const store = useStore();

  it("first gives the first row or undefined; one refuses a statement that returned nothing", async () => {
    const { db } = store();
    const inserted = await transaction(db, (tx) =>
      one(tx.insert(secrets).values({ name: "a", value: "1", createdAt: NOW }).returning()),
    );
    expect(inserted.name).toBe("a");
    expect((await first(db.select().from(secrets).where(eq(secrets.name, "a")).limit(1)))?.value).toBe("1");
    expect(await first(db.select().from(secrets).where(eq(secrets.name, "none")).limit(1))).toBeUndefined();
    await expect(
      transaction(db, (tx) =>
        one(
          tx
            .insert(secrets)
            .values({ name: "a", value: "2", createdAt: NOW })
            .onConflictDoNothing()
            .returning(),
        ),
      ),
    ).rejects.toThrow(/expected the statement to return a row/);
  });

  it("changes counts the rows a write changed (0 when none matched)", async () => {
    const { db } = store();
    await transaction(db, (tx) => tx.insert(secrets).values({ name: "a", value: "1", createdAt: NOW }));
    const hit = await transaction(db, (tx) =>
      tx.update(secrets).set({ value: "2" }).where(eq(secrets.name, "a")),
    );
    const miss = await transaction(db, (tx) => tx.delete(secrets).where(eq(secrets.name, "none")));
    expect([changes(hit), changes(miss)]).toEqual([1, 0]);
    expect(changes({ rowCount: 3 })).toBe(3);
  });

  it("runs raw SQL: rows, a row, and a write's count", async () => {
    const { db } = store();
    const n = await transaction(db, (tx) =>
      rawRun(tx, sql`insert into secrets (name, value, created_at) values ('r', 'v', 0), ('s', 'w', 0)`),
    );
    expect(n).toBe(2);
    expect(await rawAll<{ name: string }>(db, sql`select name from secrets order by name`)).toEqual([
      { name: "r" },
      { name: "s" },
    ]);
    expect(await rawGet<{ value: string }>(db, sql`select value from secrets where name = ${"s"}`)).toEqual({
      value: "w",
    });
    expect(await rawGet(db, sql`select value from secrets where name = ${"none"}`)).toBeUndefined();
  });

  it("prepares a statement once per connection and reads rows, a row or a value through it", async () => {
    const { db } = store();
    await transaction(db, (tx) => tx.insert(secrets).values({ name: "a", value: "1", createdAt: NOW }));
    const text = "select name, value from secrets where name = ?";
    const stmt = prepared<{ name: string; value: string }>(db, text);
    expect(prepared(db, text)).toBe(stmt);
    expect(await stmt.value<string>("a")).toBe("a");
    expect(await stmt.get("a")).toEqual({ name: "a", value: "1" });
    expect(await stmt.all("a")).toEqual([{ name: "a", value: "1" }]);
    expect(await stmt.get("none")).toBeUndefined();
    expect(await stmt.value("none")).toBeUndefined();
    expect(() => prepared(db, "select name from nowhere")).toThrow(/no such table/);
  });
});
