/**
 * The aggregate queries behind a cohort's status, export and posts. Each is one
 * query over the cohort's members, grouped by member (and week where it says
 * so); nothing here queries per member or per week. Only live entries of the
 * cohort's own guild count (read from the derived per-day rows, `member_days`).
 *
 * Check-ins are stored per Monday–Sunday week of the member (`week_start`),
 * while cohort weeks are 7-day blocks from any weekday. A check-in counts for
 * the cohort week that holds its Thursday (`week_start + 3`) — the block its
 * week overlaps most, ISO-style. Every cohort week holds exactly one Thursday,
 * so each cohort week matches exactly one calendar week: the one whose Monday is
 * within 3 days either side of the block's first day. With a Monday start the
 * two weeks coincide.
 */
import { and, between, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { rawAll } from "../db/raw";
import { checkins, cohortMembers } from "../db/tables";
import { compareNumeric } from "../text/collate";
import { addDays, daysBetween, type LocalDate } from "../time/dates";
import type { Cohort } from "./cohort";

export interface DateRange {
  from: LocalDate;
  to: LocalDate;
}

export interface CohortMemberTotals {
  userId: string;
  displayName: string;
  /** within `range` */
  minutes: number;
  buildMinutes: number;
  projects: number;
  /** hours entries within `recent` */
  recentHours: number;
}

const minDate = (a: LocalDate, b: LocalDate) => (a < b ? a : b);
const maxDate = (a: LocalDate, b: LocalDate) => (a > b ? a : b);

/**
 * Every member of the cohort with their totals over `range` (empty when `to` is
 * before `from`) and their hours entries over `recent`, in one grouped query.
 * A member without a `members` row (erased data) shows as their user id.
 */
export async function cohortMemberTotals(
  db: Db,
  c: Cohort,
  range: DateRange,
  recent: DateRange,
): Promise<CohortMemberTotals[]> {
  // The members' derived per-day rows: bounded by members × days, whatever the guild's size.
  const inRange = sql`d.local_date between ${range.from} and ${range.to}`;
  const inRecent = sql`d.local_date between ${recent.from} and ${recent.to}`;
  return await rawAll<CohortMemberTotals>(
    db,
    sql`select cm.user_id as "userId",
  coalesce(max(m.display_name), cm.user_id) as "displayName",
  coalesce(sum(case when ${inRange} then d.minutes end), 0) as minutes,
  coalesce(sum(case when ${inRange} then d.build_minutes end), 0) as "buildMinutes",
  coalesce(sum(case when ${inRange} then d.projects end), 0) as projects,
  coalesce(sum(case when ${inRecent} then d.hours_entries end), 0) as "recentHours"
from cohort_members cm
left join members m on m.guild_id = ${c.guildId} and m.user_id = cm.user_id
left join member_days d on d.guild_id = ${c.guildId} and d.user_id = cm.user_id
  and d.local_date between ${minDate(range.from, recent.from)} and ${maxDate(range.to, recent.to)}
where cm.cohort_id = ${c.id}
group by cm.user_id`,
  );
}

/** The cohort week (possibly outside 1…weeks) a check-in for the week starting `weekStart` counts for. */
export function checkinCohortWeek(c: Pick<Cohort, "startDate">, weekStart: LocalDate): number {
  return Math.floor((daysBetween(c.startDate, weekStart) + 3) / 7) + 1;
}

/**
 * For each member who checked in, the cohort weeks among `fromWeek…toWeek` they
 * checked in for (see the file comment for the rule). One query.
 */
export async function checkinWeeks(
  db: Db,
  c: Cohort,
  fromWeek: number,
  toWeek: number,
): Promise<Map<string, Set<number>>> {
  const out = new Map<string, Set<number>>();
  if (toWeek < fromWeek) return out;
  const firstMonday = addDays(c.startDate, 7 * (fromWeek - 1) - 3);
  const lastMonday = addDays(c.startDate, 7 * (toWeek - 1) + 3);
  const rows = await db
    .select({ userId: checkins.userId, weekStart: checkins.weekStart })
    .from(checkins)
    .innerJoin(
      cohortMembers,
      and(eq(cohortMembers.cohortId, c.id), eq(cohortMembers.userId, checkins.userId)),
    )
    .where(and(eq(checkins.guildId, c.guildId), between(checkins.weekStart, firstMonday, lastMonday)));
  for (const { userId, weekStart } of rows) {
    const week = checkinCohortWeek(c, weekStart);
    if (week < fromWeek || week > toWeek) continue;
    const set = out.get(userId);
    if (set) set.add(week);
    else out.set(userId, new Set([week]));
  }
  return out;
}

/** Orders by display name (case-insensitively), then user id. */
export function byName(
  a: { displayName: string; userId: string },
  b: { displayName: string; userId: string },
) {
  return (
    compareNumeric(a.displayName, b.displayName) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0)
  );
}
