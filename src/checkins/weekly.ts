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
import { buildShare, guildStreaks } from "../logs/stats";
import { memberTimeZone } from "../members/members";
import { addDays, type LocalDate, weekStart } from "../time/dates";
import { localDate } from "../time/zones";
import { checkedInMembers } from "./checkin";

/** Discord's limits for one message's embeds. */
export const MAX_EMBEDS = 10;
export const MAX_EMBED_DESCRIPTION = 4096;
export const MAX_EMBED_TOTAL = 6000;
/** Days (up to and including the post day) without hours that make a member "quiet". */
export const QUIET_DAYS = 7;
/** Display names are at most 32 characters in Discord; anything longer is cut. */
const MAX_NAME = 32;

export interface WeeklyEmbed {
  title?: string;
  description: string;
}

export interface WeeklyCheckinPost {
  /** a one-line heading (sent as the message content); counted in the size budget anyway */
  title: string;
  embeds: WeeklyEmbed[];
}

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
export function weeklyCheckinPost(
  db: Db,
  guildId: string,
  postLocalDate: LocalDate,
  now: Date,
): WeeklyCheckinPost {
  return renderWeeklyCheckin(weeklyCheckinData(db, guildId, postLocalDate, now));
}

function byName(a: string, b: string): number {
  return a.localeCompare(b, "en", { sensitivity: "base" }) || (a < b ? -1 : a > b ? 1 : 0);
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

function formatHours(minutes: number): string {
  return `${Number((minutes / 60).toFixed(2))} h`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
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
  return `**${escapeName(m.displayName)}** — ${parts.join(" · ")}`;
}

const embedSize = (e: WeeklyEmbed) => (e.title?.length ?? 0) + e.description.length;
const moreLine = (n: number) => `…and ${n} more`;

/**
 * Packs lines into embeds (first one titled), each description within the
 * per-embed cap, all of it within `budget` characters and `maxEmbeds` embeds.
 * Returns the embeds and how many lines fit.
 */
function pack(
  title: string,
  lines: readonly string[],
  budget: number,
  maxEmbeds: number,
  descriptionCap: number,
): { embeds: WeeklyEmbed[]; packed: number } {
  const embeds: WeeklyEmbed[] = [];
  let used = title.length;
  let packed = 0;
  for (const line of lines) {
    const current = embeds.at(-1);
    if (current && current.description.length + 1 + line.length <= descriptionCap) {
      if (used + 1 + line.length > budget) break;
      current.description += `\n${line}`;
      used += 1 + line.length;
    } else {
      if (embeds.length >= maxEmbeds || line.length > descriptionCap || used + line.length > budget) break;
      embeds.push(embeds.length === 0 ? { title, description: line } : { description: line });
      used += line.length;
    }
    packed += 1;
  }
  return { embeds, packed };
}

/** A titled list, cut with "…and N more" when it does not fit the budget. */
function section(title: string, lines: readonly string[], budget: number, maxEmbeds: number): WeeklyEmbed[] {
  const whole = pack(title, lines, budget, maxEmbeds, MAX_EMBED_DESCRIPTION);
  if (whole.packed === lines.length) return whole.embeds;
  // Leave room for the "…and N more" line both in the budget and in the last embed.
  const reserve = moreLine(lines.length).length + 1;
  const cut = pack(title, lines, budget - reserve, maxEmbeds, MAX_EMBED_DESCRIPTION - reserve);
  const more = moreLine(lines.length - cut.packed);
  const last = cut.embeds.at(-1);
  if (last) last.description += `\n${more}`;
  else cut.embeds.push({ title, description: more });
  return cut.embeds;
}

/**
 * Builds the post from gathered data. Pure, and never fails on size: lists that
 * do not fit Discord's limits (10 embeds, 4096 characters per description, 6000
 * across the message) are cut with "…and N more", sharing the room fairly.
 */
export function renderWeeklyCheckin(data: WeeklyCheckinData): WeeklyCheckinPost {
  const { totals } = data;
  const title = `📋 Weekly check-in — week of ${data.from} to ${data.to}`;
  const summary: WeeklyEmbed = {
    title: "Last week",
    description: [
      `**Group totals:** ${formatHours(totals.minutes)} logged · ${plural(totals.activeMembers, "active member", "active members")} · ${plural(totals.projects, "project", "projects")} shipped`,
      "",
      "New week, new goals: run `/checkin goals:…` to set yours (add `blockers:…` if something is in your way).",
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
      lines: data.quiet.map((name) => `• ${escapeName(name)}`),
    });
  }

  // Share the room left after the heading and summary: a short list takes what it
  // needs, and the longer lists split the rest evenly.
  let room = MAX_EMBED_TOTAL - title.length - embedSize(summary);
  const maxEmbedsEach = Math.floor((MAX_EMBEDS - 1) / lists.length);
  const needs = lists.map((l) => l.title.length + l.lines.reduce((sum, line) => sum + line.length + 1, 0));
  const budgets = new Array<number>(lists.length).fill(0);
  const order = lists.map((_, i) => i).sort((a, b) => (needs[a] ?? 0) - (needs[b] ?? 0));
  order.forEach((i, k) => {
    const share = Math.floor(room / (order.length - k));
    const budget = Math.min(needs[i] ?? 0, share);
    budgets[i] = budget;
    room -= budget;
  });

  const embeds = [summary];
  lists.forEach((l, i) => {
    embeds.push(...section(l.title, l.lines, budgets[i] ?? 0, maxEmbedsEach));
  });
  return { title, embeds };
}
