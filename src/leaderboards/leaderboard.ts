/**
 * Leaderboards (SPEC §3.4) and the data of the weekly post (SPEC §3.7).
 *
 * Every metric is one aggregate query over the guild, grouped by member and
 * joined to `members` for the display name (and, for streaks, the member's own
 * time zone); there is no per-member query. Entries count on the member's own
 * local day (`entries.local_date`), compared with the period's dates as
 * written, so a Tokyo member's Monday counts in the week that holds that Monday
 * even when the guild's zone is still on Sunday. Removed entries never count.
 *
 * Members who left the server still count: the bot has no privileged members
 * intent, so Discord never tells it who left. They are listed under the display
 * name stored the last time they used the bot (`members.display_name`); an
 * entry whose member row is missing falls back to the user id.
 */
import { and, asc, eq, gte, inArray, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { entries, members } from "../db/schema";
import { ensureGuild } from "../guilds/settings";
import { runsQuery } from "../logs/stats";
import { addDays, isoWeekday, type LocalDate, weekStart } from "../time/dates";
import { localDate } from "../time/zones";
import { board } from "./boards";
import { type FormattedPost, formatWeeklyPost, type NameStyle } from "./format";

export const METRICS = ["hours", "build", "streak", "projects"] as const;
export type Metric = (typeof METRICS)[number];
export const PERIOD_NAMES = ["week", "month", "all"] as const;
export type PeriodName = (typeof PERIOD_NAMES)[number];

/** Inclusive local dates; null is unbounded on that side. */
export interface Period {
  from: LocalDate | null;
  to: LocalDate | null;
  label: string;
}

export interface Standing {
  userId: string;
  displayName: string;
  rank: number;
  /** minutes for `hours` and `build`, days for `streak`, a count for `projects` */
  score: number;
}

export interface Leaderboard {
  metric: Metric;
  period: Period;
  top: Standing[];
  /** the caller's standing, only when they scored and are not among `top` */
  caller: Standing | null;
  /** members with a score above 0 */
  participants: number;
}

export interface LeaderboardOptions {
  guildId: string;
  metric: Metric;
  period: Period;
  now: Date;
  callerId?: string;
  /** how many standings `top` holds; default 10 */
  limit?: number;
  /** only these members count (a cohort); omitted = everyone in the guild */
  userIds?: readonly string[];
}

export const DEFAULT_LIMIT = 10;

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

/**
 * The guild-wide period containing `guildToday` (the guild's local date, SPEC §3.13):
 * week = Monday..Sunday, month = 1st..last day, all = unbounded.
 */
export function guildPeriod(name: PeriodName, guildToday: LocalDate): Period {
  switch (name) {
    case "week": {
      const from = weekStart(guildToday);
      const to = addDays(from, 6);
      return { from, to, label: `This week (${rangeLabel(from, to)})` };
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
export function currentPeriod(db: Db, guildId: string, name: PeriodName, now: Date): Period {
  return guildPeriod(name, localDate(now, ensureGuild(db, guildId, now).timezone));
}

/**
 * The week a weekly post closes (SPEC §3.7): the most recent Monday–Sunday week
 * whose Sunday is on or before `postLocalDate`. A Sunday post closes the week
 * ending that day; any other day closes the week before its own.
 */
export function closedWeek(postLocalDate: LocalDate): Period {
  const sunday = addDays(postLocalDate, -(isoWeekday(postLocalDate) % 7));
  const from = addDays(sunday, -6);
  return { from, to: sunday, label: `Week of ${rangeLabel(from, sunday)}` };
}

/** Live entries of one type in the guild, within the period and (optionally) among some members. */
function liveEntries(
  guildId: string,
  type: "hours" | "project",
  period: Pick<Period, "from" | "to">,
  userIds: readonly string[] | undefined,
): SQL | undefined {
  return and(
    eq(entries.guildId, guildId),
    eq(entries.type, type),
    isNull(entries.removedAt),
    period.from !== null ? gte(entries.localDate, period.from) : undefined,
    period.to !== null ? lte(entries.localDate, period.to) : undefined,
    userIds !== undefined ? inArray(entries.userId, [...userIds]) : undefined,
  );
}

const memberOfEntry = and(eq(members.guildId, entries.guildId), eq(members.userId, entries.userId));
// max() over the single joined row keeps the select a proper aggregate; no member row → the id.
const displayName = sql<string>`coalesce(max(${members.displayName}), ${entries.userId})`;

/**
 * The aggregate query of a summed metric: one row per member with a score.
 * Exported so tests can look at its query plan.
 */
export function scoreQuery(
  db: Db,
  guildId: string,
  metric: Exclude<Metric, "streak">,
  period: Pick<Period, "from" | "to">,
  userIds?: readonly string[],
) {
  const score =
    metric === "projects" ? sql<number>`count(*)` : sql<number>`coalesce(sum(${entries.minutes}), 0)`;
  return db
    .select({ userId: entries.userId, displayName, score })
    .from(entries)
    .leftJoin(members, memberOfEntry)
    .where(
      and(
        liveEntries(guildId, metric === "projects" ? "project" : "hours", period, userIds),
        metric === "build" ? eq(entries.kind, "build") : undefined,
      ),
    )
    .groupBy(entries.userId);
}

/**
 * Each member with live hours in the guild (optionally among `userIds`): their
 * latest and longest runs of consecutive days (`runsQuery`, one row per member,
 * never one per day), their name and their own time zone. All time: a current
 * streak may have started before any period. Exported so tests can look at its
 * query plan.
 */
export function streakQuery(guildId: string, userIds?: readonly string[]): SQL {
  return sql`select runs."userId", coalesce(${members.displayName}, runs."userId") as "displayName",
  ${members.timezone} as timezone, runs."lastDay", runs."lastRun", runs.longest
from (${runsQuery(guildId, userIds)}) as runs
left join ${members} on ${members.guildId} = ${guildId} and ${members.userId} = runs."userId"`;
}

/**
 * Ranks the guild's members by `metric` over `period` (streaks ignore the
 * period: they are "as of now"). `top` is the first `limit` standings in rank
 * order, ties broken as `rankMembers` documents, so a tie at the edge may leave
 * some tied members out of `top`; such a caller gets their line in `caller`.
 * Reads the derived tables (`board` in ./boards): an index walk, not an aggregate.
 */
export function leaderboard(db: Db, opts: LeaderboardOptions): Leaderboard {
  const limit = Math.max(0, Math.floor(opts.limit ?? DEFAULT_LIMIT));
  const b = board(db, {
    guildId: opts.guildId,
    metric: opts.metric,
    from: opts.period.from,
    to: opts.period.to,
    now: opts.now,
    limit,
    callerId: opts.callerId,
    userIds: opts.userIds,
  });
  return {
    metric: opts.metric,
    period: opts.period,
    top: b.top,
    caller: b.caller,
    participants: b.participants,
  };
}

export interface ShippedProject {
  userId: string;
  displayName: string;
  name: string;
  url: string;
}

/** Live projects whose local day falls in the period, oldest first. */
export function shippedProjects(db: Db, guildId: string, period: Period): ShippedProject[] {
  return db
    .select({
      userId: entries.userId,
      displayName: sql<string>`coalesce(${members.displayName}, ${entries.userId})`,
      name: sql<string>`${entries.name}`,
      url: sql<string>`${entries.url}`,
    })
    .from(entries)
    .leftJoin(members, memberOfEntry)
    .where(liveEntries(guildId, "project", period, undefined))
    .orderBy(asc(entries.localDate), asc(entries.createdAt), asc(entries.id))
    .all();
}

export const WEEKLY_HOURS_TOP = 10;
export const WEEKLY_STREAK_TOP = 5;

/**
 * The weekly leaderboard post (SPEC §3.7) for a post made on `postLocalDate`
 * (the guild's local date): the closed week's top 10 by hours, the top 5
 * current streaks as of `now`, and the projects shipped that week.
 */
export function weeklyLeaderboardPost(
  db: Db,
  guildId: string,
  postLocalDate: LocalDate,
  now: Date,
  opts: { names?: NameStyle } = {},
): FormattedPost {
  const period = closedWeek(postLocalDate);
  return formatWeeklyPost(
    {
      hours: leaderboard(db, { guildId, metric: "hours", period, now, limit: WEEKLY_HOURS_TOP }),
      streak: leaderboard(db, { guildId, metric: "streak", period, now, limit: WEEKLY_STREAK_TOP }),
      projects: shippedProjects(db, guildId, period),
    },
    opts,
  );
}
