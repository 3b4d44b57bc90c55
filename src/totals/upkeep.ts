/**
 * Keeps the derived tables (src/db/totals-schema.ts) equal to what `entries`
 * says, one entry at a time. Every function here runs inside the caller's
 * transaction, next to the insert, soft delete or delete of the entry, so a
 * reader never sees an entry without its totals or the other way round.
 */
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { type entries, guilds, members } from "../db/schema";
import { boardSizes, memberDays, memberMonths, memberTotals, memberWeeks } from "../db/totals-schema";
import { daysBetween, type LocalDate, weekStart } from "../time/dates";
import { currentUntil, runsOfDays } from "./streaks";

/** What the derived tables need of an entry. */
export type EntryFacts = Pick<
  typeof entries.$inferSelect,
  "guildId" | "userId" | "type" | "localDate" | "minutes" | "kind"
>;

interface Delta {
  minutes: number;
  buildMinutes: number;
  projects: number;
  hoursEntries: number;
}

type Scores = Omit<Delta, "hoursEntries">;

export const BOARD_METRICS = ["hours", "build", "projects"] as const;
export type BoardMetric = (typeof BOARD_METRICS)[number];

/** Scope key of `board_sizes`: `*` for all time, `YYYY-MM` for a month, the Monday for a week. */
export const ALL_TIME = "*";
export const monthOf = (date: LocalDate): string => date.slice(0, 7);

export function metricScore(s: Scores, metric: BoardMetric): number {
  return metric === "hours" ? s.minutes : metric === "build" ? s.buildMinutes : s.projects;
}

function deltaOf(e: EntryFacts, sign: 1 | -1): Delta {
  if (e.type === "project") return { minutes: 0, buildMinutes: 0, projects: sign, hoursEntries: 0 };
  const minutes = sign * (e.minutes ?? 0);
  return { minutes, buildMinutes: e.kind === "build" ? minutes : 0, projects: 0, hoursEntries: sign };
}

const add = (column: { name: string }, d: number) => sql`${sql.identifier(column.name)} + ${d}`;

/** Adds `d` to one period row (creating it), returns the row's new scores; deletes it when empty. */
function bump(
  db: Db,
  table: typeof memberDays | typeof memberWeeks | typeof memberMonths | typeof memberTotals,
  key: Record<string, string>,
  d: Delta,
  withEntries: boolean,
): Scores {
  const values = {
    ...key,
    minutes: d.minutes,
    buildMinutes: d.buildMinutes,
    projects: d.projects,
    ...(withEntries ? { hoursEntries: d.hoursEntries } : {}),
  };
  const set = {
    minutes: add(table.minutes, d.minutes),
    buildMinutes: add(table.buildMinutes, d.buildMinutes),
    projects: add(table.projects, d.projects),
    ...(withEntries && "hoursEntries" in table
      ? { hoursEntries: add(table.hoursEntries, d.hoursEntries) }
      : {}),
  };
  const target =
    table === memberDays
      ? [memberDays.guildId, memberDays.userId, memberDays.localDate]
      : table === memberWeeks
        ? [memberWeeks.guildId, memberWeeks.weekStart, memberWeeks.userId]
        : table === memberMonths
          ? [memberMonths.guildId, memberMonths.month, memberMonths.userId]
          : [memberTotals.guildId, memberTotals.userId];
  const row = (db as Db)
    .insert(table as typeof memberDays)
    .values(values as typeof memberDays.$inferInsert)
    .onConflictDoUpdate({ target, set })
    .returning({ minutes: table.minutes, buildMinutes: table.buildMinutes, projects: table.projects })
    .get();
  return row;
}

function deleteIfEmpty(db: Db, table: typeof memberWeeks | typeof memberMonths, key: SqlKey): void {
  db.delete(table)
    .where(and(key, eq(table.minutes, 0), eq(table.projects, 0)))
    .run();
}

type SqlKey = ReturnType<typeof and>;

