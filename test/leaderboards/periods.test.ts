import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { guilds } from "../../src/db/tables";
import { ensureGuild } from "../../src/guilds/settings";
import { closedWeek, currentPeriod, guildPeriod, rangeLabel } from "../../src/leaderboards/periods";
import { dayStamp } from "../../src/text/format";
import { GUILD, useStore } from "../helpers/store";

describe("guildPeriod", () => {
  it("week is Monday..Sunday containing today", () => {
    // 2026-11-25 is a Wednesday
    expect(guildPeriod("week", "2026-11-25")).toEqual({
      from: "2026-11-23",
      to: "2026-11-29",
      label: `This week, ${dayStamp("2026-11-23")} – ${dayStamp("2026-11-29")}`,
    });
    // Monday and Sunday are their own week's ends
    expect(guildPeriod("week", "2026-11-23")).toMatchObject({ from: "2026-11-23", to: "2026-11-29" });
    expect(guildPeriod("week", "2026-11-29")).toMatchObject({ from: "2026-11-23", to: "2026-11-29" });
    expect(guildPeriod("week", "2026-11-30")).toMatchObject({ from: "2026-11-30", to: "2026-12-06" });
  });

  it("labels days as Discord timestamps, never as ISO dates (SPEC §3)", () => {
    const { label } = guildPeriod("week", "2026-11-25");
    expect(label).not.toMatch(/\d{4}-\d{2}-\d{2}|Nov/);
    expect(label).toContain("<t:1795435200:D>");
    expect(closedWeek("2026-11-29").label).not.toMatch(/\d{4}-\d{2}-\d{2}|Nov/);
  });

  it("a week across the year end", () => {
    expect(guildPeriod("week", "2026-12-31")).toEqual({
      from: "2026-12-28",
      to: "2027-01-03",
      label: `This week, ${dayStamp("2026-12-28")} – ${dayStamp("2027-01-03")}`,
    });
  });

  it("month is the 1st..last day, leap years included", () => {
    expect(guildPeriod("month", "2026-11-15")).toEqual({
      from: "2026-11-01",
      to: "2026-11-30",
      label: "November 2026",
    });
    expect(guildPeriod("month", "2026-12-31")).toMatchObject({ from: "2026-12-01", to: "2026-12-31" });
    expect(guildPeriod("month", "2028-02-01")).toMatchObject({ from: "2028-02-01", to: "2028-02-29" });
    expect(guildPeriod("month", "2027-02-28")).toMatchObject({ from: "2027-02-01", to: "2027-02-28" });
  });

  it("all is unbounded", () => {
    expect(guildPeriod("all", "2026-11-15")).toEqual({ from: null, to: null, label: "All time" });
  });

  it("labels ranges within a month, across months and across years", () => {
    expect(rangeLabel("2026-11-23", "2026-11-29")).toBe("23–29 Nov 2026");
    expect(rangeLabel("2026-11-30", "2026-12-06")).toBe("30 Nov – 6 Dec 2026");
    expect(rangeLabel("2026-12-28", "2027-01-03")).toBe("28 Dec 2026 – 3 Jan 2027");
  });
});

describe("currentPeriod", () => {
  const store = useStore();

  it("takes today in the guild's time zone, not UTC", async () => {
    const s = store();
    // Sunday 2026-11-22 20:00 UTC is already Monday 05:00 in Tokyo
    const now = new Date("2026-11-22T20:00:00Z");
    expect(await currentPeriod(s.db, GUILD, "week", now)).toMatchObject({
      from: "2026-11-16",
      to: "2026-11-22",
    });
    await s.db.update(guilds).set({ timezone: "Asia/Tokyo" }).where(eq(guilds.id, GUILD));
    expect((await ensureGuild(s.db, GUILD, now)).timezone).toBe("Asia/Tokyo");
    expect(await currentPeriod(s.db, GUILD, "week", now)).toMatchObject({
      from: "2026-11-23",
      to: "2026-11-29",
    });
    // 30 Nov 20:00 UTC is 1 Dec in Tokyo
    expect(await currentPeriod(s.db, GUILD, "month", new Date("2026-11-30T20:00:00Z"))).toMatchObject({
      from: "2026-12-01",
      label: "December 2026",
    });
  });
});

describe("closedWeek (SPEC §3.7)", () => {
  it("a Sunday post closes the week ending that day", () => {
    expect(closedWeek("2026-11-29")).toEqual({
      from: "2026-11-23",
      to: "2026-11-29",
      label: `The week ${dayStamp("2026-11-23")} – ${dayStamp("2026-11-29")}`,
    });
  });

  it("a Monday post closes the week before", () => {
    expect(closedWeek("2026-11-30")).toMatchObject({ from: "2026-11-23", to: "2026-11-29" });
  });

  it("a mid-week post closes the last full week", () => {
    // Wednesday and Saturday
    expect(closedWeek("2026-11-25")).toMatchObject({ from: "2026-11-16", to: "2026-11-22" });
    expect(closedWeek("2026-11-28")).toMatchObject({ from: "2026-11-16", to: "2026-11-22" });
  });

  it("the week across the year end (2026-12-28..2027-01-03)", () => {
    const yearEnd = {
      from: "2026-12-28",
      to: "2027-01-03",
      label: `The week ${dayStamp("2026-12-28")} – ${dayStamp("2027-01-03")}`,
    };
    expect(closedWeek("2027-01-03")).toEqual(yearEnd);
    expect(closedWeek("2027-01-04")).toEqual(yearEnd);
    expect(closedWeek("2027-01-09")).toEqual(yearEnd);
    // a post on New Year's Day still closes the week before it
    expect(closedWeek("2027-01-01")).toMatchObject({ from: "2026-12-21", to: "2026-12-27" });
  });
});
