import { describe, expect, it } from "vitest";
import { checkIn } from "../../src/checkins/checkin";
import { endCohort } from "../../src/cohorts/cohorts";
import { joinCohort } from "../../src/cohorts/membership";
import {
  type CohortMemberStatus,
  type CohortStatus,
  cohortStatus,
  MAX_PAGE,
  statusPages,
} from "../../src/cohorts/status";
import type { Store } from "../../src/db/client";
import { undoLast } from "../../src/logs/undo";
import { GUILD, OTHER_GUILD, useStore } from "../helpers/store";
import { cohort, hours, MOD, noon, project, ref } from "./fixtures";

const ADA = ref("201", "Ada");
const BOB = ref("202", "Bob");
const CAROL = ref("203", "Carol");
const DAN = ref("204", "Dan"); // in the guild, not in the cohort

/**
 * A 4-week cohort from Monday 2026-03-02, looked at on Saturday 2026-03-14 (week 2).
 */
async function seed(s: Store) {
  const c = await cohort(s, { start: "2026-03-02", weeks: 4 }, noon("2026-02-25"));
  for (const who of [ADA, BOB, CAROL]) await joinCohort(s.db, GUILD, c.name, who, noon("2026-02-25"));
  // Ada: 2 h learn + 3 h build in week 1, 1 h build in week 2, a project; 5 h before the start.
  await hours(s, ADA, "2026-02-28", 5, "build");
  await hours(s, ADA, "2026-03-02", 2, "learn");
  await hours(s, ADA, "2026-03-05", 3, "build");
  await project(s, ADA, "2026-03-06");
  await hours(s, ADA, "2026-03-13", 1, "build");
  await checkIn(s.db, ADA, { goals: "joins" }, noon("2026-03-03"));
  await checkIn(s.db, ADA, { goals: "indexes" }, noon("2026-03-10"));
  await checkIn(s.db, ADA, { goals: "early" }, noon("2026-02-24")); // the week before the run
  // Bob: 4 h build; a 6 h entry removed with undo; a removed project; checked in for week 2.
  await hours(s, BOB, "2026-03-03", 4, "build");
  await hours(s, BOB, "2026-03-04", 6, "build");
  await undoLast(s.db, GUILD, BOB.userId, noon("2026-03-04"));
  await project(s, BOB, "2026-03-04");
  await undoLast(s.db, GUILD, BOB.userId, noon("2026-03-04"));
  await checkIn(s.db, BOB, { goals: "tests" }, noon("2026-03-11"));
  // Carol: nothing. Dan is not a member. Ada is busy in another guild too.
  await hours(s, DAN, "2026-03-10", 8, "build");
  const adaElsewhere = ref(ADA.userId, "Ada", OTHER_GUILD);
  await hours(s, adaElsewhere, "2026-03-10", 8, "build");
  await project(s, adaElsewhere, "2026-03-10");
  await checkIn(s.db, adaElsewhere, { goals: "elsewhere" }, noon("2026-03-03"));
  return c;
}

describe("cohortStatus", () => {
  const store = useStore();

  it("counts each member's hours, build share, check-ins and projects within the run", async () => {
    const s = store();
    const c = await seed(s);
    const status = await cohortStatus(s.db, c, "2026-03-14");
    expect(status).toMatchObject({
      name: "Spring backend",
      state: "running",
      week: 2,
      weeks: 4,
      throughWeek: 2,
      countedTo: "2026-03-14",
    });
    expect(status.members).toEqual<CohortMemberStatus[]>([
      {
        userId: ADA.userId,
        displayName: "Ada",
        minutes: 360,
        buildMinutes: 240,
        buildShare: 67,
        weeksCheckedIn: 2,
        projects: 1,
        quiet: false,
      },
      {
        userId: BOB.userId,
        displayName: "Bob",
        minutes: 240,
        buildMinutes: 240,
        buildShare: 100,
        weeksCheckedIn: 1,
        projects: 0,
        quiet: true,
      },
      {
        userId: CAROL.userId,
        displayName: "Carol",
        minutes: 0,
        buildMinutes: 0,
        buildShare: null,
        weeksCheckedIn: 0,
        projects: 0,
        quiet: true,
      },
    ]);
  });

  it("flags quiet members over the 7 days up to today, inclusive", async () => {
    const s = store();
    const c = await seed(s);
    // Bob's last hours are on 2026-03-03: 7 days up to 2026-03-09 still include it.
    const quiet = async (day: string) =>
      (await cohortStatus(s.db, c, day)).members.filter((m) => m.quiet).map((m) => m.displayName);
    expect(await quiet("2026-03-09")).toEqual(["Carol"]);
    expect(await quiet("2026-03-10")).toEqual(["Bob", "Carol"]);
  });

  it("stops counting at the day a moderator ended it", async () => {
    const s = store();
    const c = await seed(s);
    const ended = await endCohort(s.db, GUILD, c.name, MOD, noon("2026-03-08"));
    const status = await cohortStatus(s.db, ended, "2026-03-20");
    expect(status).toMatchObject({ state: "ended", week: null, throughWeek: 1, endedOn: "2026-03-08" });
    expect(status.members.map((m) => [m.displayName, m.minutes, m.weeksCheckedIn])).toEqual([
      ["Ada", 300, 1],
      ["Bob", 240, 0],
      ["Carol", 0, 0],
    ]);
  });

  it("has nothing to count before the start", async () => {
    const s = store();
    const c = await seed(s);
    const status = await cohortStatus(s.db, c, "2026-03-01");
    expect(status).toMatchObject({ state: "upcoming", week: null, throughWeek: 0 });
    expect(status.members.every((m) => m.minutes === 0 && m.weeksCheckedIn === 0)).toBe(true);
    expect(statusPages(status)[0]).toContain("Starts 2026-03-02 · 4 weeks");
  });
});

