/** The weekly leaderboard post (SPEC §3.7): the data from the leaderboards, laid out by format. */
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import type { LocalDate } from "../time/dates";
import { type FormattedPost, formatWeeklyPost, type NameStyle, SHIPPED_READ_LIMIT } from "./format";
import { leaderboard, shippedProjects } from "./leaderboard";
import { closedWeek } from "./periods";

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
  opts: { names?: NameStyle } = { names: "stored" },
): FormattedPost {
  const period = closedWeek(postLocalDate);
  const projects = shippedProjects(db, guildId, period, SHIPPED_READ_LIMIT);
  return formatWeeklyPost(
    {
      hours: leaderboard(db, { guildId, metric: "hours", period, now, limit: WEEKLY_HOURS_TOP }),
      streak: leaderboard(db, { guildId, metric: "streak", period, now, limit: WEEKLY_STREAK_TOP }),
      projects,
      ...(projects.length < SHIPPED_READ_LIMIT
        ? {}
        : { projectsTotal: weekProjects(db, guildId, period.from) }),
    },
    opts,
  );
}

/** Live projects of the guild's members in the week starting `monday` (their own local days). */
function weekProjects(db: Db, guildId: string, monday: string | null): number {
  return (
    db.get<{ n: number }>(
      sql`select projects as n from guild_weeks where guild_id = ${guildId} and week_start = ${monday}`,
    )?.n ?? 0
  );
}
