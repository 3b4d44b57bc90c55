import { describe, expect, it } from "vitest";
import {
  cohortPeriod,
  cohortProgress,
  cohortState,
  cohortWeek,
  cohortWindow,
} from "../../src/cohorts/calendar";
import type { Cohort } from "../../src/cohorts/cohort";
import { endCohort } from "../../src/cohorts/cohorts";
import { addToCohort, joinCohort, leaveCohort, removeFromCohort } from "../../src/cohorts/membership";
import {
  cohortMemberIds,
  findCohort,
  guildDay,
  listCohorts,
  memberCohorts,
  searchCohorts,
} from "../../src/cohorts/queries";
import type { Store } from "../../src/db/client";
import { cohortMembers, cohorts } from "../../src/db/tables";
import { UserError } from "../../src/errors";
import { setGuildTimeZone } from "../../src/guilds/config";
import { leaderboard } from "../../src/leaderboards/leaderboard";
import { findMember } from "../../src/members/members";
import { dayStamp } from "../../src/text/format";
import { addDays } from "../../src/time/dates";
import { GUILD, OTHER_GUILD, useStore } from "../helpers/store";
import { cohort, hours, MOD, noon, ref } from "./fixtures";

// Monday 2026-03-02, noon UTC; the guild's zone is UTC unless a test sets one.
const TODAY = "2026-03-02";
const NOW = noon(TODAY);

const ADA = ref("201", "Ada");
const BOB = ref("202", "Bob");
const CAROL = ref("203", "Carol");

const allCohorts = async (s: Store) => await s.db.select().from(cohorts);
const allMemberships = async (s: Store) => await s.db.select().from(cohortMembers);

/** Runs `fn`, expects a UserError matching `message`, and checks nothing in the cohort tables changed. */
async function refused(s: Store, fn: () => unknown, message: RegExp) {
  const before = [await allCohorts(s), await allMemberships(s)];
  let error: unknown;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(UserError);
  expect((error as Error).message).toMatch(message);
  expect([await allCohorts(s), await allMemberships(s)]).toEqual(before);
}

