import { describe, expect, it } from "vitest";
import { logHours } from "../../src/logs/hours";
import { setMemberTimeZone } from "../../src/members/timezone";
import { milestones } from "../../src/profile/milestones";
import { memberProfile } from "../../src/profile/profile";
import { logProject } from "../../src/projects/log";
import { pickStack } from "../../src/stacks/pick";
import { interactionId, member, useStore } from "../helpers/store";

const DAY = 86_400_000;
const START = new Date("2026-08-01T12:00:00Z");
const day = (n: number) => new Date(START.getTime() + n * DAY);

describe("memberProfile", () => {
  const store = useStore();

  it("gathers stack, totals, shares, streaks, projects and milestones", async () => {
    const s = store();
    const me = member();
    await pickStack(s.db, me, { stackId: "python-django" }, START);
    // 8 consecutive days of 2 h build + 1 h learn
    for (let i = 0; i < 8; i++) {
      await logHours(s.db, me, interactionId(), { hours: 2, kind: "build" }, day(i));
      await logHours(s.db, me, interactionId(), { hours: 1, kind: "learn" }, day(i));
    }
    await logProject(
      s.db,
      me,
      interactionId(),
      { name: "blog-api", url: "https://blog.example.com" },
      day(7),
    );
    const p = await memberProfile(s.db, me.guildId, me.userId, day(7));
    expect(p.stack).toMatchObject({
      stackId: "python-django",
      label: "Python + Django",
      daysIn: 7,
      daysLeft: 83,
    });
    expect(p.allTime).toEqual({ minutes: 24 * 60, buildMinutes: 16 * 60 });
    expect(p.buildShareAllTime).toBe(67);
    expect(p.streaks).toEqual({ current: 8, longest: 8 });
    expect(p.projects.map((x) => x.url)).toEqual(["https://blog.example.com/"]);
    expect(p.milestones.map((m) => m.id)).toEqual(["first-hour", "first-project", "hours-10", "streak-7"]);
    // the week is the member's local Monday–Sunday: 2026-08-08 is a Saturday, the week began Monday 08-03
    expect(p.week.minutes).toBe(6 * 3 * 60);
  });

  it("an empty profile has no milestones and no shares", async () => {
    const s = store();
    const p = await memberProfile(s.db, member().guildId, "209", START);
    expect(p).toMatchObject({ stack: null, buildShareWeek: null, projectCount: 0, milestones: [] });
  });

  it("streaks follow the member's local midnight, not UTC's", async () => {
    const s = store();
    const tokyo = member("201");
    const utc = member("202");
    await setMemberTimeZone(s.db, tokyo, "Asia/Tokyo", START);
    // 14:30Z is 23:30 in Tokyo; the next day's 16:00Z is already 01:00 the day after in Tokyo
    for (const ref of [tokyo, utc]) {
      await logHours(
        s.db,
        ref,
        interactionId(),
        { hours: 1, kind: "build" },
        new Date("2026-11-22T14:30:00Z"),
      );
      await logHours(
        s.db,
        ref,
        interactionId(),
        { hours: 1, kind: "build" },
        new Date("2026-11-23T16:00:00Z"),
      );
    }
    const at = new Date("2026-11-23T16:30:00Z");
    expect((await memberProfile(s.db, tokyo.guildId, tokyo.userId, at)).streaks).toEqual({
      current: 1,
      longest: 1,
    });
    expect((await memberProfile(s.db, utc.guildId, utc.userId, at)).streaks).toEqual({
      current: 2,
      longest: 2,
    });
  });

  it("counts 90 days on one stack, even across a later switch", async () => {
    const s = store();
    await pickStack(s.db, member(), { stackId: "go" }, START);
    await pickStack(s.db, member(), { stackId: "dotnet" }, day(95));
    const ids = (await memberProfile(s.db, member().guildId, member().userId, day(96))).milestones.map(
      (m) => m.id,
    );
    expect(ids).toContain("stack-90");
  });
});

describe("milestones", () => {
  const none = { totalMinutes: 0, hoursEntries: 0, projects: 0, longestStreak: 0, longestStackDays: 0 };
  it("reaches each mark exactly at its threshold", () => {
    expect(milestones({ ...none, hoursEntries: 1, totalMinutes: 599 }).map((m) => m.id)).toEqual([
      "first-hour",
    ]);
    expect(milestones({ ...none, hoursEntries: 1, totalMinutes: 500 * 60 }).map((m) => m.id)).toEqual([
      "first-hour",
      "hours-10",
      "hours-50",
      "hours-100",
      "hours-250",
      "hours-500",
    ]);
    expect(milestones({ ...none, longestStreak: 6 })).toEqual([]);
    expect(milestones({ ...none, longestStreak: 30 }).map((m) => m.id)).toEqual(["streak-7", "streak-30"]);
    expect(milestones({ ...none, longestStackDays: 89 })).toEqual([]);
    expect(milestones({ ...none, longestStackDays: 90 }).map((m) => m.id)).toEqual(["stack-90"]);
  });
});
