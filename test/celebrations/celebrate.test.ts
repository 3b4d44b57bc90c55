import { describe, expect, it } from "vitest";
import { celebrationText } from "../../src/celebrations/celebrate";
import { logHours } from "../../src/logs/hours";
import { undoLast } from "../../src/logs/undo";
import { nextMilestone } from "../../src/profile/milestones";
import { logProject } from "../../src/projects/log";
import { interactionId, member, useStore } from "../helpers/store";

const NOW = new Date("2026-11-22T12:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

describe("milestone crossings", () => {
  const store = useStore();

  it("are reported by the entry that crosses them, and celebrated once per member ever", async () => {
    const { db } = store();
    const me = member();
    const log = async (hours: number, at: Date) =>
      logHours(db, me, interactionId(), { hours, kind: "build" }, at);
    expect((await log(6, NOW)).milestones).toEqual([
      { id: "first-hour", label: "First logged hour", celebrate: true },
    ]);
    expect((await log(3, later(1))).milestones).toEqual([]);
    expect((await log(1, later(2))).milestones).toEqual([
      { id: "hours-10", label: "10 hours", celebrate: true },
    ]);
    await undoLast(db, me.guildId, me.userId, later(3));
    // crossing again after the undo: said, not celebrated
    expect((await log(2, later(4))).milestones).toEqual([
      { id: "hours-10", label: "10 hours", celebrate: false },
    ]);
    // another member's first hour is theirs to celebrate
    const other = await logHours(
      db,
      member("200000000000000777"),
      interactionId(),
      { hours: 1, kind: "learn" },
      NOW,
    );
    expect(other.milestones.map((m) => m.celebrate)).toEqual([true]);
  });

  it("a redelivered interaction crosses nothing; a first project is a milestone too", async () => {
    const { db } = store();
    const id = interactionId();
    expect((await logHours(db, member(), id, { hours: 1, kind: "build" }, NOW)).milestones).toHaveLength(1);
    expect((await logHours(db, member(), id, { hours: 1, kind: "build" }, NOW)).milestones).toEqual([]);
    const shipped = await logProject(
      db,
      member(),
      interactionId(),
      { name: "api", url: "https://api.example.com" },
      NOW,
    );
    expect(shipped.milestones).toEqual([
      { id: "first-project", label: "First deployed project", celebrate: true },
    ]);
  });

  it("celebrates by display name, never as a mention", () => {
    expect(celebrationText("<@123> @everyone", [{ id: "hours-10", label: "10 hours" }])).not.toMatch(
      /<@123>|(?<!\u200b)@everyone/,
    );
    expect(
      celebrationText("Ada", [
        { id: "first-hour", label: "First logged hour" },
        { id: "hours-10", label: "10 hours" },
      ]),
    ).toBe("🎉 Ada reached **First logged hour** and **10 hours**! Congratulations!");
  });
});

describe("nextMilestone", () => {
  const facts = { totalMinutes: 0, hoursEntries: 0, projects: 0, longestStreak: 0, longestStackDays: 0 };
  const progress = { currentStreak: 0, currentStackDays: 0 };

  it("is the unreached milestone closest to done, with its progress in words", () => {
    expect(nextMilestone({ ...facts, ...progress })?.id).toBe("first-hour");
    const busy = { ...facts, totalMinutes: 8 * 60, hoursEntries: 5, currentStreak: 2, currentStackDays: 30 };
    expect(nextMilestone({ ...progress, ...busy })).toEqual({
      id: "hours-10",
      label: "10 hours",
      progress: 0.8,
      detail: "8 of 10 h",
    });
    expect(nextMilestone({ ...busy, currentStreak: 6, currentStackDays: 30 })?.detail).toBe("6 of 7 days");
  });

  it("is null once every milestone is reached", () => {
    const all = {
      totalMinutes: 500 * 60,
      hoursEntries: 9,
      projects: 1,
      longestStreak: 30,
      longestStackDays: 90,
    };
    expect(nextMilestone({ ...all, currentStreak: 30, currentStackDays: 90 })).toBeNull();
  });
});
