import { and, eq, gte, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { entries } from "../db/tables";
import { addDays, type LocalDate, weekStart } from "../time/dates";
import type { NextMilestone } from "./milestones";
import type { Profile } from "./profile";

/** Weeks the heatmap covers, the current one last (a year and a bit, like a contribution graph). */
export const HEATMAP_WEEKS = 53;

/** One local day of a member's logged time. */
export interface DayMinutes {
  date: LocalDate;
  learn: number;
  build: number;
}

/** Everything the profile card (SPEC §3.15) draws: plain data, so it can cross to a worker. */
export interface CardData {
  displayName: string;
  stack: { label: string; day: number } | null;
  streak: number;
  longestStreak: number;
  totalMinutes: number;
  buildShare: number | null;
  buildTargetPercent: number;
  next: NextMilestone | null;
  /** Monday of the heatmap's first column */
  firstDay: LocalDate;
  today: LocalDate;
  /** days with logged time between `firstDay` and `today`, ascending */
  days: DayMinutes[];
}

/** The Monday that starts the heatmap ending in `today`'s week. */
export function heatmapStart(today: LocalDate): LocalDate {
  return addDays(weekStart(today), -7 * (HEATMAP_WEEKS - 1));
}

/**
 * The member's live learn and build minutes per local day from `from` to `to`
 * (inclusive). The card's only read of the heatmap: a walk of
 * `entries_live_hours_idx` over at most 371 days of one member.
 */
export async function dailyMinutes(
  db: Db,
  guildId: string,
  userId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<DayMinutes[]> {
  return await db
    .select({
      date: entries.localDate,
      learn: sql<number>`coalesce(sum(case when ${entries.kind} = 'learn' then ${entries.minutes} else 0 end), 0)`,
      build: sql<number>`coalesce(sum(case when ${entries.kind} = 'build' then ${entries.minutes} else 0 end), 0)`,
    })
    .from(entries)
    .where(
      and(
        eq(entries.guildId, guildId),
        eq(entries.userId, userId),
        eq(entries.type, "hours"),
        isNull(entries.removedAt),
        gte(entries.localDate, from),
        lte(entries.localDate, to),
      ),
    )
    .groupBy(entries.localDate)
    .orderBy(entries.localDate);
}

/** The card's facts from the member's profile plus the heatmap days, read in the member's own time zone. */
export async function profileCardData(
  db: Db,
  guildId: string,
  profile: Profile,
  displayName: string,
): Promise<CardData> {
  const firstDay = heatmapStart(profile.today);
  return {
    displayName,
    // "day 1" on the day of the pick: days in counts whole days since, so add one
    stack: profile.stack ? { label: profile.stack.label, day: profile.stack.daysIn + 1 } : null,
    streak: profile.streaks.current,
    longestStreak: profile.streaks.longest,
    totalMinutes: profile.allTime.minutes,
    buildShare: profile.buildShareAllTime,
    buildTargetPercent: profile.buildTargetPercent,
    next: profile.next,
    firstDay,
    today: profile.today,
    days: await dailyMinutes(db, guildId, profile.userId, firstDay, profile.today),
  };
}
