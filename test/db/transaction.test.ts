import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { secrets } from "../../src/db/schema";
import { type Tx, transaction } from "../../src/db/tx";
import { useStore } from "../helpers/store";

const NOW = new Date("2026-03-02T12:00:00Z");

/** A promise the test resolves by hand: the body of a transaction waits on it. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

/** Lets every pending callback run (what a body's await would let in), without any timer. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const put = (tx: Tx, name: string) => tx.insert(secrets).values({ name, value: "x", createdAt: NOW });

describe("transaction(db, async body)", () => {
  const store = useStore();
  const names = () =>
    store()
      .db.select({ name: secrets.name })
      .from(secrets)
      .all()
      .map((r) => r.name)
      .sort();

  it("runs two concurrent transactions one after the other, never interleaved", async () => {
    const { db } = store();
    const events: string[] = [];
    const a = gate();
    const first = transaction(db, async (tx) => {
      events.push("a begin");
      await put(tx, "a1");
      await a.wait;
      await put(tx, "a2");
      events.push("a end");
    });
    const second = transaction(db, async (tx) => {
      events.push("b begin");
      await put(tx, "b1");
      events.push("b end");
    });
    await settle();
    expect(events).toEqual(["a begin"]);
    a.open();
    await Promise.all([first, second]);
    expect(events).toEqual(["a begin", "a end", "b begin", "b end"]);
    expect(names()).toEqual(["a1", "a2", "b1"]);
  });

  it("rolls back only the transaction that threw; the other's write stays", async () => {
    const { db } = store();
    const a = gate();
    const failing = transaction(db, async (tx) => {
      await put(tx, "lost");
      await a.wait;
      throw new Error("boom");
    });
    const other = transaction(db, async (tx) => {
      await put(tx, "kept");
    });
    await settle();
    a.open();
    await expect(failing).rejects.toThrow("boom");
    await other;
    expect(names()).toEqual(["kept"]);
    expect(store().sqlite.inTransaction).toBe(false);
  });

  it("runs a transaction opened inside another inline, as a savepoint that can fail alone", async () => {
    const { db } = store();
    await transaction(db, async (tx) => {
      await put(tx, "outer");
      await expect(
        transaction(db, async (inner) => {
          await put(inner, "inner");
          throw new Error("inner failed");
        }),
      ).rejects.toThrow("inner failed");
      await transaction(tx, (inner) => put(inner, "inner ok"));
    });
    expect(names()).toEqual(["inner ok", "outer"]);
  });

  it("rolls back a failed statement's transaction whole (a unique key refused)", async () => {
    const { db } = store();
    await transaction(db, (tx) => put(tx, "taken"));
    await expect(
      transaction(db, async (tx) => {
        await put(tx, "new");
        await put(tx, "taken");
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect(names()).toEqual(["taken"]);
  });

  it("gives work a finished transaction left behind its own turn", async () => {
    const { db } = store();
    let later: Promise<void> | undefined;
    const a = gate();
    await transaction(db, async () => {
      later = (async () => {
        await a.wait;
        await transaction(db, (tx) => put(tx, "after"));
      })();
    });
    const b = gate();
    const holding = transaction(db, async (tx) => {
      await put(tx, "holder");
      await b.wait;
      throw new Error("holder rolled back");
    });
    a.open();
    await settle();
    // Still waiting for the holder's turn: not run inside its (soon rolled back) transaction.
    expect(store().db.select().from(secrets).where(eq(secrets.name, "after")).all()).toEqual([]);
    b.open();
    await expect(holding).rejects.toThrow("holder rolled back");
    await later;
    expect(names()).toEqual(["after"]);
  });
});
