/**
 * The periods leaderboards rank over (SPEC §3.4, §3.7): the guild's week, month
 * or all time, and the closed week of a weekly post, with their labels.
 */
import type { Db } from "../db/client";
import { ensureGuild } from "../guilds/settings";
import { dayStamp } from "../text/format";
import { addDays, isoWeekday, type LocalDate, weekStart } from "../time/dates";
import { localDate } from "../time/zones";

export const PERIOD_NAMES = ["week", "month", "all"] as const;
export type PeriodName = (typeof PERIOD_NAMES)[number];

/** Inclusive local dates; null is unbounded on that side. */
export interface Period {
  from: LocalDate | null;
  to: LocalDate | null;
  /** markdown, safe as it is (any user text in it is escaped); dates as Discord timestamps */
  label: string;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

function parts(date: LocalDate): { y: number; m: number; d: number } {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return { y, m, d };
}

const monthName = (m: number): string => MONTHS[m - 1] ?? String(m);
const shortMonth = (m: number): string => monthName(m).slice(0, 3);

/** `23–29 Nov 2026`, `30 Nov – 6 Dec 2026`, `28 Dec 2026 – 3 Jan 2027`. */
export function rangeLabel(from: LocalDate, to: LocalDate): string {
  const a = parts(from);
  const b = parts(to);
  if (a.y !== b.y) return `${a.d} ${shortMonth(a.m)} ${a.y} – ${b.d} ${shortMonth(b.m)} ${b.y}`;
  if (a.m !== b.m) return `${a.d} ${shortMonth(a.m)} – ${b.d} ${shortMonth(b.m)} ${b.y}`;
  return `${a.d}–${b.d} ${shortMonth(b.m)} ${b.y}`;
}

/** `<t:…:D> – <t:…:D>`: each reader sees the days in their own language (SPEC §3). */
export function stampRange(from: LocalDate, to: LocalDate): string {
  return `${dayStamp(from)} – ${dayStamp(to)}`;
}

/**
 * The guild-wide period containing `guildToday` (the guild's local date, SPEC §3.13):
 * week = Monday..Sunday, month = 1st..last day, all = unbounded.
 */
export function guildPeriod(name: PeriodName, guildToday: LocalDate): Period {
  switch (name) {
    case "week": {
      const from = weekStart(guildToday);
      const to = addDays(from, 6);
      return { from, to, label: `This week, ${stampRange(from, to)}` };
    }
    case "month": {
      const { y, m } = parts(guildToday);
      const from = `${guildToday.slice(0, 7)}-01`;
      const nextMonth = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
      return { from, to: addDays(nextMonth, -1), label: `${monthName(m)} ${y}` };
    }
    case "all":
      return { from: null, to: null, label: "All time" };
  }
}

/** `guildPeriod` for the guild's local date at `now`. */
export async function currentPeriod(db: Db, guildId: string, name: PeriodName, now: Date): Promise<Period> {
  return guildPeriod(name, localDate(now, (await ensureGuild(db, guildId, now)).timezone));
}

/**
 * The week a weekly post closes (SPEC §3.7): the most recent Monday–Sunday week
 * whose Sunday is on or before `postLocalDate`. A Sunday post closes the week
 * ending that day; any other day closes the week before its own.
 */
export function closedWeek(postLocalDate: LocalDate): Period {
  const sunday = addDays(postLocalDate, -(isoWeekday(postLocalDate) % 7));
  const from = addDays(sunday, -6);
  return { from, to: sunday, label: `The week ${stampRange(from, sunday)}` };
}
