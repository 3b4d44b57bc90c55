import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { entries } from "../db/tables";
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
import type { LocalDate } from "../time/dates";
import { localDate } from "../time/zones";
import { entryCounts, longestStackDays } from "./facts";
import { type Milestone, milestones, type NextMilestone, nextMilestone } from "./milestones";

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
  /** the member's local day the profile was read on */
  today: LocalDate;
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
  /** the unreached milestone the member is closest to, null once all are reached */
  next: NextMilestone | null;
}

/** Everything /profile shows (SPEC §3.3), in the member's own time zone. */
export async function memberProfile(db: Db, guildId: string, userId: string, now: Date): Promise<Profile> {
  const guild = await ensureGuild(db, guildId, now);
  const member = await findMember(db, guildId, userId);
  const today = localDate(now, memberTimeZone(member, guild));
  const allTime = await memberTotals(db, guildId, userId);
  const week = await weekTotals(db, guildId, userId, today);
  const streak = await memberStreaks(db, guildId, userId, today);
  const live = and(eq(entries.guildId, guildId), eq(entries.userId, userId), isNull(entries.removedAt));
  const projectRows = (
    await db
      .select()
      .from(entries)
      .where(and(live, eq(entries.type, "project")))
      .orderBy(desc(entries.createdAt))
      .limit(PROFILE_PROJECTS)
  ).map(toProjectEntry);
  const counts = await entryCounts(db, guildId, userId);
  const stack = await stackStatus(db, guildId, userId, now);
  const facts = {
    totalMinutes: allTime.minutes,
    hoursEntries: counts.hours,
    projects: counts.projects,
    longestStreak: streak.longest,
    longestStackDays: await longestStackDays(db, guildId, userId, now),
  };
  return {
    userId,
    today,
    stack,
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
    projectCount: counts.projects,
    milestones: milestones(facts),
    next: nextMilestone({ ...facts, currentStreak: streak.current, currentStackDays: stack?.daysIn ?? 0 }),
  };
}
