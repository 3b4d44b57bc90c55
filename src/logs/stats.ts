import { and, asc, eq, inArray, isNull, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { dialectSql } from "../db/dialect";
import { rawAll, rawGet } from "../db/raw";
import { entries } from "../db/tables";
import { addDays, daysBetween, type LocalDate, weekStart } from "../time/dates";

export interface Totals {
  minutes: number;
  buildMinutes: number;
}

/** Live (not removed) hours entries of one member. */
function memberHours(guildId: string, userId: string) {
  return and(
    eq(entries.guildId, guildId),
    eq(entries.userId, userId),
    eq(entries.type, "hours"),
    isNull(entries.removedAt),
  );
}

/**
 * Minutes and build minutes of a member between two local dates (inclusive);
 * open ends are unbounded. Reads the derived tables: all time and a Monday–Sunday
 * week are one row, any other range sums the member's days.
 */
export async function memberTotals(
  db: Db,
  guildId: string,
  userId: string,
  from?: LocalDate,
  to?: LocalDate,
): Promise<Totals> {
  const member = sql`guild_id = ${guildId} and user_id = ${userId}`;
  let row: Totals | undefined;
  if (from === undefined && to === undefined) {
    row = await rawGet<Totals>(
      db,
      sql`select minutes, build_minutes as "buildMinutes" from member_totals where ${member}`,
    );
  } else if (from !== undefined && to !== undefined && from === weekStart(from) && to === addDays(from, 6)) {
    row = await rawGet<Totals>(
      db,
      sql`select minutes, build_minutes as "buildMinutes" from member_weeks where ${member} and week_start = ${from}`,
    );
  } else {
    row = await rawGet<Totals>(
      db,
      sql`select coalesce(sum(minutes), 0) as minutes, coalesce(sum(build_minutes), 0) as "buildMinutes"
from member_days where ${member}${from !== undefined ? sql` and local_date >= ${from}` : sql``}${
        to !== undefined ? sql` and local_date <= ${to}` : sql``
      }`,
    );
  }
  return { minutes: row?.minutes ?? 0, buildMinutes: row?.buildMinutes ?? 0 };
}

/** The Monday–Sunday week containing `today`. */
export function weekOf(today: LocalDate): { from: LocalDate; to: LocalDate } {
  const from = weekStart(today);
  return { from, to: addDays(from, 6) };
}

export async function weekTotals(db: Db, guildId: string, userId: string, today: LocalDate): Promise<Totals> {
  const { from, to } = weekOf(today);
  return memberTotals(db, guildId, userId, from, to);
}

/** Build share as a whole percentage, or null when nothing was logged. */
export function buildShare(t: Totals): number | null {
  return t.minutes === 0 ? null : Math.round((t.buildMinutes / t.minutes) * 100);
}

/** Distinct local days on which the member logged hours, ascending. */
export async function loggedDays(db: Db, guildId: string, userId: string): Promise<LocalDate[]> {
  return (
    await db
      .selectDistinct({ d: entries.localDate })
      .from(entries)
      .where(memberHours(guildId, userId))
      .orderBy(asc(entries.localDate))
  ).map((r) => r.d);
}

export interface Streaks {
  /** consecutive days ending today, or yesterday (a streak is not broken until a day passes without a log) */
  current: number;
  longest: number;
}

/** Streaks over ascending distinct local days, as seen on the member's local `today`. */
export function streaks(days: readonly LocalDate[], today: LocalDate): Streaks {
  let longest = 0;
  let run = 0;
  let prev: LocalDate | null = null;
  for (const d of days) {
    run = prev !== null && daysBetween(prev, d) === 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    prev = d;
  }
  const gap = prev === null ? Number.POSITIVE_INFINITY : daysBetween(prev, today);
  return { current: gap <= 1 ? run : 0, longest };
}

/**
 * Each member's runs of consecutive logged days, summed up: the latest run and
 * the longest one. A "run" ends on `lastDay`; whether it is still current
 * depends on the member's own today, so that last step is `streaksOfRuns`.
 */
export interface MemberRuns {
  userId: string;
  /** the member's latest logged day (the last day of the latest run) */
  lastDay: LocalDate;
  /** days in the latest run */
  lastRun: number;
  /** days in the longest run */
  longest: number;
}

/** Which members to look at: ids, or a subquery selecting one column of ids. */
export type MemberFilter = readonly string[] | SQLWrapper;

/**
 * One row per member with live hours in the guild (optionally among `userIds`):
 * their latest run and longest run (`MemberRuns`), computed in SQLite as gaps
 * and islands.
 *
 * `dense_rank` numbers a member's days in order (equal dates share a number,
 * so several entries on one day count once); `julianday(day) - rank` then stays
 * the same along consecutive days and jumps at every gap, so each value is one
 * run ("island"). The days are grouped into islands (last day, length), and a
 * window over a member's islands keeps the latest one and the longest length.
 * SQLite reads `entries_live_hours_idx` (guild, user, day) in order, so the
 * numbering needs no sort; only islands reach the last window, and one row per
 * member comes back.
 *
 * Plain SQL rather than the query builder: building three nested selects costs
 * more than running this for one member, which every /log hours does.
 * Exported so tests (and joins, see `streakQuery`) can use it.
 */
export function runsQuery(guildId: string, userIds?: MemberFilter): SQL {
  const among =
    userIds === undefined
      ? sql``
      : sql` and ${inArray(entries.userId, Array.isArray(userIds) ? [...userIds] : (userIds as SQLWrapper))}`;
  return sql`select user_id as "userId", last_day as "lastDay", run_length as "lastRun", longest
from (
  select user_id,
    max(local_date) as last_day,
    max(day_rank) - min(day_rank) + 1 as run_length,
    max(max(day_rank) - min(day_rank) + 1) over (partition by user_id) as longest,
    row_number() over (partition by user_id order by max(local_date) desc) as recency
  from (
    select ${entries.userId} as user_id, ${entries.localDate} as local_date,
      dense_rank() over (partition by ${entries.userId} order by ${entries.localDate}) as day_rank
    from ${entries}
    where ${entries.guildId} = ${guildId} and ${entries.type} = 'hours' and ${entries.removedAt} is null${among}
  ) as numbered
  group by user_id, ${dialectSql().dayNumber(sql.raw("local_date"))} - day_rank
) as islands
where recency = 1`;
}

/** Runs of the guild's members (optionally among `userIds`); members without live hours are left out. */
export async function memberRuns(db: Db, guildId: string, userIds?: MemberFilter): Promise<MemberRuns[]> {
  if (Array.isArray(userIds) && userIds.length === 0) return [];
  return await rawAll<MemberRuns>(db, runsQuery(guildId, userIds));
}

/** Streaks from a member's runs as seen on their local `today`; same answer as `streaks` over their days. */
export function streaksOfRuns(runs: Omit<MemberRuns, "userId"> | undefined, today: LocalDate): Streaks {
  if (runs === undefined) return { current: 0, longest: 0 };
  return { current: daysBetween(runs.lastDay, today) <= 1 ? runs.lastRun : 0, longest: runs.longest };
}

/**
 * Streaks of the guild's members who logged hours (optionally among `userIds`),
 * each on their own local today. Members who never logged are absent: their
 * streaks are `{ current: 0, longest: 0 }`.
 */
export async function guildStreaks(
  db: Db,
  guildId: string,
  todayOf: (userId: string) => LocalDate,
  userIds?: MemberFilter,
): Promise<Map<string, Streaks>> {
  return new Map(
    (await memberRuns(db, guildId, userIds)).map((r) => [r.userId, streaksOfRuns(r, todayOf(r.userId))]),
  );
}

/** A member's latest and longest runs, from the derived all-time row (undefined when they have no hours). */
export async function storedRuns(
  db: Db,
  guildId: string,
  userId: string,
): Promise<Omit<MemberRuns, "userId"> | undefined> {
  return await rawGet<Omit<MemberRuns, "userId">>(
    db,
    sql`select last_day as "lastDay", last_run as "lastRun", longest_run as longest
from member_totals where guild_id = ${guildId} and user_id = ${userId} and last_day is not null`,
  );
}

export async function memberStreaks(
  db: Db,
  guildId: string,
  userId: string,
  today: LocalDate,
): Promise<Streaks> {
  return streaksOfRuns(await storedRuns(db, guildId, userId), today);
}

/**
 * Length of the run of consecutive logged days that contains `day` (0 if the
 * member logged nothing that day), looking at most `span` days either side:
 * what an entry on an earlier day did to the member's record.
 */
export async function runThrough(
  db: Db,
  guildId: string,
  userId: string,
  day: LocalDate,
  span = 366,
): Promise<number> {
  const days = new Set(
    (
      await rawAll<{ d: LocalDate }>(
        db,
        sql`select local_date as d from member_days
where guild_id = ${guildId} and user_id = ${userId} and minutes > 0
  and local_date between ${addDays(day, -span)} and ${addDays(day, span)}`,
      )
    ).map((r) => r.d),
  );
  if (!days.has(day)) return 0;
  let run = 1;
  for (let d = addDays(day, -1); days.has(d); d = addDays(d, -1)) run++;
  for (let d = addDays(day, 1); days.has(d); d = addDays(d, 1)) run++;
  return run;
}
