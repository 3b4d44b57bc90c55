import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { rawGet } from "../db/raw";
import { stackHistory } from "../db/tables";
import { memberStreaks, memberTotals } from "../logs/stats";
import type { LocalDate } from "../time/dates";
import type { MilestoneFacts } from "./milestones";

const DAY_MS = 86_400_000;

/** Longest time spent on one stack, from the pick/switch history up to now. */
export async function longestStackDays(db: Db, guildId: string, userId: string, now: Date): Promise<number> {
  const picks = await db
    .select({ at: stackHistory.at })
    .from(stackHistory)
    .where(and(eq(stackHistory.guildId, guildId), eq(stackHistory.userId, userId)))
    .orderBy(asc(stackHistory.at));
  let longest = 0;
  picks.forEach((p, i) => {
    const end = picks[i + 1]?.at ?? now;
    longest = Math.max(longest, Math.floor((end.getTime() - p.at.getTime()) / DAY_MS));
  });
  return longest;
}

/** How many live hours entries and projects the member has (their derived all-time row). */
export async function entryCounts(
  db: Db,
  guildId: string,
  userId: string,
): Promise<{ hours: number; projects: number }> {
  const row = await rawGet<{ hours: number; projects: number }>(
    db,
    sql`select hours_entries as hours, projects from member_totals where guild_id = ${guildId} and user_id = ${userId}`,
  );
  return { hours: row?.hours ?? 0, projects: row?.projects ?? 0 };
}

/** What the milestones (SPEC §3.9) are decided from, read for one member on their local `today`. */
export async function milestoneFacts(
  db: Db,
  guildId: string,
  userId: string,
  today: LocalDate,
  now: Date,
): Promise<MilestoneFacts> {
  const counts = await entryCounts(db, guildId, userId);
  return {
    totalMinutes: (await memberTotals(db, guildId, userId)).minutes,
    hoursEntries: counts.hours,
    projects: counts.projects,
    longestStreak: (await memberStreaks(db, guildId, userId, today)).longest,
    longestStackDays: await longestStackDays(db, guildId, userId, now),
  };
}
