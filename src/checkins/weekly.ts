/**
 * The weekly check-in post (SPEC §3.6): last week's group totals, one line per
 * active member, members gone quiet (by name, never pinged) and the invitation
 * to /checkin. Data comes from a few guild-wide aggregate queries; the text is
 * built by a pure function that always fits Discord's message limits.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { members } from "../db/schema";
import { buildShare } from "../logs/stats";
import { byName } from "../text/collate";
import { type EmbedPost, layoutPost, type PostEmbed } from "../text/embeds";
import { CHECKIN_INVITATION, formatHours, plural } from "../text/format";
import { addDays, type LocalDate, weekStart } from "../time/dates";
import { checkedInMembers } from "./checkin";
import { isBigGuild, renderWeeklySummary, weeklySummaryData } from "./summary";

export { MAX_EMBED_DESCRIPTION, MAX_EMBED_TOTAL, MAX_EMBEDS } from "../text/embeds";
/** Days (up to and including the post day) without hours that make a member "quiet". */
export const QUIET_DAYS = 7;
/** Display names are at most 32 characters in Discord; anything longer is cut. */
const MAX_NAME = 32;

export type WeeklyEmbed = PostEmbed;
export type WeeklyCheckinPost = EmbedPost;

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

interface WeekRow {
  userId: string;
  minutes: number;
  buildMinutes: number;
  projects: number;
}

/** Members who have a live entry at all, with their latest day with hours and whether their run is current. */
interface EverRow {
  userId: string;
  lastDay: LocalDate | null;
  streak: number;
}

/** Whether the member logged hours between `from` and `to`, from their latest day with hours. */
export function hoursBetween(
  db: Db,
  guildId: string,
  m: Pick<EverRow, "userId" | "lastDay">,
  from: LocalDate,
  to: LocalDate,
): boolean {
  if (m.lastDay === null || m.lastDay < from) return false;
  if (m.lastDay <= to) return true;
  // Logged after `to` (a member ahead of the guild's zone): look at their days in the window.
  return (
    db.get<{
      n: number;
    }>(sql`select count(*) as n from member_days where guild_id = ${guildId} and user_id = ${m.userId}
and local_date between ${from} and ${to} and minutes > 0`)?.n !== 0
  );
}

/**
 * Gathers everything the weekly post shows, for the guild's week before the one
 * containing `postLocalDate`, from the derived tables: the week's per-member
 * rows, and each member's all-time row for streaks and recent activity.
 */
export function weeklyCheckinData(
  db: Db,
  guildId: string,
  postLocalDate: LocalDate,
  now: Date,
): WeeklyCheckinData {
  const { from, to } = previousWeek(postLocalDate);
  const quietFrom = addDays(postLocalDate, -(QUIET_DAYS - 1));
  return db.transaction((tx) => {
    const week =
      tx.all<WeekRow>(sql`select user_id as userId, minutes, build_minutes as buildMinutes, projects
from member_weeks where guild_id = ${guildId} and week_start = ${from}`);
    // Every member who ever logged anything (and still has a live entry).
    const ever = tx.all<EverRow>(sql`select user_id as userId, last_day as lastDay,
  iif(current_until > ${now.getTime()}, last_run, 0) as streak
from member_totals where guild_id = ${guildId}`);
    const people = new Map(
      tx
        .select({ userId: members.userId, displayName: members.displayName })
        .from(members)
        .where(eq(members.guildId, guildId))
        .all()
        .map((m) => [m.userId, m.displayName]),
    );
    const streakOf = new Map(ever.map((e) => [e.userId, e.streak]));
    const checkedIn = checkedInMembers(tx, guildId, from);
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
    const quiet = ever
      .filter((e) => !hoursBetween(tx, guildId, e, quietFrom, postLocalDate))
      .map((e) => nameOf(e.userId))
      .sort(byName);
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
export function weeklyCheckinPost(
  db: Db,
  guildId: string,
  postLocalDate: LocalDate,
  now: Date,
): WeeklyCheckinPost {
  if (isBigGuild(db, guildId)) return renderWeeklySummary(weeklySummaryData(db, guildId, postLocalDate, now));
  return renderWeeklyCheckin(weeklyCheckinData(db, guildId, postLocalDate, now));
}

/**
 * Display names are user text: escape Discord markdown, keep each on one line,
 * and put zero-width spaces around `@` so `<@id>`- or `@everyone`-shaped names
 * cannot read as mentions.
 */
export function escapeName(name: string): string {
  const oneLine = name.replace(/\s+/g, " ").trim() || "(no name)";
  const cut = oneLine.length > MAX_NAME ? `${oneLine.slice(0, MAX_NAME - 1)}…` : oneLine;
  return cut.replace(/[\\*_~`|>]/g, "\\$&").replace(/@/g, "\u200b@\u200b");
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
  return `**${escapeName(m.displayName)}** — ${parts.join(" · ")}`;
}

export const weeklyTitle = (week: { from: LocalDate; to: LocalDate }): string =>
  `📋 Weekly check-in — week of ${week.from} to ${week.to}`;

/** The group totals and the invitation, first in both the full and the summarised post. */
export function lastWeekEmbed(totals: WeeklyCheckinData["totals"]): WeeklyEmbed {
  return {
    title: "Last week",
    description: [
      `**Group totals:** ${formatHours(totals.minutes)} logged · ${plural(totals.activeMembers, "active member", "active members")} · ${plural(totals.projects, "project", "projects")} shipped`,
      "",
      CHECKIN_INVITATION,
    ].join("\n"),
  };
}

/**
 * Builds the post from gathered data. Pure, and never fails on size: lists that
 * do not fit Discord's limits (10 embeds, 4096 characters per description, 6000
 * across the message) are cut with "…and N more", sharing the room fairly.
 */
export function renderWeeklyCheckin(data: WeeklyCheckinData): WeeklyCheckinPost {
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
      lines: data.quiet.map((name) => `• ${escapeName(name)}`),
    });
  }

  return layoutPost(title, [summary], lists);
}
