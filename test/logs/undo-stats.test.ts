import { describe, expect, it } from "vitest";
import { logHours } from "../../src/logs/hours";
import { buildShare, memberTotals, streaks } from "../../src/logs/stats";
import { undoLast } from "../../src/logs/undo";
import { logProject } from "../../src/projects/log";
import { allEntries, interactionId, member, OTHER_GUILD, useStore } from "../helpers/store";

const NOW = new Date("2026-11-22T12:00:00Z");
const HOUR = 3_600_000;
const at = (hoursLater: number) => new Date(NOW.getTime() + hoursLater * HOUR);

describe("undoLast", () => {
  const store = useStore();

  it("removes the member's most recent entry of either type, and says which", async () => {
    const s = store();
    await logHours(s.db, member(), interactionId(), { hours: 1, kind: "learn" }, NOW);
    const project = await logProject(
      s.db,
      member(),
      interactionId(),
      { name: "api", url: "https://api.example.com" },
      at(1),
    );
    const undone = await undoLast(s.db, member().guildId, member().userId, at(2));
    expect(undone).toMatchObject({
      id: project.entry.id,
      type: "project",
      removedBy: member().userId,
      removedReason: "undo",
    });
    const next = await undoLast(s.db, member().guildId, member().userId, at(3));
    expect(next).toMatchObject({ type: "hours", minutes: 60 });
    expect((await allEntries(s)).every((e) => e.removedAt !== null)).toBe(true);
  });

  it("only reaches back 24 hours (inclusive)", async () => {
    const s = store();
    await logHours(s.db, member(), interactionId(), { hours: 1, kind: "learn" }, NOW);
    await expect(
      undoLast(s.db, member().guildId, member().userId, new Date(NOW.getTime() + 24 * HOUR + 1)),
    ).rejects.toThrow(/nothing to undo/);
    expect((await allEntries(s))[0]?.removedAt).toBeNull();
    expect((await undoLast(s.db, member().guildId, member().userId, at(24))).removedAt).not.toBeNull();
  });

  it("never touches another member's or another guild's entries", async () => {
    const s = store();
    await logHours(s.db, member("201"), interactionId(), { hours: 1, kind: "learn" }, NOW);
    await logHours(s.db, member("202", OTHER_GUILD), interactionId(), { hours: 1, kind: "learn" }, NOW);
    await expect(undoLast(s.db, member().guildId, "202", at(1))).rejects.toThrow(/nothing to undo/);
    expect((await allEntries(s)).every((e) => e.removedAt === null)).toBe(true);
  });

  it("removed entries stop counting", async () => {
    const s = store();
    await logHours(s.db, member(), interactionId(), { hours: 3, kind: "build" }, NOW);
    await logHours(s.db, member(), interactionId(), { hours: 2, kind: "learn" }, at(1));
    await undoLast(s.db, member().guildId, member().userId, at(2));
    expect(await memberTotals(s.db, member().guildId, member().userId)).toEqual({
      minutes: 180,
      buildMinutes: 180,
    });
    // a removed entry's minutes no longer count against the daily cap either
    await logHours(s.db, member(), interactionId(), { hours: 13, kind: "learn" }, at(3));
  });
});

describe("streaks and build share", () => {
  it("counts consecutive local days ending today or yesterday", () => {
    expect(streaks([], "2026-11-22")).toEqual({ current: 0, longest: 0 });
    expect(streaks(["2026-11-20", "2026-11-21", "2026-11-22"], "2026-11-22")).toEqual({
      current: 3,
      longest: 3,
    });
    // not broken until a whole day passes without a log
    expect(streaks(["2026-11-20", "2026-11-21"], "2026-11-22")).toEqual({ current: 2, longest: 2 });
    expect(streaks(["2026-11-20", "2026-11-21"], "2026-11-23")).toEqual({ current: 0, longest: 2 });
    // gaps split runs; the longest is remembered
    expect(
      streaks(
        ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-11-21", "2026-11-22"],
        "2026-11-22",
      ),
    ).toEqual({ current: 2, longest: 4 });
    // across a month and year end
    expect(streaks(["2026-12-31", "2027-01-01"], "2027-01-01")).toEqual({ current: 2, longest: 2 });
  });

  it("build share is a whole percentage, null with nothing logged", () => {
    expect(buildShare({ minutes: 0, buildMinutes: 0 })).toBeNull();
    expect(buildShare({ minutes: 180, buildMinutes: 120 })).toBe(67);
    expect(buildShare({ minutes: 60, buildMinutes: 60 })).toBe(100);
  });
});