describe("createCohort", () => {
  const store = useStore();

  it("stores a trimmed name, its lower-case key and the options", async () => {
    const s = store();
    const c = await cohort(
      s,
      {
        name: "  Spring \n  Backend ",
        start: TODAY,
        weeks: 12,
        channelId: "500000000000000001",
        capacity: 30,
      },
      NOW,
    );
    expect(c).toMatchObject({
      guildId: GUILD,
      name: "Spring Backend",
      nameKey: "spring backend",
      startDate: TODAY,
      weeks: 12,
      channelId: "500000000000000001",
      roleId: null,
      capacity: 30,
      createdBy: MOD,
      endedAt: null,
    });
  });

  it("refuses a name that exists in another case, but allows it in another guild", async () => {
    const s = store();
    await cohort(s, { name: "Spring backend", start: TODAY }, NOW);
    await refused(
      s,
      () => cohort(s, { name: "SPRING   BACKEND", start: TODAY }, NOW),
      /A cohort named "SPRING BACKEND" already exists/,
    );
    expect((await cohort(s, { name: "spring backend", start: TODAY }, NOW, OTHER_GUILD)).guildId).toBe(
      OTHER_GUILD,
    );
  });

  it("refuses empty, over-long and control-character names", async () => {
    const s = store();
    await refused(s, () => cohort(s, { name: "   ", start: TODAY }, NOW), /Give the cohort a name/);
    await refused(s, () => cohort(s, { name: "x".repeat(61), start: TODAY }, NOW), /at most 60 characters/);
    await refused(s, () => cohort(s, { name: "a\u0000b", start: TODAY }, NOW), /control characters/);
    expect((await cohort(s, { name: "x".repeat(60), start: TODAY }, NOW)).name).toHaveLength(60);
  });

  it("accepts a start exactly 30 days back and up to 365 days ahead, and refuses beyond", async () => {
    const s = store();
    await refused(
      s,
      () => cohort(s, { name: "a", start: addDays(TODAY, -31) }, NOW),
      /at most 30 days in the past: pick 2026-01-31 or later/,
    );
    await refused(
      s,
      () => cohort(s, { name: "b", start: addDays(TODAY, 366) }, NOW),
      /at most 365 days ahead/,
    );
    expect((await cohort(s, { name: "c", start: addDays(TODAY, -30) }, NOW)).startDate).toBe("2026-01-31");
    expect((await cohort(s, { name: "d", start: addDays(TODAY, 365) }, NOW)).startDate).toBe("2027-03-02");
  });

  it("refuses dates that are not real YYYY-MM-DD days", async () => {
    const s = store();
    for (const start of ["2026-02-29", "2026-3-2", "next monday", ""]) {
      await refused(s, () => cohort(s, { start }, NOW), /YYYY-MM-DD/);
    }
  });

  it("measures the 30 days in the guild's time zone", async () => {
    const s = store();
    // 2026-03-02 12:00 UTC is already 2026-03-03 in Kiritimati (UTC+14) and still 2026-03-02 in Pago Pago (UTC-11).
    await setGuildTimeZone(s.db, GUILD, "Pacific/Kiritimati", NOW);
    await setGuildTimeZone(s.db, OTHER_GUILD, "Pacific/Pago_Pago", NOW);
    await refused(s, () => cohort(s, { start: "2026-01-31" }, NOW), /pick 2026-02-01 or later/);
    expect((await cohort(s, { start: "2026-01-31" }, NOW, OTHER_GUILD)).startDate).toBe("2026-01-31");
  });

  it.each([0, 53, 60, 1.5, Number.NaN])("refuses %s weeks with the allowed range", async (weeks) => {
    const s = store();
    await refused(s, () => cohort(s, { start: TODAY, weeks }, NOW), /1 to 52 weeks.*whole number/);
  });

  it.each([1, 52])("accepts %s weeks", async (weeks) => {
    expect((await cohort(store(), { start: TODAY, weeks }, NOW)).weeks).toBe(weeks);
  });

  it("checks the capacity (1–1000) and ids when given", async () => {
    const s = store();
    for (const capacity of [0, 1001, 2.5, -1]) {
      await refused(
        s,
        () => cohort(s, { start: TODAY, capacity }, NOW),
        /Capacity must be a whole number from 1 to 1000/,
      );
    }
    await refused(s, () => cohort(s, { start: TODAY, channelId: "general" }, NOW), /Pick a channel/);
    expect((await cohort(s, { name: "one", start: TODAY, capacity: 1 }, NOW)).capacity).toBe(1);
    expect((await cohort(s, { name: "many", start: TODAY, capacity: 1000 }, NOW)).capacity).toBe(1000);
    expect(
      (await cohort(s, { name: "open", start: TODAY, capacity: null, roleId: null }, NOW)).capacity,
    ).toBeNull();
  });
});

describe("findCohort and searchCohorts", () => {
  const store = useStore();

  it("finds regardless of case and spacing, only in the same guild", async () => {
    const s = store();
    const c = await cohort(s, { name: "Spring backend", start: TODAY }, NOW);
    expect((await findCohort(s.db, GUILD, "  SPRING backend ")).id).toBe(c.id);
    await expect(findCohort(s.db, OTHER_GUILD, "Spring backend")).rejects.toThrow(
      'No cohort named "Spring backend" in this server. /cohort list shows them.',
    );
    await expect(findCohort(s.db, GUILD, "Autumn")).rejects.toThrow(UserError);
  });

  it("suggests at most 25 names, prefix matches first", async () => {
    const s = store();
    for (let i = 0; i < 30; i++)
      await cohort(s, { name: `Group ${String(i).padStart(2, "0")}`, start: TODAY }, NOW);
    await cohort(s, { name: "Backend basics", start: TODAY }, NOW);
    await cohort(s, { name: "Spring backend", start: TODAY }, NOW);
    await cohort(s, { name: "Backend elsewhere", start: TODAY }, NOW, OTHER_GUILD);
    expect(await searchCohorts(s.db, GUILD, "")).toHaveLength(25);
    expect(await searchCohorts(s.db, GUILD, "BACKEND")).toEqual(["Backend basics", "Spring backend"]);
    expect(await searchCohorts(s.db, GUILD, "%")).toEqual([]);
  });
});

