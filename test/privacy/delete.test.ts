import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { checkins, cohortMembers, cohorts, entries, members, stackHistory } from "../../src/db/tables";
import {
  checkDeleteToken,
  DELETE_TOKEN_TTL_MS,
  deleteMemberData,
  deleteToken,
  describeDeletion,
} from "../../src/privacy/delete";
import { exportMemberData } from "../../src/privacy/export";
import { expectUserError } from "../helpers/errors";
import { GUILD, OTHER_GUILD, useStore } from "../helpers/store";
import { ALICE, BOB, NOW, seedWorld } from "./seed";

/** Rows of each table about one user in one guild, read straight from the tables. */
async function rowsOf(db: Db, guildId: string, userId: string) {
  return {
    entries: await db
      .select()
      .from(entries)
      .where(and(eq(entries.guildId, guildId), eq(entries.userId, userId))),
    checkins: await db
      .select()
      .from(checkins)
      .where(and(eq(checkins.guildId, guildId), eq(checkins.userId, userId))),
    stackHistory: await db
      .select()
      .from(stackHistory)
      .where(and(eq(stackHistory.guildId, guildId), eq(stackHistory.userId, userId))),
    cohortMembers: await db
      .select({ cohortId: cohortMembers.cohortId, joinedAt: cohortMembers.joinedAt })
      .from(cohortMembers)
      .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
      .where(and(eq(cohorts.guildId, guildId), eq(cohortMembers.userId, userId))),
    members: await db
      .select()
      .from(members)
      .where(and(eq(members.guildId, guildId), eq(members.userId, userId))),
  };
}

const NOTHING = {
  entries: 0,
  checkins: 0,
  stackHistory: 0,
  cohortMemberships: 0,
  reminders: 0,
  reminderDms: 0,
  celebrations: 0,
  member: false,
};

describe("deleteMemberData", () => {
  const store = useStore();

  it("erases every row about the member in this guild and reports the counts", async () => {
    const { db } = store();
    await seedWorld(db);
    const before = await rowsOf(db, GUILD, ALICE);
    expect(before.entries).toHaveLength(3);

    const counts = await deleteMemberData(db, GUILD, ALICE);
    expect(counts).toEqual({
      entries: 3,
      checkins: 2,
      stackHistory: 2,
      cohortMemberships: 1,
      reminders: 2,
      reminderDms: 1,
      celebrations: 2,
      member: true,
    });
    expect(await rowsOf(db, GUILD, ALICE)).toEqual({
      entries: [],
      checkins: [],
      stackHistory: [],
      cohortMembers: [],
      members: [],
    });
    expect(await exportMemberData(db, GUILD, ALICE, NOW)).toMatchObject({
      member: null,
      entries: [],
      checkins: [],
      stack_history: [],
      cohorts: [],
      reminders: [],
      reminder_dms: [],
    });
  });

  it("leaves other members, the same user's other guild and the server's cohorts untouched", async () => {
    const { db } = store();
    await seedWorld(db);
    const bob = await rowsOf(db, GUILD, BOB);
    const elsewhere = await rowsOf(db, OTHER_GUILD, ALICE);
    const allCohorts = await db.select().from(cohorts);
    expect(bob.cohortMembers).toHaveLength(3);
    expect(elsewhere.cohortMembers).toHaveLength(1);

    await deleteMemberData(db, GUILD, ALICE);
    expect(await rowsOf(db, GUILD, BOB)).toEqual(bob);
    expect(await rowsOf(db, OTHER_GUILD, ALICE)).toEqual(elsewhere);
    // including the cohort Alice created: it belongs to the server
    expect(await db.select().from(cohorts)).toEqual(allCohorts);
    expect(allCohorts.some((c) => c.createdBy === ALICE)).toBe(true);
  });

  it("is harmless to run twice or for someone with no data", async () => {
    const { db } = store();
    await seedWorld(db);
    await deleteMemberData(db, GUILD, ALICE);
    expect(await deleteMemberData(db, GUILD, ALICE)).toEqual(NOTHING);
    expect(await deleteMemberData(db, GUILD, "123")).toEqual(NOTHING);
  });
});

describe("describeDeletion", () => {
  it("lists what was deleted, with plurals", () => {
    expect(
      describeDeletion({
        entries: 3,
        checkins: 1,
        stackHistory: 2,
        cohortMemberships: 1,
        celebrations: 0,
        member: true,
      }),
    ).toBe(
      "Deleted your data in this server: 3 entries, 1 check-in, 2 stack changes, 1 cohort membership and your profile (stack, commitment and time zone). Using shiplog here again starts from scratch.",
    );
    expect(describeDeletion({ ...NOTHING, entries: 1 })).toBe(
      "Deleted your data in this server: 1 entry. Using shiplog here again starts from scratch.",
    );
  });

  it("says so when there was nothing", () => {
    expect(describeDeletion(NOTHING)).toMatch(/nothing stored about you/);
  });
});

describe("delete confirmation tokens", () => {
  it("encode the member and the expiry, and accept the member before expiry", () => {
    const token = deleteToken(ALICE, NOW);
    expect(token).toBe(`delete:${ALICE}:${NOW.getTime() + DELETE_TOKEN_TTL_MS}`);
    expect(`privacy:${token}`.length).toBeLessThanOrEqual(100);
    expect(checkDeleteToken(token, ALICE, NOW)).toEqual({ userId: ALICE });
    expect(checkDeleteToken(token, ALICE, new Date(NOW.getTime() + DELETE_TOKEN_TTL_MS - 1))).toEqual({
      userId: ALICE,
    });
  });

  it("refuse anyone but the member", async () => {
    await expectUserError(
      () => checkDeleteToken(deleteToken(ALICE, NOW), BOB, NOW),
      new RegExp(`^Only <@${ALICE}> can confirm their own deletion`),
    );
  });

  it("expire at exactly their expiry time", async () => {
    const token = deleteToken(ALICE, NOW, 1000);
    await expectUserError(
      () => checkDeleteToken(token, ALICE, new Date(NOW.getTime() + 1000)),
      /^This confirmation expired — run \/privacy delete again\.$/,
    );
    await expectUserError(() => checkDeleteToken(token, ALICE, new Date(NOW.getTime() + 60_000)), /expired/);
  });

  it("refuse malformed tokens", async () => {
    for (const bad of [
      "",
      "delete",
      `delete:${ALICE}`,
      `delete:${ALICE}:`,
      `delete:${ALICE}:soon`,
      `delete::${NOW.getTime()}`,
      `remove:${ALICE}:${NOW.getTime() + 1000}`,
      `delete:${ALICE}:${NOW.getTime() + 1000}:extra`,
      `delete:${ALICE}:1e20`,
      `delete:${ALICE}:99999999999999999999`,
    ]) {
      await expectUserError(
        () => checkDeleteToken(bad, ALICE, NOW),
        /not valid — run \/privacy delete again/,
      );
    }
  });
});