function resize(db: Db, guildId: string, scope: string, before: Scores, after: Scores): void {
  for (const metric of BOARD_METRICS) {
    const was = metricScore(before, metric) > 0;
    const is = metricScore(after, metric) > 0;
    if (was === is) continue;
    db.insert(boardSizes)
      .values({ guildId, scope, metric, members: is ? 1 : -1 })
      .onConflictDoUpdate({
        target: [boardSizes.guildId, boardSizes.scope, boardSizes.metric],
        set: { members: sql`${sql.identifier("members")} + ${is ? 1 : -1}` },
      })
      .run();
    if (!is) {
      db.delete(boardSizes)
        .where(
          and(
            eq(boardSizes.guildId, guildId),
            eq(boardSizes.scope, scope),
            eq(boardSizes.metric, metric),
            eq(boardSizes.members, 0),
          ),
        )
        .run();
    }
  }
}

const minus = (a: Scores, d: Delta): Scores => ({
  minutes: a.minutes - d.minutes,
  buildMinutes: a.buildMinutes - d.buildMinutes,
  projects: a.projects - d.projects,
});

/** The zone a member's days are in: their own, else the guild's. */
export function zoneOfMember(db: Db, guildId: string, userId: string): string {
  const row = db
    .select({ own: members.timezone, guild: guilds.timezone })
    .from(guilds)
    .leftJoin(members, and(eq(members.guildId, guilds.id), eq(members.userId, userId)))
    .where(eq(guilds.id, guildId))
    .get();
  return row?.own ?? row?.guild ?? "UTC";
}

/**
 * Streak state after `day` gained its first live hours or lost its last. A new
 * latest day extends or restarts the latest run in place; anything else
 * (a back-dated day, a removal) recounts the member's days, which is one
 * member's range of `member_days`.
 */
function restreak(db: Db, guildId: string, userId: string, day: LocalDate, gained: boolean): void {
  const member = and(eq(memberTotals.guildId, guildId), eq(memberTotals.userId, userId));
  const state = db
    .select({
      lastDay: memberTotals.lastDay,
      lastRun: memberTotals.lastRun,
      longest: memberTotals.longestRun,
    })
    .from(memberTotals)
    .where(member)
    .get();
  let runs: { lastDay: LocalDate | null; lastRun: number; longest: number };
  if (gained && state && (state.lastDay === null || day > state.lastDay)) {
    const lastRun = state.lastDay !== null && daysBetween(state.lastDay, day) === 1 ? state.lastRun + 1 : 1;
    runs = { lastDay: day, lastRun, longest: Math.max(state.longest, lastRun) };
  } else {
    const days = db
      .select({ d: memberDays.localDate })
      .from(memberDays)
      .where(and(eq(memberDays.guildId, guildId), eq(memberDays.userId, userId), gt(memberDays.minutes, 0)))
      .orderBy(asc(memberDays.localDate))
      .all()
      .map((r) => r.d);
    runs = runsOfDays(days);
  }
  db.update(memberTotals)
    .set({
      lastDay: runs.lastDay,
      lastRun: runs.lastRun,
      longestRun: runs.longest,
      currentUntil: runs.lastDay === null ? 0 : currentUntil(runs.lastDay, zoneOfMember(db, guildId, userId)),
    })
    .where(member)
    .run();
}

/**
 * Applies one entry going live (`sign` 1: logged) or leaving (`-1`: undone,
 * removed, deleted) to every derived table. Call it in the entry's transaction.
 */
