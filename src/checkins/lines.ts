import { rawGet } from "../db/raw";
/**
 * The parts the full weekly check-in (./weekly.ts) and the big-guild summary
 * (./summary.ts) share: the data shapes, the week, what "quiet" means, one
 * member's line, the title and the group totals.
 */

import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { stampRange } from "../leaderboards/periods";
import { buildShare } from "../logs/stats";
import type { PostEmbed } from "../text/embeds";
import { memberName } from "../text/escape";
import { CHECKIN_INVITATION, formatHours, plural } from "../text/format";
import { addDays, type LocalDate, weekStart } from "../time/dates";

/** Days (up to and including the post day) without hours that make a member "quiet". */
export const QUIET_DAYS = 7;

export interface ActiveMemberLine {
  displayName: string;
  minutes: number;
  buildMinutes: number;
  projects: number;
  /** current streak in days, as of the member's own today */
  streak: number;
  checkedIn: boolean;
}

export interface WeeklyCheckinData {
  /** Monday and Sunday of the summarised week */
  from: LocalDate;
  to: LocalDate;
  totals: { minutes: number; activeMembers: number; projects: number };
  /** in display order */
  active: ActiveMemberLine[];
  /** display names of members with no hours in the last QUIET_DAYS days, in display order */
  quiet: string[];
}

/** The Monday–Sunday week before the one containing `postLocalDate`. */
export function previousWeek(postLocalDate: LocalDate): { from: LocalDate; to: LocalDate } {
  const from = addDays(weekStart(postLocalDate), -7);
  return { from, to: addDays(from, 6) };
}

/** Members who have a live entry at all, with their latest day with hours and whether their run is current. */
export interface EverRow {
  userId: string;
  lastDay: LocalDate | null;
  streak: number;
}

/** Whether the member logged hours between `from` and `to`, from their latest day with hours. */
export async function hoursBetween(
  db: Db,
  guildId: string,
  m: Pick<EverRow, "userId" | "lastDay">,
  from: LocalDate,
  to: LocalDate,
): Promise<boolean> {
  if (m.lastDay === null || m.lastDay < from) return false;
  if (m.lastDay <= to) return true;
  // Logged after `to` (a member ahead of the guild's zone): look at their days in the window.
  return (
    (
      await rawGet<{
        n: number;
      }>(
        db,
        sql`select count(*) as n from member_days where guild_id = ${guildId} and user_id = ${m.userId}
and local_date between ${from} and ${to} and minutes > 0`,
      )
    )?.n !== 0
  );
}

export function activeLine(m: ActiveMemberLine): string {
  const share = buildShare(m);
  const parts = [
    formatHours(m.minutes),
    share === null ? "no hours" : `${share}% build`,
    `streak ${m.streak} d`,
  ];
  if (m.projects > 0) parts.push(`${plural(m.projects, "project", "projects")} shipped`);
  parts.push(`check-in ${m.checkedIn ? "✅" : "—"}`);
  return `**${memberName(m.displayName)}** — ${parts.join(" · ")}`;
}

export const weeklyTitle = (week: { from: LocalDate; to: LocalDate }): string =>
  `📋 Weekly check-in — last week, ${stampRange(week.from, week.to)}`;

/** The group totals and the invitation, first in both the full and the summarised post. */
export function lastWeekEmbed(totals: WeeklyCheckinData["totals"]): PostEmbed {
  return {
    title: "Last week",
    description: [
      `**Group totals:** ${formatHours(totals.minutes)} logged · ${plural(totals.activeMembers, "active member", "active members")} · ${plural(totals.projects, "project", "projects")} shipped`,
      "",
      CHECKIN_INVITATION,
    ].join("\n"),
  };
}
