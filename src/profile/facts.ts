import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { stackHistory } from "../db/schema";
import { memberStreaks, memberTotals } from "../logs/stats";
import type { LocalDate } from "../time/dates";
import type { MilestoneFacts } from "./milestones";

const DAY_MS = 86_400_000;

/** Longest time spent on one stack, from the pick/switch history up to now. */
export function longestStackDays(db: Db, guildId: string, userId: string, now: Date): number {
  const picks = db
    .select({ at: stackHistory.at })
    .from(stackHistory)
    .where(and(eq(stackHistory.guildId, guildId), eq(stackHistory.userId, userId)))
    .orderBy(asc(stackHistory.at))
    .all();
  let longest = 0;
  picks.forEach((p, i) => {
    const end = picks[i + 1]?.at ?? now;
    longest = Math.max(longest, Math.floor((end.getTime() - p.at.getTime()) / DAY_MS));
  });
  return longest;
}

/** How many live hours entries and projects the member has (their derived all-time row). */
export function entryCounts(db: Db, guildId: string, userId: string): { hours: number; projects: number } {
  const row = db.get<{ hours: number; projects: number }>(
    sql`select hours_entries as hours, projects from member_totals where guild_id = ${guildId} and user_id = ${userId}`,
  );
  return { hours: row?.hours ?? 0, projects: row?.projects ?? 0 };
}

/** What the milestones (SPEC §3.9) are decided from, read for one member on their local `today`. */
export function milestoneFacts(
  db: Db,
  guildId: string,
  userId: string,
  today: LocalDate,
  now: Date,
): MilestoneFacts {
  const counts = entryCounts(db, guildId, userId);
  return {
    totalMinutes: memberTotals(db, guildId, userId).minutes,
    hoursEntries: counts.hours,
    projects: counts.projects,
    longestStreak: memberStreaks(db, guildId, userId, today).longest,
    longestStackDays: longestStackDays(db, guildId, userId, now),
  };
}