describe("cohort calendar", () => {
  const store = useStore();
  // A Wednesday start, 12 weeks: 2026-03-04 … 2026-05-26.
  const c: Pick<Cohort, "name" | "startDate" | "weeks" | "endedAt"> = {
    name: "Spring backend",
    startDate: "2026-03-04",
    weeks: 12,
    endedAt: null,
  };

  it("numbers 7-day weeks from the start day", () => {
    expect(cohortWindow(c)).toEqual({ firstDay: "2026-03-04", lastDay: "2026-05-26" });
    expect(cohortWeek(c, "2026-03-03")).toBeNull();
    expect(cohortWeek(c, "2026-03-04")).toBe(1);
    expect(cohortWeek(c, "2026-03-10")).toBe(1);
    expect(cohortWeek(c, "2026-03-11")).toBe(2);
    expect(cohortWeek(c, "2026-05-20")).toBe(12);
    expect(cohortWeek(c, "2026-05-26")).toBe(12);
    expect(cohortWeek(c, "2026-05-27")).toBeNull();
  });

  it("is upcoming, running, then ended on its own after the last day", () => {
    expect(cohortState(c, "2026-03-03")).toBe("upcoming");
    expect(cohortState(c, "2026-03-04")).toBe("running");
    expect(cohortState(c, "2026-05-26")).toBe("running");
    expect(cohortState(c, "2026-05-27")).toBe("ended");
    expect(cohortState({ ...c, endedAt: NOW }, "2026-03-05")).toBe("ended");
  });

  it("gives the leaderboard period from the start to today, the last day or the day it was ended", () => {
    expect(cohortPeriod(c, "2026-03-20", "UTC")).toMatchObject({ from: "2026-03-04", to: "2026-03-20" });
    expect(cohortPeriod(c, "2026-09-01", "UTC")).toMatchObject({ from: "2026-03-04", to: "2026-05-26" });
    // ended 2026-03-10 at 23:30 UTC: already 2026-03-11 in Kiritimati
    const ended = { ...c, endedAt: new Date("2026-03-10T23:30:00Z") };
    expect(cohortPeriod(ended, "2026-04-01", "UTC").to).toBe("2026-03-10");
    expect(cohortPeriod(ended, "2026-04-01", "Pacific/Kiritimati").to).toBe("2026-03-11");
    expect(cohortProgress(ended, "2026-04-01", "Pacific/Kiritimati").throughWeek).toBe(2);
    // before the start the period ends before it begins: nothing counts
    expect(cohortPeriod(c, "2026-03-01", "UTC")).toEqual({
      from: "2026-03-04",
      to: "2026-03-01",
      label: `Spring backend · starts ${dayStamp("2026-03-04")}`,
    });
    expect(cohortPeriod(c, "2026-03-20", "UTC").label).toBe(
      `Spring backend · ${dayStamp("2026-03-04")} – ${dayStamp("2026-03-20")}`,
    );
  });

  it("follows each guild's own local day at the same instant", async () => {
    const s = store();
    await setGuildTimeZone(s.db, GUILD, "Pacific/Kiritimati", NOW);
    await setGuildTimeZone(s.db, OTHER_GUILD, "Pacific/Pago_Pago", NOW);
    const east = await cohort(s, { start: "2026-03-04", weeks: 2 }, NOW);
    const west = await cohort(s, { start: "2026-03-04", weeks: 2 }, NOW, OTHER_GUILD);
    // 2026-03-03 10:30 UTC = 2026-03-04 00:30 in Kiritimati, 2026-03-02 23:30 in Pago Pago
    const instant = new Date("2026-03-03T10:30:00Z");
    const eastDay = (await guildDay(s.db, GUILD, instant)).today;
    const westDay = (await guildDay(s.db, OTHER_GUILD, instant)).today;
    expect([eastDay, westDay]).toEqual(["2026-03-04", "2026-03-02"]);
    expect([cohortWeek(east, eastDay), cohortState(east, eastDay)]).toEqual([1, "running"]);
    expect([cohortWeek(west, westDay), cohortState(west, westDay)]).toEqual([null, "upcoming"]);
    // a week later: day 8 in Kiritimati (week 2), still day 6 in Pago Pago (week 1)
    const later = new Date("2026-03-10T10:30:00Z");
    expect(cohortWeek(east, (await guildDay(s.db, GUILD, later)).today)).toBe(2);
    expect(cohortWeek(west, (await guildDay(s.db, OTHER_GUILD, later)).today)).toBe(1);
    // and the last instant of the run differs too
    const end = new Date("2026-03-17T10:30:00Z");
    expect(cohortState(east, (await guildDay(s.db, GUILD, end)).today)).toBe("ended");
    expect(cohortState(west, (await guildDay(s.db, OTHER_GUILD, end)).today)).toBe("running");
  });
});