describe("statusPages", () => {
  const store = useStore();

  it("shows week N of M and one escaped line per member, quiet ones flagged", async () => {
    const s = store();
    const c = await seed(s);
    const pages = statusPages(await cohortStatus(s.db, c, "2026-03-14"));
    expect(pages).toHaveLength(1);
    expect(pages[0]).toBe(
      [
        "**Spring backend** — Week 2 of 4",
        "",
        "1. **Ada** — 6 h (67% build) · checked in 2/2 weeks · 1 project",
        "2. **Bob** — 4 h (100% build) · checked in 1/2 weeks · 0 projects 💤",
        "3. **Carol** — 0 h · checked in 0/2 weeks · 0 projects 💤",
        "",
        "💤 no hours logged in the last 7 days",
      ].join("\n"),
    );
  });

  const member = (i: number, displayName: string): CohortMemberStatus => ({
    userId: String(1000 + i),
    displayName,
    minutes: 60 * (100 - i),
    buildMinutes: 30,
    buildShare: 1,
    weeksCheckedIn: 3,
    projects: 2,
    quiet: i % 2 === 0,
  });
  const status = (members: CohortMemberStatus[]): CohortStatus => ({
    name: "Spring *backend*",
    state: "running",
    week: 3,
    weeks: 12,
    firstDay: "2026-03-02",
    lastDay: "2026-05-24",
    endedOn: null,
    countedTo: "2026-03-16",
    throughWeek: 3,
    members,
  });

  it("pages by pageSize, the heading on every page, names escaped and never pinging", () => {
    const names = Array.from({ length: 25 }, (_, i) =>
      i === 0 ? "<@123> @everyone **bold**" : `Member ${i}`,
    );
    const pages = statusPages(status(names.map((n, i) => member(i, n))));
    expect(pages).toHaveLength(3);
    for (const [i, page] of pages.entries()) {
      expect(page.startsWith(`**Spring \\*backend\\*** — Week 3 of 12 · page ${i + 1} of 3\n`)).toBe(true);
    }
    expect(pages[0]).toContain("1. **<\u200b@\u200b123\\> \u200b@\u200beveryone \\*\\*bold\\*\\*** — ");
    expect(pages[0]).not.toMatch(/<@\d/);
    expect(pages[2]?.split("\n").filter((l) => /^\d+\. /.test(l))).toHaveLength(5);
  });

  it("keeps every page within 4000 characters whatever the page size", () => {
    const long = "\\_*~`|>".repeat(10);
    const pages = statusPages(status(Array.from({ length: 300 }, (_, i) => member(i, long))), 1000);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(MAX_PAGE);
    const lines = pages.flatMap((p) => p.split("\n").filter((l) => /^\d+\. /.test(l)));
    expect(lines).toHaveLength(300);
  });

  it("says when nobody has joined", () => {
    expect(statusPages(status([]))).toEqual([
      "**Spring \\*backend\\*** — Week 3 of 12\n\nNobody is in this cohort yet. Join with `/cohort join`.",
    ]);
  });
});
