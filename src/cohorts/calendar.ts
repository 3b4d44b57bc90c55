/**
 * The calendar of a cohort's run: pure functions of the cohort row, the guild's
 * today and time zone. Week 1 starts on the start day whatever weekday it is.
 * Dates of entries (`entries.local_date`, the member's own day) are compared
 * with the cohort's dates as written, as the leaderboards do.
 *
 * A cohort ends either when a moderator ends it (`ended_at`) or on its own
 * after its last day.
 */
import { type Period, stampRange } from "../leaderboards/periods";
import { userText } from "../text/escape";
import { dayStamp } from "../text/format";
import { addDays, daysBetween, type LocalDate } from "../time/dates";
import { localDate, zonedInstant } from "../time/zones";
import type { Cohort } from "./cohort";

export type CohortState = "upcoming" | "running" | "ended";

/** The planned run: first and last local day, inclusive. */
export function cohortWindow(c: Pick<Cohort, "startDate" | "weeks">): {
  firstDay: LocalDate;
  lastDay: LocalDate;
} {
  return { firstDay: c.startDate, lastDay: addDays(c.startDate, 7 * c.weeks - 1) };
}

/** Week number (1-based 7-day blocks from the start) of a local date, or null outside the run. */
export function cohortWeek(c: Pick<Cohort, "startDate" | "weeks">, date: LocalDate): number | null {
  const d = daysBetween(c.startDate, date);
  if (d < 0 || d >= 7 * c.weeks) return null;
  return Math.floor(d / 7) + 1;
}

/** First day of cohort week `week`. */
export function cohortWeekStart(c: Pick<Cohort, "startDate">, week: number): LocalDate {
  return addDays(c.startDate, 7 * (week - 1));
}

export function cohortState(
  c: Pick<Cohort, "startDate" | "weeks" | "endedAt">,
  guildToday: LocalDate,
): CohortState {
  if (c.endedAt !== null || guildToday > cohortWindow(c).lastDay) return "ended";
  return guildToday < c.startDate ? "upcoming" : "running";
}

/** The guild-local day a moderator ended the cohort, or null when nobody did. */
export function endedOn(c: Pick<Cohort, "endedAt">, timeZone: string): LocalDate | null {
  return c.endedAt === null ? null : localDate(c.endedAt, timeZone);
}

/**
 * The instant the run is over: when a moderator ended it, or else the midnight
 * after its last day in the guild's zone, whichever is first.
 */
export function cohortEndsAt(c: Pick<Cohort, "startDate" | "weeks" | "endedAt">, timeZone: string): Date {
  const naturalEnd = zonedInstant(addDays(cohortWindow(c).lastDay, 1), 0, timeZone);
  return c.endedAt && c.endedAt < naturalEnd ? c.endedAt : naturalEnd;
}

export interface CohortProgress {
  /** the start day */
  from: LocalDate;
  /**
   * the last day that counts so far: the guild's today, the last planned day or
   * the day it was ended, whichever is first; before `from` when nothing counts yet
   */
  to: LocalDate;
  /** weeks 1…throughWeek have begun (the last one possibly partly); 0 before the start */
  throughWeek: number;
}

/** How much of the run has happened as of the guild's today (`timeZone` places an early end). */
export function cohortProgress(
  c: Pick<Cohort, "startDate" | "weeks" | "endedAt">,
  guildToday: LocalDate,
  timeZone: string,
): CohortProgress {
  const { firstDay, lastDay } = cohortWindow(c);
  let to = guildToday < lastDay ? guildToday : lastDay;
  const ended = endedOn(c, timeZone);
  if (ended !== null && ended < to) to = ended;
  return { from: firstDay, to, throughWeek: to < firstDay ? 0 : (cohortWeek(c, to) ?? 0) };
}

/**
 * The cohort's leaderboard period (SPEC §3.4): from the start to the guild's
 * today, the last planned day or the day it was ended, whichever is first.
 * Before the start the period is empty (it ends before it begins).
 */
export function cohortPeriod(
  c: Pick<Cohort, "name" | "startDate" | "weeks" | "endedAt">,
  guildToday: LocalDate,
  timeZone: string,
): Period {
  const { from, to } = cohortProgress(c, guildToday, timeZone);
  const name = userText(c.name, 60, { oneLine: true });
  const label = to < from ? `${name} · starts ${dayStamp(from)}` : `${name} · ${stampRange(from, to)}`;
  return { from, to, label };
}