describe("membership", () => {
  const store = useStore();

  it("joins an upcoming or running cohort, creating the member row, and reports the role", async () => {
    const s = store();
    const running = await cohort(
      s,
      { name: "Running", start: "2026-02-23", roleId: "600000000000000001" },
      NOW,
    );
    const upcoming = await cohort(s, { name: "Upcoming", start: "2026-04-06" }, NOW);
    const r = await joinCohort(s.db, GUILD, "running", ADA, NOW);
    expect(r).toMatchObject({ roleId: "600000000000000001", members: 1 });
    expect(r.cohort.id).toBe(running.id);
    expect((await findMember(s.db, GUILD, ADA.userId))?.displayName).toBe("Ada");
    expect(await joinCohort(s.db, GUILD, "Upcoming", ADA, NOW)).toMatchObject({ roleId: null, members: 1 });
    expect(await cohortMemberIds(s.db, upcoming.id)).toEqual([ADA.userId]);
    expect((await memberCohorts(s.db, GUILD, ADA.userId)).map((c) => c.name)).toEqual([
      "Upcoming",
      "Running",
    ]);
  });

  it("refuses joining twice, a full cohort and an unknown one, changing nothing", async () => {
    const s = store();
    await cohort(s, { start: TODAY, capacity: 2 }, NOW);
    await joinCohort(s.db, GUILD, "Spring backend", ADA, NOW);
    await refused(
      s,
      () => joinCohort(s.db, GUILD, "Spring backend", ADA, NOW),
      /You are already in "Spring backend"/,
    );
    await joinCohort(s.db, GUILD, "Spring backend", BOB, NOW);
    await refused(
      s,
      () => joinCohort(s.db, GUILD, "Spring backend", CAROL, NOW),
      /is full \(2 of 2 places taken\)/,
    );
    expect(await findMember(s.db, GUILD, CAROL.userId)).toBeUndefined();
    await refused(
      s,
      () => joinCohort(s.db, GUILD, "Autumn", CAROL, NOW),
      /No cohort named "Autumn".*\/cohort list/,
    );
    // a member who is in a full cohort is told they are in it, not that it is full
    await refused(s, () => joinCohort(s.db, GUILD, "Spring backend", BOB, NOW), /already in/);
  });

  it("lets a moderator add past the capacity, but not twice", async () => {
    const s = store();
    await cohort(s, { start: TODAY, capacity: 1 }, NOW);
    await joinCohort(s.db, GUILD, "Spring backend", ADA, NOW);
    expect(await addToCohort(s.db, GUILD, "Spring backend", BOB, NOW)).toMatchObject({
      members: 2,
      overCapacity: true,
    });
    expect((await findMember(s.db, GUILD, BOB.userId))?.displayName).toBe("Bob");
    await refused(s, () => addToCohort(s.db, GUILD, "Spring backend", BOB, NOW), /already in/);
  });

  it("leaves and removes only members", async () => {
    const s = store();
    const c = await cohort(s, { start: TODAY, roleId: "600000000000000001" }, NOW);
    await joinCohort(s.db, GUILD, "Spring backend", ADA, NOW);
    await joinCohort(s.db, GUILD, "Spring backend", BOB, NOW);
    await refused(
      s,
      () => leaveCohort(s.db, GUILD, "Spring backend", CAROL.userId, NOW),
      /You are not in "Spring backend"/,
    );
    await refused(
      s,
      () => removeFromCohort(s.db, GUILD, "Spring backend", CAROL.userId, NOW),
      /not in "Spring backend"/,
    );
    expect(await leaveCohort(s.db, GUILD, "spring backend", ADA.userId, NOW)).toMatchObject({
      roleId: "600000000000000001",
      members: 1,
    });
    expect((await removeFromCohort(s.db, GUILD, "Spring backend", BOB.userId, NOW)).members).toBe(0);
    expect(await cohortMemberIds(s.db, c.id)).toEqual([]);
  });

  it("refuses joining, adding and leaving once ended; a moderator can still remove", async () => {
    const s = store();
    await cohort(s, { start: TODAY }, NOW);
    await joinCohort(s.db, GUILD, "Spring backend", ADA, NOW);
    await joinCohort(s.db, GUILD, "Spring backend", BOB, NOW);
    const ended = await endCohort(s.db, GUILD, "Spring backend", MOD, noon("2026-03-05"));
    expect(ended).toMatchObject({ endedBy: MOD, endedAt: noon("2026-03-05") });
    const later = noon("2026-03-06");
    await refused(
      s,
      () => joinCohort(s.db, GUILD, "Spring backend", CAROL, later),
      /"Spring backend" has ended/,
    );
    await refused(
      s,
      () => addToCohort(s.db, GUILD, "Spring backend", CAROL, later),
      /has ended, so nobody can be added/,
    );
    await refused(
      s,
      () => leaveCohort(s.db, GUILD, "Spring backend", ADA.userId, later),
      /has ended.*Ask a moderator/,
    );
    await refused(
      s,
      () => endCohort(s.db, GUILD, "Spring backend", MOD, later),
      /already ended on 2026-03-05/,
    );
    expect((await removeFromCohort(s.db, GUILD, "Spring backend", BOB.userId, later)).members).toBe(1);
  });

  it("treats a cohort past its last day as ended", async () => {
    const s = store();
    await cohort(s, { start: TODAY, weeks: 1 }, NOW);
    const after = noon("2026-03-09");
    await refused(s, () => joinCohort(s.db, GUILD, "Spring backend", ADA, after), /has ended/);
    await refused(
      s,
      () => endCohort(s.db, GUILD, "Spring backend", MOD, after),
      /already ended on its own after its last day, 2026-03-08/,
    );
    // the last day itself is still open
    expect((await joinCohort(s.db, GUILD, "Spring backend", ADA, noon("2026-03-08"))).members).toBe(1);
  });
});

