/**
 * Time-zone conversions done with the runtime's IANA database (Intl), so
 * daylight-saving rules are whatever the platform knows, with no extra dependency.
 */
import type { LocalDate } from "./dates";

export interface LocalParts {
  date: LocalDate;
  /** minutes since local midnight, 0–1439 */
  minuteOfDay: number;
}

// One formatter per zone is expensive to build and cheap to reuse; the number of
// zones in use is small, but cap the cache anyway so hostile input cannot grow it.
const FORMATTER_CACHE_LIMIT = 512;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    if (formatters.size >= FORMATTER_CACHE_LIMIT) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * True when the runtime can format a date in `name`. `Intl.supportedValuesOf`
 * omits `UTC`, so asking the formatter is the reliable check (SPEC §3.10).
 */
export function isValidTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  try {
    formatter(name).format(0);
    return true;
  } catch {
    return false;
  }
}

function wallClock(instant: Date, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return parts as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

export function localParts(instant: Date, timeZone: string): LocalParts {
  const w = wallClock(instant, timeZone);
  const date = `${String(w.year).padStart(4, "0")}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
  return { date, minuteOfDay: w.hour * 60 + w.minute };
}

export function localDate(instant: Date, timeZone: string): LocalDate {
  return localParts(instant, timeZone).date;
}

/** Offset of the zone from UTC at `instant`, in ms (east positive). */
export function utcOffsetMs(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` reads `date` at `minuteOfDay`.
 * A wall time skipped by a spring-forward change resolves to the same distance
 * after the change (02:30 on a 02:00→03:00 day is 03:30); a wall time that occurs
 * twice at fall-back resolves to its first occurrence.
 */
export function zonedInstant(date: LocalDate, minuteOfDay: number, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wallAsUtc = Date.UTC(y, m - 1, d, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
  const DAY = 86_400_000;
  const before = utcOffsetMs(new Date(wallAsUtc - DAY), timeZone);
  const after = utcOffsetMs(new Date(wallAsUtc + DAY), timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wallAsUtc - offset)
    .filter((t) => {
      const p = localParts(new Date(t), timeZone);
      return p.date === date && p.minuteOfDay === minuteOfDay;
    })
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) return new Date(first);
  // In the gap: apply the offset from before the change, which lands past it.
  return new Date(wallAsUtc - before);
}

/** `HH:MM` (00:00–23:59) to minutes since midnight, or null. */
export function parseClockTime(text: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 60 + Number(m[2]);
}

export function formatClockTime(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, "0")}:${String(minuteOfDay % 60).padStart(2, "0")}`;
}
