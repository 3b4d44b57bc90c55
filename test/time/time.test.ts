import { describe, expect, it } from "vitest";
import { addDays, isoWeekday, isoWeekLabel, parseLocalDate, weekStart } from "../../src/time/dates";
import { isValidTimeZone, localParts, parseClockTime, zonedInstant } from "../../src/time/zones";

describe("local dates", () => {
  it("parses only real calendar days", () => {
    expect(parseLocalDate("2026-02-28")).toBe("2026-02-28");
    expect(parseLocalDate("2026-02-29")).toBeNull();
    expect(parseLocalDate("2028-02-29")).toBe("2028-02-29");
    expect(parseLocalDate("2026-13-01")).toBeNull();
    expect(parseLocalDate("26-11-01")).toBeNull();
    expect(parseLocalDate("2026-11-1")).toBeNull();
  });

  it("does week arithmetic Monday to Sunday", () => {
    expect(isoWeekday("2026-11-22")).toBe(7);
    expect(weekStart("2026-11-22")).toBe("2026-11-16");
    expect(weekStart("2026-11-23")).toBe("2026-11-23");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(isoWeekLabel("2026-11-23")).toBe("2026-W48");
    expect(isoWeekLabel("2026-12-31")).toBe("2026-W53");
    expect(isoWeekLabel("2027-01-03")).toBe("2026-W53");
    expect(isoWeekLabel("2027-01-04")).toBe("2027-W01");
  });
});

describe("time zones", () => {
  it("accepts IANA names including UTC and Etc/UTC, refuses others", () => {
    for (const tz of ["UTC", "Etc/UTC", "Europe/Berlin", "America/New_York", "Pacific/Kiritimati"]) {
      expect(isValidTimeZone(tz), tz).toBe(true);
    }
    for (const tz of ["Mars/Olympus", "", "Europe/Berlinn", "x".repeat(100)]) {
      expect(isValidTimeZone(tz), tz).toBe(false);
    }
  });

  it("reads local dates on either side of midnight", () => {
    const instant = new Date("2026-11-22T23:30:00Z");
    expect(localParts(instant, "UTC")).toEqual({ date: "2026-11-22", minuteOfDay: 23 * 60 + 30 });
    expect(localParts(instant, "Europe/Berlin").date).toBe("2026-11-23");
    expect(localParts(instant, "America/Los_Angeles").date).toBe("2026-11-22");
  });

  it("maps wall times to instants across DST changes", () => {
    expect(zonedInstant("2026-07-01", 9 * 60, "Europe/Berlin").toISOString()).toBe(
      "2026-07-01T07:00:00.000Z",
    );
    // spring forward: 02:30 does not exist in New York on 2026-03-08 → 03:30 EDT
    expect(zonedInstant("2026-03-08", 150, "America/New_York").toISOString()).toBe(
      "2026-03-08T07:30:00.000Z",
    );
    // fall back: 01:30 happens twice on 2026-11-01 → the first (EDT)
    expect(zonedInstant("2026-11-01", 90, "America/New_York").toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(zonedInstant("2026-11-23", 0, "Pacific/Kiritimati").toISOString()).toBe(
      "2026-11-22T10:00:00.000Z",
    );
  });

  it("parses HH:MM strictly", () => {
    expect(parseClockTime("09:00")).toBe(540);
    expect(parseClockTime("23:59")).toBe(1439);
    for (const bad of ["24:00", "25:00", "9:00", "09:60", "noon", ""])
      expect(parseClockTime(bad), bad).toBeNull();
  });
});