describe("listCohorts", () => {
  const store = useStore();

  it("lists states, week N of M and member counts", async () => {
    const s = store();
    await cohort(s, { name: "Running", start: "2026-02-16", weeks: 12 }, NOW);
    await cohort(s, { name: "Upcoming", start: "2026-04-06", weeks: 6 }, NOW);
    await cohort(s, { name: "Ended", start: "2026-02-02", weeks: 2 }, NOW);
    await cohort(s, { name: "Elsewhere", start: TODAY }, NOW, OTHER_GUILD);
    for (const who of [ADA, BOB, CAROL]) await joinCohort(s.db, GUILD, "Running", who, NOW);
    await joinCohort(s.db, GUILD, "Upcoming", ADA, NOW);
    await joinCohort(s.db, OTHER_GUILD, "Elsewhere", ref("201", "Ada", OTHER_GUILD), NOW);
    const list = (await listCohorts(s.db, GUILD, TODAY)).map((l) => ({
      name: l.cohort.name,
      state: l.state,
      week: l.week,
      weeks: l.weeks,
      members: l.members,
    }));
    expect(list).toEqual([
      { name: "Running", state: "running", week: 3, weeks: 12, members: 3 },
      { name: "Upcoming", state: "upcoming", week: null, weeks: 6, members: 1 },
      { name: "Ended", state: "ended", week: null, weeks: 2, members: 0 },
    ]);
  });

  it("gives the cohort leaderboard over its members and run only", async () => {
    const s = store();
    const c = await cohort(s, { start: "2026-02-23" }, NOW);
    await joinCohort(s.db, GUILD, c.name, ADA, NOW);
    await joinCohort(s.db, GUILD, c.name, BOB, NOW);
    await hours(s, ADA, "2026-02-22", 5); // before the start
    await hours(s, ADA, "2026-02-24", 2);
    await hours(s, BOB, "2026-03-01", 3);
    await hours(s, CAROL, "2026-03-01", 9); // not a member
    await hours(s, ref(ADA.userId, "Ada", OTHER_GUILD), "2026-03-01", 8); // another guild
    const lb = await leaderboard(s.db, {
      guildId: GUILD,
      metric: "hours",
      period: cohortPeriod(c, TODAY, "UTC"),
      now: NOW,
      userIds: await cohortMemberIds(s.db, c.id),
    });
    expect(lb.top.map((t) => [t.displayName, t.score])).toEqual([
      ["Bob", 180],
      ["Ada", 120],
    ]);
  });
});
