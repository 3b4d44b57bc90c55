import { describe, expect, it } from "vitest";
import { checkedInMembers, checkIn } from "../../src/checkins/checkin";
import type { Store } from "../../src/db/client";
import { checkins } from "../../src/db/tables";
import { UserError } from "../../src/errors";
import { setMemberTimeZone } from "../../src/members/timezone";
import { GUILD, member, OTHER_GUILD, useStore } from "../helpers/store";

// Sunday 2026-11-22, 12:00 UTC: the week of Monday 2026-11-16
const NOW = new Date("2026-11-22T12:00:00Z");
const HOUR = 3_600_000;
const at = (hoursLater: number) => new Date(NOW.getTime() + hoursLater * HOUR);

function allCheckins(s: Store) {
  return s.db.select().from(checkins);
}

describe("checkIn", () => {
  const store = useStore();

  it("stores trimmed goals and blockers for the member's current week", async () => {
    const s = store();
    const r = await checkIn(
      s.db,
      member(),
      { goals: "  finish SQL joins  ", blockers: " docker on M1 " },
      NOW,
    );
    expect(r).toEqual({
      weekStart: "2026-11-16",
      replaced: false,
      goals: "finish SQL joins",
      blockers: "docker on M1",
    });
    expect(await allCheckins(s)).toEqual([
      {
        guildId: GUILD,
        userId: member().userId,
        weekStart: "2026-11-16",
        goals: "finish SQL joins",
        blockers: "docker on M1",
        createdAt: NOW,
        updatedAt: NOW,
      },
    ]);
  });

  it("stores no blockers when they are absent, null or blank", async () => {
    const s = store();
    expect((await checkIn(s.db, member("201"), { goals: "a" }, NOW)).blockers).toBeNull();
    expect((await checkIn(s.db, member("202"), { goals: "a", blockers: null }, NOW)).blockers).toBeNull();
    expect((await checkIn(s.db, member("203"), { goals: "a", blockers: "   " }, NOW)).blockers).toBeNull();
    expect((await allCheckins(s)).map((c) => c.blockers)).toEqual([null, null, null]);
  });

  it.each([
    ["empty", "", /goals are empty.*\/checkin goals:/],
    ["blank", "   \n  ", /goals are empty/],
    ["over 1000 characters", "x".repeat(1001), /at most 1000 characters/],
  ])("refuses %s goals with a UserError and stores nothing", async (_, goals, message) => {
    const s = store();
    await expect(checkIn(s.db, member(), { goals }, NOW)).rejects.toThrow(message);
    await expect(checkIn(s.db, member(), { goals }, NOW)).rejects.toThrow(UserError);
    expect(await allCheckins(s)).toEqual([]);
  });

  it("accepts exactly 1000 characters (after trimming) and refuses blockers over 1000", async () => {
    const s = store();
    await expect(checkIn(s.db, member(), { goals: "ok", blockers: "y".repeat(1001) }, NOW)).rejects.toThrow(
      /Blockers can be at most 1000/,
    );
    expect(await allCheckins(s)).toEqual([]);
    const r = await checkIn(
      s.db,
      member(),
      { goals: ` ${"x".repeat(1000)} `, blockers: "y".repeat(1000) },
      NOW,
    );
    expect(r.goals).toHaveLength(1000);
    expect(await allCheckins(s)).toHaveLength(1);
  });

  it("replaces the first check-in of the week, keeping created_at and updating updated_at", async () => {
    const s = store();
    await checkIn(s.db, member(), { goals: "first", blockers: "none" }, at(-50));
    const again = await checkIn(s.db, member(), { goals: "second" }, NOW);
    expect(again).toMatchObject({ weekStart: "2026-11-16", replaced: true, goals: "second", blockers: null });
    expect(await allCheckins(s)).toEqual([
      expect.objectContaining({
        weekStart: "2026-11-16",
        goals: "second",
        blockers: null,
        createdAt: at(-50),
        updatedAt: NOW,
      }),
    ]);
  });

  it("starts a new row in the next week and keeps last week's", async () => {
    const s = store();
    await checkIn(s.db, member(), { goals: "week one" }, NOW);
    const next = await checkIn(s.db, member(), { goals: "week two" }, at(24));
    expect(next).toMatchObject({ weekStart: "2026-11-23", replaced: false });
    expect((await allCheckins(s)).map((c) => [c.weekStart, c.goals]).sort()).toEqual([
      ["2026-11-16", "week one"],
      ["2026-11-23", "week two"],
    ]);
  });

  it("follows the member's own time zone around Sunday/Monday midnight", async () => {
    const s = store();
    // 23:30 UTC on Sunday is Monday 08:30 in Tokyo and Sunday 15:30 in Los Angeles
    const lateUtc = new Date("2026-11-22T23:30:00Z");
    await setMemberTimeZone(s.db, member("201"), "Asia/Tokyo", lateUtc);
    await setMemberTimeZone(s.db, member("202"), "America/Los_Angeles", lateUtc);
    expect((await checkIn(s.db, member("201"), { goals: "tokyo" }, lateUtc)).weekStart).toBe("2026-11-23");
    expect((await checkIn(s.db, member("202"), { goals: "la" }, lateUtc)).weekStart).toBe("2026-11-16");
    // the guild (UTC) member is still on Sunday
    expect((await checkIn(s.db, member("203"), { goals: "utc" }, lateUtc)).weekStart).toBe("2026-11-16");

    // one minute before and after local midnight between Sunday and Monday in Los Angeles (UTC-8)
    const la = member("202");
    expect(
      await checkIn(s.db, la, { goals: "sunday night" }, new Date("2026-11-23T07:59:00Z")),
    ).toMatchObject({
      weekStart: "2026-11-16",
      replaced: true,
    });
    expect(
      await checkIn(s.db, la, { goals: "monday morning" }, new Date("2026-11-23T08:01:00Z")),
    ).toMatchObject({
      weekStart: "2026-11-23",
      replaced: false,
    });
  });
});

describe("checkedInMembers", () => {
  const store = useStore();

  it("lists the guild's members who checked in for that week only", async () => {
    const s = store();
    await checkIn(s.db, member("201"), { goals: "a" }, NOW);
    await checkIn(s.db, member("202"), { goals: "b" }, NOW);
    await checkIn(s.db, member("203"), { goals: "next week" }, at(24));
    await checkIn(s.db, member("204", OTHER_GUILD), { goals: "elsewhere" }, NOW);
    expect(await checkedInMembers(s.db, GUILD, "2026-11-16")).toEqual(new Set(["201", "202"]));
    expect(await checkedInMembers(s.db, GUILD, "2026-11-23")).toEqual(new Set(["203"]));
    expect(await checkedInMembers(s.db, OTHER_GUILD, "2026-11-16")).toEqual(new Set(["204"]));
    expect((await checkedInMembers(s.db, GUILD, "2026-11-09")).size).toBe(0);
  });
});
