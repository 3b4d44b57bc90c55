import { describe, expect, it } from "vitest";
import { members, stackHistory } from "../../src/db/tables";
import { UserError } from "../../src/errors";
import { pickStack } from "../../src/stacks/pick";
import { stackPeers, stackStatus } from "../../src/stacks/show";
import { member, useStore } from "../helpers/store";

const NOW = new Date("2026-11-22T12:00:00Z");
const DAY = 86_400_000;
const later = (days: number) => new Date(NOW.getTime() + days * DAY);

describe("pickStack", () => {
  const store = useStore();

  it("first pick commits for the guild's commitment period and counts peers", async () => {
    const { db } = store();
    await pickStack(db, member("201"), { stackId: "go" }, NOW);
    const r = await pickStack(db, member("202"), { stackId: "go" }, NOW);
    expect(r.outcome).toBe("picked");
    expect(r.committedUntil?.toISOString()).toBe(later(90).toISOString());
    expect(r.peers).toBe(2);
    expect(await stackStatus(db, member().guildId, "202", later(10))).toMatchObject({
      stackId: "go",
      daysIn: 10,
      daysLeft: 80,
      switchCount: 0,
    });
  });

  it("refuses a switch while committed, with the days left, and stores nothing", async () => {
    const { db } = store();
    await pickStack(db, member(), { stackId: "go" }, NOW);
    const before = { m: await db.select().from(members), h: await db.select().from(stackHistory) };
    await expect(pickStack(db, member(), { stackId: "rust-axum" }, later(30))).rejects.toThrow(
      /60 days left.*switch:true/,
    );
    expect(await db.select().from(members)).toEqual(before.m);
    expect(await db.select().from(stackHistory)).toEqual(before.h);
  });

  it("switches with switch:true, records the reason and starts a new period", async () => {
    const { db } = store();
    await pickStack(db, member(), { stackId: "go" }, NOW);
    const r = await pickStack(
      db,
      member(),
      { stackId: "rust-axum", switch: true, reason: "team uses Rust" },
      later(30),
    );
    expect(r).toMatchObject({ outcome: "switched", peers: 1 });
    expect(r.committedUntil?.toISOString()).toBe(later(120).toISOString());
    const history = await db.select().from(stackHistory);
    expect(history.map((h) => [h.fromStack, h.toStack, h.reason])).toEqual([
      [null, "go", null],
      ["go", "rust-axum", "team uses Rust"],
    ]);
    expect((await stackStatus(db, member().guildId, member().userId, later(30)))?.switchCount).toBe(1);
  });

  it("allows a new pick without switch once the commitment has ended", async () => {
    const { db } = store();
    await pickStack(db, member(), { stackId: "go" }, NOW);
    expect((await pickStack(db, member(), { stackId: "dotnet" }, later(90))).outcome).toBe("switched");
  });

  it("picking the same stack again is a no-op that says so", async () => {
    const { db } = store();
    await pickStack(db, member(), { stackId: "go" }, NOW);
    const r = await pickStack(db, member(), { stackId: "go", switch: true }, later(5));
    expect(r.outcome).toBe("same");
    expect(r.committedUntil?.toISOString()).toBe(later(90).toISOString());
    expect(await db.select().from(stackHistory)).toHaveLength(1);
  });

  it("refuses an unknown stack and a too-long reason without storing anything", async () => {
    const { db } = store();
    await expect(pickStack(db, member(), { stackId: "cobol-cics" }, NOW)).rejects.toThrow(UserError);
    await expect(pickStack(db, member(), { stackId: "go", reason: "x".repeat(301) }, NOW)).rejects.toThrow(
      /300 characters/,
    );
    expect(await db.select().from(members)).toEqual([]);
    expect(await db.select().from(stackHistory)).toEqual([]);
  });

  it("keeps guilds apart", async () => {
    const { db } = store();
    await pickStack(db, member("201"), { stackId: "go" }, NOW);
    await pickStack(db, member("201", "100000000000000002"), { stackId: "dotnet" }, NOW);
    expect((await stackPeers(db, member().guildId, "go")).total).toBe(1);
    expect((await stackPeers(db, member().guildId, "dotnet")).total).toBe(0);
  });

  it("refuses switch:true without a reason while committed, names stacks by label, stores nothing", async () => {
    const { db } = store();
    await pickStack(db, member(), { stackId: "go" }, NOW);
    const before = { m: await db.select().from(members), h: await db.select().from(stackHistory) };
    await expect(pickStack(db, member(), { stackId: "rust-axum", switch: true }, later(30))).rejects.toThrow(
      /needs a reason.*60 days left on \*\*Go \+ Gin\/Chi\*\*/,
    );
    await expect(
      pickStack(db, member(), { stackId: "rust-axum", switch: true, reason: "  " }, later(30)),
    ).rejects.toThrow(/needs a reason/);
    await expect(pickStack(db, member(), { stackId: "rust-axum" }, later(30))).rejects.toThrow(
      /committed to \*\*Go \+ Gin\/Chi\*\*/,
    );
    expect(await db.select().from(members)).toEqual(before.m);
    expect(await db.select().from(stackHistory)).toEqual(before.h);
  });

  it("reports the stack a switch left, for its role", async () => {
    const { db } = store();
    await pickStack(db, member(), { stackId: "go" }, NOW);
    const r = await pickStack(db, member(), { stackId: "dotnet", switch: true, reason: "job" }, later(1));
    expect(r).toMatchObject({ outcome: "switched", previous: "go" });
  });
});
