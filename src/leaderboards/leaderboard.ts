/**
 * Leaderboards (SPEC §3.4): members ranked by a metric over a period.
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
import { type MemberRuns, runsQuery, streaksOfRuns } from "../logs/stats";
import { memberTimeZone } from "../members/members";
import type { LocalDate } from "../time/dates";
import { localDate } from "../time/zones";
import type { Period } from "./periods";
import { rankMembers } from "./rank";

export const METRICS = ["hours", "build", "streak", "projects"] as const;
export type Metric = (typeof METRICS)[number];

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
  /** the caller's standing, only when they scored and are not among `top` (on this page) */
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
  /** how many standings come before `top` (paging: page N starts at N × limit); default 0 */
  offset?: number;
  /** only these members count (a cohort); omitted = everyone in the guild */
  userIds?: readonly string[];
}

export const DEFAULT_LIMIT = 10;

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

interface StreakRow extends MemberRuns {
  displayName: string;
  timezone: string | null;
}

interface Scored {
  userId: string;
  displayName: string;
  score: number;
}

/** Each member's current streak on their own local today (member zone, else the guild's). */
function streakScores(db: Db, guildId: string, now: Date, userIds: readonly string[] | undefined): Scored[] {
  const guild = ensureGuild(db, guildId, now);
  const todayIn = new Map<string, LocalDate>();
  const today = (timeZone: string): LocalDate => {
    let d = todayIn.get(timeZone);
    if (d === undefined) {
      d = localDate(now, timeZone);
      todayIn.set(timeZone, d);
    }
    return d;
  };
  return db.all<StreakRow>(streakQuery(guildId, userIds)).map((r) => ({
    userId: r.userId,
    displayName: r.displayName,
    score: streaksOfRuns(r, today(memberTimeZone(r, guild))).current,
  }));
}

function scores(db: Db, opts: LeaderboardOptions): Scored[] {
  if (opts.metric === "streak") return streakScores(db, opts.guildId, opts.now, opts.userIds);
  return scoreQuery(db, opts.guildId, opts.metric, opts.period, opts.userIds)
    .all()
    .map((r) => ({ userId: r.userId, displayName: r.displayName, score: Number(r.score) }));
}

const toStanding = ({ userId, displayName, rank, score }: Standing): Standing => ({
  userId,
  displayName,
  rank,
  score,
});

/**
 * Ranks the guild's members by `metric` over `period` (streaks ignore the
 * period: they are "as of now"). `top` is the first `limit` standings in rank
 * order, ties broken as `rankMembers` documents, so a tie at the edge may leave
 * some tied members out of `top`; such a caller gets their line in `caller`.
 */
export function leaderboard(db: Db, opts: LeaderboardOptions): Leaderboard {
  const limit = Math.max(0, Math.floor(opts.limit ?? DEFAULT_LIMIT));
  const rows = opts.userIds !== undefined && opts.userIds.length === 0 ? [] : scores(db, opts);
  const ranked = rankMembers(rows, (r) => r.score);
  const offset = Math.max(0, Math.floor(opts.offset ?? 0));
  const top = ranked.slice(offset, offset + limit).map(toStanding);
  const at = opts.callerId === undefined ? -1 : ranked.findIndex((r) => r.userId === opts.callerId);
  const callerRow = at >= 0 && (at < offset || at >= offset + limit) ? ranked[at] : undefined;
  return {
    metric: opts.metric,
    period: opts.period,
    top,
    caller: callerRow ? toStanding(callerRow) : null,
    participants: ranked.length,
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
