import { and, asc, count, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { entries, stackHistory } from "../db/schema";
import { toProjectEntry } from "../entries/entry";
import { ensureGuild } from "../guilds/settings";
import {
  buildShare,
  memberStreaks,
  memberTotals,
  type Streaks,
  type Totals,
  weekTotals,
} from "../logs/stats";
import { findMember, memberTimeZone } from "../members/members";
import { type StackStatus, stackStatus } from "../stacks/show";
import { localDate } from "../time/zones";
import { type Milestone, milestones } from "./milestones";

const DAY_MS = 86_400_000;
export const PROFILE_PROJECTS = 10;

export interface ProfileProject {
  id: number;
  name: string;
  url: string;
  repo: string | null;
  shippedAt: Date;
  liveStatus: "live" | "unreachable" | null;
  liveReason: string | null;
}

export interface Profile {
  userId: string;
  stack: StackStatus | null;
  allTime: Totals;
  week: Totals;
  buildShareWeek: number | null;
  buildShareAllTime: number | null;
  buildTargetPercent: number;
  streaks: Streaks;
  projects: ProfileProject[];
  projectCount: number;
  milestones: Milestone[];
}

/** Longest time spent on one stack, from the pick/switch history up to now. */
function longestStackDays(db: Db, guildId: string, userId: string, now: Date): number {
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

/** Everything /profile shows (SPEC §3.3), in the member's own time zone. */
export function memberProfile(db: Db, guildId: string, userId: string, now: Date): Profile {
  const guild = ensureGuild(db, guildId, now);
  const member = findMember(db, guildId, userId);
  const today = localDate(now, memberTimeZone(member, guild));
  const allTime = memberTotals(db, guildId, userId);
  const week = weekTotals(db, guildId, userId, today);
  const streak = memberStreaks(db, guildId, userId, today);
  const live = and(eq(entries.guildId, guildId), eq(entries.userId, userId), isNull(entries.removedAt));
  const projectRows = db
    .select()
    .from(entries)
    .where(and(live, eq(entries.type, "project")))
    .orderBy(desc(entries.createdAt))
    .limit(PROFILE_PROJECTS)
    .all()
    .map(toProjectEntry);
  const counts = db
    .select({ type: entries.type, n: count() })
    .from(entries)
    .where(live)
    .groupBy(entries.type)
    .all();
  const countOf = (type: "hours" | "project") => counts.find((c) => c.type === type)?.n ?? 0;
  return {
    userId,
    stack: stackStatus(db, guildId, userId, now),
    allTime,
    week,
    buildShareWeek: buildShare(week),
    buildShareAllTime: buildShare(allTime),
    buildTargetPercent: guild.buildTargetPercent,
    streaks: streak,
    projects: projectRows.map((p) => ({
      id: p.id,
      name: p.name,
      url: p.url,
      repo: p.repo,
      shippedAt: p.createdAt,
      liveStatus: p.liveStatus,
      liveReason: p.liveReason,
    })),
    projectCount: countOf("project"),
    milestones: milestones({
      totalMinutes: allTime.minutes,
      hoursEntries: countOf("hours"),
      projects: countOf("project"),
      longestStreak: streak.longest,
      longestStackDays: longestStackDays(db, guildId, userId, now),
    }),
  };
}
