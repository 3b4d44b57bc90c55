/**
 * The weekly check-in post (SPEC §3.6): last week's group totals, one line per
 * active member, members gone quiet (by name, never pinged) and the invitation
 * to /checkin. Data comes from a few guild-wide aggregate queries; the text is
 * built by a pure function that always fits Discord's message limits.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { rawAll } from "../db/raw";
import { members } from "../db/tables";
import { transaction } from "../db/tx";
import { byName } from "../text/collate";
import { type EmbedPost, layoutPost } from "../text/embeds";
import { memberName } from "../text/escape";
import { addDays, type LocalDate } from "../time/dates";
import { checkedInMembers } from "./checkin";
import {
  type ActiveMemberLine,
  activeLine,
  type EverRow,
  hoursBetween,
  lastWeekEmbed,
  previousWeek,
  QUIET_DAYS,
  type WeeklyCheckinData,
  weeklyTitle,
} from "./lines";
import { isBigGuild, renderWeeklySummary, weeklySummaryData } from "./summary";

export { type ActiveMemberLine, previousWeek, QUIET_DAYS, type WeeklyCheckinData } from "./lines";

interface WeekRow {
  userId: string;
  minutes: number;
  buildMinutes: number;
  projects: number;
}

/**
 * Gathers everything the weekly post shows, for the guild's week before the one
 * containing `postLocalDate`, from the derived tables: the week's per-member
 * rows, and each member's all-time row for streaks and recent activity.
 */
export async function weeklyCheckinData(
  db: Db,
  guildId: string,
  postLocalDate: LocalDate,
  now: Date,
): Promise<WeeklyCheckinData> {
  const { from, to } = previousWeek(postLocalDate);
  const quietFrom = addDays(postLocalDate, -(QUIET_DAYS - 1));
  return transaction(db, async (tx) => {
    const week = await rawAll<WeekRow>(
      tx,
      sql`select user_id as "userId", minutes, build_minutes as "buildMinutes", projects
from member_weeks where guild_id = ${guildId} and week_start = ${from}`,
    );
    // Every member who ever logged anything (and still has a live entry).
    const ever = await rawAll<EverRow>(
      tx,
      sql`select user_id as "userId", last_day as "lastDay",
  case when current_until > ${now.getTime()} then last_run else 0 end as streak
from member_totals where guild_id = ${guildId}`,
    );
    const people = new Map(
      (
        await tx
          .select({ userId: members.userId, displayName: members.displayName })
          .from(members)
          .where(eq(members.guildId, guildId))
      ).map((m) => [m.userId, m.displayName]),
    );
    const streakOf = new Map(ever.map((e) => [e.userId, e.streak]));
    const checkedIn = await checkedInMembers(tx, guildId, from);
    const nameOf = (userId: string) => people.get(userId) ?? `member ${userId}`;

    const active: ActiveMemberLine[] = week
      .map((a) => ({
        displayName: nameOf(a.userId),
        minutes: a.minutes,
        buildMinutes: a.buildMinutes,
        projects: a.projects,
        streak: streakOf.get(a.userId) ?? 0,
        checkedIn: checkedIn.has(a.userId),
      }))
      .sort((a, b) => b.minutes - a.minutes || byName(a.displayName, b.displayName));
    const quiet: string[] = [];
    for (const e of ever) {
      if (!(await hoursBetween(tx, guildId, e, quietFrom, postLocalDate))) quiet.push(nameOf(e.userId));
    }
    quiet.sort(byName);
    return {
      from,
      to,
      totals: {
        minutes: active.reduce((sum, m) => sum + m.minutes, 0),
        activeMembers: active.length,
        projects: active.reduce((sum, m) => sum + m.projects, 0),
      },
      active,
      quiet,
    };
  });
}

/**
 * The weekly check-in post for the week before the one containing `postLocalDate`:
 * one line per member, or for a big guild (see `SUMMARY_ABOVE`) the summary.
 */
export async function weeklyCheckinPost(
  db: Db,
  guildId: string,
  postLocalDate: LocalDate,
  now: Date,
): Promise<EmbedPost> {
  if (await isBigGuild(db, guildId))
    return renderWeeklySummary(await weeklySummaryData(db, guildId, postLocalDate, now));
  return renderWeeklyCheckin(await weeklyCheckinData(db, guildId, postLocalDate, now));
}

/**
 * Builds the post from gathered data. Pure, and never fails on size: lists that
 * do not fit Discord's limits (10 embeds, 4096 characters per description, 6000
 * across the message) are cut with "…and N more", sharing the room fairly.
 */
export function renderWeeklyCheckin(data: WeeklyCheckinData): EmbedPost {
  const title = weeklyTitle(data);
  const summary = lastWeekEmbed(data.totals);

  const lists: Array<{ title: string; lines: string[] }> = [
    {
      title: "Active members",
      lines: data.active.length > 0 ? data.active.map(activeLine) : ["Nobody logged anything last week."],
    },
  ];
  if (data.quiet.length > 0) {
    lists.push({
      title: `No hours in the last ${QUIET_DAYS} days`,
      lines: data.quiet.map((name) => `• **${memberName(name)}**`),
    });
  }

  return layoutPost(title, [summary], lists);
}
