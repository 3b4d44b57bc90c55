/**
 * Leaderboards (SPEC §3.4): members ranked by a metric over a period.
 *
 * Boards read the derived tables (src/leaderboards/boards.ts): an index walk
 * for the top and an index count for the caller's rank. Entries count on the
 * member's own local day (`entries.local_date`), compared with the period's
 * dates as written, so a Tokyo member's Monday counts in the week that holds
 * that Monday even when the guild's zone is still on Sunday. Removed entries
 * never count. `scoreQuery` and `streakQuery` are the same answers aggregated
 * from `entries`: the reference the derived tables are checked against.
 *
 * Members who left the server still count: the bot has no privileged members
 * intent, so Discord never tells it who left. They are listed under the display
 * name stored the last time they used the bot (`members.display_name`); an
 * entry whose member row is missing falls back to the user id.
 */
import { and, asc, eq, gte, inArray, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { entries, members } from "../db/tables";
import { runsQuery } from "../logs/stats";
import { board } from "./boards";
import type { Period } from "./periods";

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

/**
 * Ranks the guild's members by `metric` over `period` (streaks ignore the
 * period: they are "as of now"). `top` is the first `limit` standings in rank
 * order, ties broken as `rankMembers` documents, so a tie at the edge may leave
 * some tied members out of `top`; such a caller gets their line in `caller`.
 * Reads the derived tables (`board` in ./boards): an index walk, not an aggregate.
 */
export async function leaderboard(db: Db, opts: LeaderboardOptions): Promise<Leaderboard> {
  const limit = Math.max(0, Math.floor(opts.limit ?? DEFAULT_LIMIT));
  const b = await board(db, {
    guildId: opts.guildId,
    metric: opts.metric,
    from: opts.period.from,
    to: opts.period.to,
    now: opts.now,
    limit,
    offset: Math.max(0, Math.floor(opts.offset ?? 0)),
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

/** Live projects whose local day falls in the period, oldest first; the first `limit` of them when given. */
export async function shippedProjects(
  db: Db,
  guildId: string,
  period: Period,
  limit?: number,
): Promise<ShippedProject[]> {
  return await db
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
    .limit(limit ?? -1);
}
