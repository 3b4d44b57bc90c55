/** The weekly leaderboard post (SPEC §3.7): the data from the leaderboards, laid out by format. */
import type { Db } from "../db/client";
import type { LocalDate } from "../time/dates";
import { type FormattedPost, formatWeeklyPost, type NameStyle } from "./format";
import { leaderboard, shippedProjects } from "./leaderboard";
import { closedWeek } from "./periods";

export const WEEKLY_HOURS_TOP = 10;
export const WEEKLY_STREAK_TOP = 5;

/**
 * The weekly leaderboard post (SPEC §3.7) for a post made on `postLocalDate`
 * (the guild's local date): the closed week's top 10 by hours, the top 5
 * current streaks as of `now`, and the projects shipped that week.
 */
export async function weeklyLeaderboardPost(
  db: Db,
  guildId: string,
  postLocalDate: LocalDate,
  now: Date,
  opts: { names?: NameStyle } = { names: "stored" },
): Promise<FormattedPost> {
  const period = closedWeek(postLocalDate);
  return formatWeeklyPost(
    {
      hours: await leaderboard(db, { guildId, metric: "hours", period, now, limit: WEEKLY_HOURS_TOP }),
      streak: await leaderboard(db, { guildId, metric: "streak", period, now, limit: WEEKLY_STREAK_TOP }),
      projects: await shippedProjects(db, guildId, period),
    },
    opts,
  );
}