export function applyEntry(db: Db, e: EntryFacts, sign: 1 | -1): void {
  const d = deltaOf(e, sign);
  const { guildId, userId, localDate } = e;
  const day = bump(db, memberDays, { guildId, userId, localDate }, d, true);
  const dayBefore = minus(day, d);
  if (day.minutes === 0 && day.projects === 0) {
    db.delete(memberDays)
      .where(
        and(
          eq(memberDays.guildId, guildId),
          eq(memberDays.userId, userId),
          eq(memberDays.localDate, localDate),
        ),
      )
      .run();
  }
  const week = weekStart(localDate);
  const w = bump(db, memberWeeks, { guildId, weekStart: week, userId }, d, false);
  resize(db, guildId, week, minus(w, d), w);
  deleteIfEmpty(
    db,
    memberWeeks,
    and(eq(memberWeeks.guildId, guildId), eq(memberWeeks.weekStart, week), eq(memberWeeks.userId, userId)),
  );
  const month = monthOf(localDate);
  const m = bump(db, memberMonths, { guildId, month, userId }, d, false);
  resize(db, guildId, month, minus(m, d), m);
  deleteIfEmpty(
    db,
    memberMonths,
    and(eq(memberMonths.guildId, guildId), eq(memberMonths.month, month), eq(memberMonths.userId, userId)),
  );
  const t = bump(db, memberTotals, { guildId, userId }, d, true);
  resize(db, guildId, ALL_TIME, minus(t, d), t);
  if (dayBefore.minutes > 0 !== day.minutes > 0) restreak(db, guildId, userId, localDate, day.minutes > 0);
  if (t.minutes === 0 && t.projects === 0) {
    db.delete(memberTotals)
      .where(and(eq(memberTotals.guildId, guildId), eq(memberTotals.userId, userId)))
      .run();
  }
}

/** After a member's own time zone changed: when their latest run stops being current moved. */
export function refreshMemberZone(db: Db, guildId: string, userId: string): void {
  const row = db
    .select({ lastDay: memberTotals.lastDay })
    .from(memberTotals)
    .where(and(eq(memberTotals.guildId, guildId), eq(memberTotals.userId, userId)))
    .get();
  if (!row?.lastDay) return;
  db.update(memberTotals)
    .set({ currentUntil: currentUntil(row.lastDay, zoneOfMember(db, guildId, userId)) })
    .where(and(eq(memberTotals.guildId, guildId), eq(memberTotals.userId, userId)))
    .run();
}

/** Before a member's entries are erased (/privacy delete): their derived rows and board places go too. */
export function forgetMember(db: Db, guildId: string, userId: string): void {
  const places = BOARD_METRICS.flatMap((metric) => {
    const column = metric === "hours" ? "minutes" : metric === "build" ? "build_minutes" : "projects";
    return [
      sql`select week_start as scope, ${metric} as metric from member_weeks where guild_id = ${guildId} and user_id = ${userId} and ${sql.identifier(column)} > 0`,
      sql`select month, ${metric} from member_months where guild_id = ${guildId} and user_id = ${userId} and ${sql.identifier(column)} > 0`,
      sql`select ${ALL_TIME}, ${metric} from member_totals where guild_id = ${guildId} and user_id = ${userId} and ${sql.identifier(column)} > 0`,
    ];
  });
  db.run(sql`update board_sizes set members = members - 1
where guild_id = ${guildId} and (scope, metric) in (${sql.join(places, sql` union all `)})`);
  db.run(sql`delete from board_sizes where guild_id = ${guildId} and members <= 0`);
  for (const table of [memberDays, memberWeeks, memberMonths, memberTotals]) {
    db.delete(table)
      .where(and(eq(table.guildId, guildId), eq(table.userId, userId)))
      .run();
  }
}

/**
 * After a guild's time zone changed: runs of members without their own zone
 * stop being current at another instant. One update per distinct last day.
 */
export function refreshGuildZone(db: Db, guildId: string): void {
  const zone =
    db.select({ tz: guilds.timezone }).from(guilds).where(eq(guilds.id, guildId)).get()?.tz ?? "UTC";
  const days = db
    .selectDistinct({ d: memberTotals.lastDay })
    .from(memberTotals)
    .where(and(eq(memberTotals.guildId, guildId), sql`${memberTotals.lastDay} is not null`))
    .all();
  for (const { d } of days) {
    if (d === null) continue;
    db.run(sql`update member_totals set current_until = ${currentUntil(d, zone)}
where guild_id = ${guildId} and last_day = ${d} and user_id not in
  (select user_id from members where guild_id = ${guildId} and timezone is not null)`);
  }
}
