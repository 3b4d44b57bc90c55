import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { first } from "../db/raw";
import {
  celebratedMilestones,
  checkins,
  cohortMembers,
  cohorts,
  entries,
  members,
  stackHistory,
} from "../db/tables";
import { transaction } from "../db/tx";
import { exportReminders, type ReminderDmExport, type ReminderExport } from "../reminders/privacy";

/** Dates in the export are ISO 8601 strings (UTC), so the file needs no knowledge of our storage. */
type Iso = string;

export interface MemberExport {
  display_name: string;
  timezone: string | null;
  stack_id: string | null;
  stack_picked_at: Iso | null;
  committed_until: Iso | null;
  switch_count: number;
  created_at: Iso;
}

export interface StackHistoryExport {
  from_stack: string | null;
  to_stack: string;
  reason: string | null;
  at: Iso;
}

export interface EntryExport {
  id: number;
  type: "hours" | "project";
  created_at: Iso;
  local_date: string;
  minutes: number | null;
  kind: "learn" | "build" | null;
  topic: string | null;
  note: string | null;
  name: string | null;
  url: string | null;
  repo: string | null;
  description: string | null;
  removed_at: Iso | null;
  removed_by: string | null;
  removed_reason: string | null;
}

export interface CheckinExport {
  week_start: string;
  goals: string;
  blockers: string | null;
  created_at: Iso;
  updated_at: Iso;
}

export interface CohortMembershipExport {
  cohort_id: number;
  name: string;
  start_date: string;
  weeks: number;
  joined_at: Iso;
  ended_at: Iso | null;
}

export interface CelebrationExport {
  milestone: string;
  celebrated_at: Iso;
}

/** Everything stored about one member in one guild (SPEC §3.12), ready for `JSON.stringify`. */
export interface MemberDataExport {
  exported_at: Iso;
  guild_id: string;
  user_id: string;
  /** null when the member never used shiplog in this guild (or already deleted their data) */
  member: MemberExport | null;
  stack_history: StackHistoryExport[];
  entries: EntryExport[];
  checkins: CheckinExport[];
  cohorts: CohortMembershipExport[];
  reminders: ReminderExport[];
  reminder_dms: ReminderDmExport[];
  /** milestones already celebrated in public, so they are not celebrated twice */
  celebrations: CelebrationExport[];
}

const iso = (d: Date): Iso => d.toISOString();
const isoOrNull = (d: Date | null): Iso | null => (d === null ? null : d.toISOString());

/**
 * The member's own data in this guild. Read in one transaction so the parts agree
 * with each other even if the member logs something at the same moment.
 *
 * Ids of the member that appear in other members' rows (`removed_by` on an entry
 * they removed as a moderator, `created_by` / `ended_by` of a cohort) are not
 * data about the member's own activity and are not included.
 */
export async function exportMemberData(
  db: Db,
  guildId: string,
  userId: string,
  now: Date,
): Promise<MemberDataExport> {
  return transaction(db, async (tx) => {
    const member = await first(
      tx
        .select()
        .from(members)
        .where(and(eq(members.guildId, guildId), eq(members.userId, userId)))
        .limit(1),
    );
    const history = await tx
      .select()
      .from(stackHistory)
      .where(and(eq(stackHistory.guildId, guildId), eq(stackHistory.userId, userId)))
      .orderBy(asc(stackHistory.at), asc(stackHistory.id));
    const entryRows = await tx
      .select()
      .from(entries)
      .where(and(eq(entries.guildId, guildId), eq(entries.userId, userId)))
      .orderBy(asc(entries.createdAt), asc(entries.id));
    const checkinRows = await tx
      .select()
      .from(checkins)
      .where(and(eq(checkins.guildId, guildId), eq(checkins.userId, userId)))
      .orderBy(asc(checkins.weekStart));
    const cohortRows = await tx
      .select({
        cohortId: cohorts.id,
        name: cohorts.name,
        startDate: cohorts.startDate,
        weeks: cohorts.weeks,
        joinedAt: cohortMembers.joinedAt,
        endedAt: cohorts.endedAt,
      })
      .from(cohortMembers)
      .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
      .where(and(eq(cohorts.guildId, guildId), eq(cohortMembers.userId, userId)))
      .orderBy(asc(cohortMembers.joinedAt), asc(cohorts.id));
    const celebrationRows = await tx
      .select()
      .from(celebratedMilestones)
      .where(and(eq(celebratedMilestones.guildId, guildId), eq(celebratedMilestones.userId, userId)))
      .orderBy(asc(celebratedMilestones.celebratedAt), asc(celebratedMilestones.milestone));

    return {
      exported_at: iso(now),
      guild_id: guildId,
      user_id: userId,
      member: member
        ? {
            display_name: member.displayName,
            timezone: member.timezone,
            stack_id: member.stackId,
            stack_picked_at: isoOrNull(member.stackPickedAt),
            committed_until: isoOrNull(member.committedUntil),
            switch_count: member.switchCount,
            created_at: iso(member.createdAt),
          }
        : null,
      stack_history: history.map((h) => ({
        from_stack: h.fromStack,
        to_stack: h.toStack,
        reason: h.reason,
        at: iso(h.at),
      })),
      entries: entryRows.map((e) => ({
        id: e.id,
        type: e.type,
        created_at: iso(e.createdAt),
        local_date: e.localDate,
        minutes: e.minutes,
        kind: e.kind,
        topic: e.topic,
        note: e.note,
        name: e.name,
        url: e.url,
        repo: e.repo,
        description: e.description,
        removed_at: isoOrNull(e.removedAt),
        removed_by: e.removedBy,
        removed_reason: e.removedReason,
      })),
      checkins: checkinRows.map((c) => ({
        week_start: c.weekStart,
        goals: c.goals,
        blockers: c.blockers,
        created_at: iso(c.createdAt),
        updated_at: iso(c.updatedAt),
      })),
      cohorts: cohortRows.map((c) => ({
        cohort_id: c.cohortId,
        name: c.name,
        start_date: c.startDate,
        weeks: c.weeks,
        joined_at: iso(c.joinedAt),
        ended_at: isoOrNull(c.endedAt),
      })),
      ...(await exportReminders(tx, guildId, userId)),
      celebrations: celebrationRows.map((c) => ({
        milestone: c.milestone,
        celebrated_at: iso(c.celebratedAt),
      })),
    };
  });
}

/** The attachment's name; the id is a snowflake, but keep the name safe whatever it is. */
export function exportFilename(userId: string): string {
  const safe = userId.replace(/[^0-9A-Za-z_-]/g, "") || "member";
  return `shiplog-export-${safe}.json`;
}

/** The attachment's content: pretty-printed, so a member can read it in any text editor. */
export function exportJson(data: MemberDataExport): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}
