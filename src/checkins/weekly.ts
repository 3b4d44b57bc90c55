/**
 * The weekly check-in post (SPEC §3.6): last week's group totals, one line per
 * active member, members gone quiet (by name, never pinged) and the invitation
 * to /checkin. Data comes from a few guild-wide aggregate queries; the text is
 * built by a pure function that always fits Discord's message limits.
 */
import { and, between, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { entries, members } from "../db/schema";
import { ensureGuild } from "../guilds/settings";
import { stampRange } from "../leaderboards/periods";
import { buildShare, guildStreaks } from "../logs/stats";
import { memberTimeZone } from "../members/members";
import { type EmbedPost, layoutPost, type PostEmbed } from "../text/embeds";
import { memberName } from "../text/escape";
import { CHECKIN_INVITATION, formatHours, plural } from "../text/format";
import { addDays, type LocalDate, weekStart } from "../time/dates";
import { localDate } from "../time/zones";
import { checkedInMembers } from "./checkin";

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

/**
 * Gathers everything the weekly post shows, for the guild's week before the one
 * containing `postLocalDate`. One query per kind of data, each grouped by member.
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
    const guild = ensureGuild(tx, guildId, now);
    const live = and(eq(entries.guildId, guildId), isNull(entries.removedAt));
    const inWeek = sql`${entries.localDate} between ${from} and ${to}`;
    const isHours = sql`${entries.type} = 'hours'`;
    // Every member who ever logged anything, with last week's numbers and recent activity.
    const activity = tx
      .select({
        userId: entries.userId,
        weekEntries: sql<number>`sum(case when ${inWeek} then 1 else 0 end)`,
        minutes: sql<number>`coalesce(sum(case when ${isHours} and ${inWeek} then ${entries.minutes} else 0 end), 0)`,
        buildMinutes: sql<number>`coalesce(sum(case when ${isHours} and ${inWeek} and ${entries.kind} = 'build' then ${entries.minutes} else 0 end), 0)`,
        projects: sql<number>`sum(case when ${entries.type} = 'project' and ${inWeek} then 1 else 0 end)`,
        recentHours: sql<number>`sum(case when ${isHours} and ${entries.localDate} between ${quietFrom} and ${postLocalDate} then 1 else 0 end)`,
      })
      .from(entries)
      .where(live)
      .groupBy(entries.userId)
      .all();

    const people = new Map(
      tx
        .select({ userId: members.userId, displayName: members.displayName, timezone: members.timezone })
        .from(members)
        .where(eq(members.guildId, guildId))
        .all()
        .map((m) => [m.userId, m]),
    );
    // Current streaks of last week's active members, one row per member (all time: a streak may be long).
    const activeInWeek = tx
      .selectDistinct({ userId: entries.userId })
      .from(entries)
      .where(and(live, between(entries.localDate, from, to)));
    const streakOf = guildStreaks(
      tx,
      guildId,
      (userId) => localDate(now, memberTimeZone(people.get(userId), guild)),
      activeInWeek,
    );
    const checkedIn = checkedInMembers(tx, guildId, from);
    const nameOf = (userId: string) => people.get(userId)?.displayName ?? `member ${userId}`;

    const active: ActiveMemberLine[] = activity
      .filter((a) => a.weekEntries > 0)
      .map((a) => ({
        displayName: nameOf(a.userId),
        minutes: a.minutes,
        buildMinutes: a.buildMinutes,
        projects: a.projects,
        streak: streakOf.get(a.userId)?.current ?? 0,
        checkedIn: checkedIn.has(a.userId),
      }))
      .sort((a, b) => b.minutes - a.minutes || byName(a.displayName, b.displayName));
    const quiet = activity
      .filter((a) => a.recentHours === 0)
      .map((a) => nameOf(a.userId))
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

/** The weekly check-in post for the week before the one containing `postLocalDate`. */
export function weeklyCheckinPost(db: Db, guildId: string, postLocalDate: LocalDate, now: Date): EmbedPost {
  return renderWeeklyCheckin(weeklyCheckinData(db, guildId, postLocalDate, now));
}

function byName(a: string, b: string): number {
  return a.localeCompare(b, "en", { sensitivity: "base" }) || (a < b ? -1 : a > b ? 1 : 0);
}

function activeLine(m: ActiveMemberLine): string {
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

/**
 * Builds the post from gathered data. Pure, and never fails on size: lists that
 * do not fit Discord's limits (10 embeds, 4096 characters per description, 6000
 * across the message) are cut with "…and N more", sharing the room fairly.
 */
export function renderWeeklyCheckin(data: WeeklyCheckinData): EmbedPost {
  const { totals } = data;
  const title = `📋 Weekly check-in — last week, ${stampRange(data.from, data.to)}`;
  const summary: PostEmbed = {
    title: "Last week",
    description: [
      `**Group totals:** ${formatHours(totals.minutes)} logged · ${plural(totals.activeMembers, "active member", "active members")} · ${plural(totals.projects, "project", "projects")} shipped`,
      "",
      CHECKIN_INVITATION,
    ].join("\n"),
  };

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
