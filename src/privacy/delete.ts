import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { changes } from "../db/raw";
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
import { UserError } from "../errors";
import { deleteReminders } from "../reminders/privacy";
import { plural } from "../text/format";

export const DELETE_TOKEN_TTL_MS = 5 * 60_000;

const TOKEN = /^delete:(\d{1,20}):(\d{1,15})$/;

export const notOwnerMessage = (userId: string) =>
  `Only <@${userId}> can confirm their own deletion. To erase your own data, run /privacy delete yourself.`;
export const EXPIRED_MESSAGE = "This confirmation expired — run /privacy delete again.";

/** Who may confirm a deletion, and until when; carried by the confirmation button. */
export interface DeleteClaim {
  userId: string;
  expiresAt: number;
}

/**
 * The claim behind the /privacy delete confirmation button. Nothing is stored:
 * the button (its custom id is written by the Discord layer) carries who may
 * confirm and until when, and it is only ever shown to that member, ephemerally.
 */
export function deleteClaim(userId: string, now: Date, ttlMs = DELETE_TOKEN_TTL_MS): DeleteClaim {
  if (!/^\d{1,20}$/.test(userId)) throw new Error(`deleteToken: not a Discord user id: ${userId}`);
  return { userId, expiresAt: now.getTime() + ttlMs };
}

/** The claim as text: `delete:<userId>:<expiresAtMs>`. */
export function deleteToken(userId: string, now: Date, ttlMs = DELETE_TOKEN_TTL_MS): string {
  const claim = deleteClaim(userId, now, ttlMs);
  return `delete:${claim.userId}:${claim.expiresAt}`;
}

/**
 * Checks a pressed confirmation button and returns whose data it erases. The
 * claim is valid strictly before its expiry: pressed at exactly `expiresAt`
 * it counts as expired (a TTL of 5 minutes means "less than 5 minutes").
 */
export function checkDeleteClaim(claim: DeleteClaim, presserId: string, now: Date): { userId: string } {
  if (presserId !== claim.userId) throw new UserError(notOwnerMessage(claim.userId));
  if (now.getTime() >= claim.expiresAt) throw new UserError(EXPIRED_MESSAGE);
  return { userId: claim.userId };
}

/** checkDeleteClaim for a token written by deleteToken. */
export function checkDeleteToken(token: string, presserId: string, now: Date): { userId: string } {
  const match = TOKEN.exec(token);
  const userId = match?.[1];
  const expiresAt = Number(match?.[2]);
  if (userId === undefined || !Number.isSafeInteger(expiresAt)) {
    throw new UserError("This confirmation button is not valid — run /privacy delete again.");
  }
  return checkDeleteClaim({ userId, expiresAt }, presserId, now);
}

export interface DeletionCounts {
  entries: number;
  checkins: number;
  stackHistory: number;
  cohortMemberships: number;
  /** reminder settings and reminder DMs sent */
  reminders?: number;
  reminderDms?: number;
  celebrations: number;
  /** whether a member row (stack, commitment, time zone, display name) existed and was erased */
  member: boolean;
}

/**
 * Erases everything stored about the member in this guild (SPEC §3.12), in one
 * transaction: all of it goes or, on any failure, none of it. Entries are
 * deleted outright, removed ones included — this is not the soft delete of undo
 * and /mod remove. The same user's data in other guilds is not touched.
 *
 * Kept on purpose: cohorts the member created or ended belong to the server, and
 * their `created_by` / `ended_by` is just a Discord id; likewise `removed_by` on
 * other members' entries the member removed as a moderator is part of those
 * members' records, not of this member's.
 *
 * Using shiplog again afterwards starts a fresh member row.
 */
export async function deleteMemberData(db: Db, guildId: string, userId: string): Promise<DeletionCounts> {
  return transaction(db, async (tx) => {
    const entryCount = changes(
      await tx.delete(entries).where(and(eq(entries.guildId, guildId), eq(entries.userId, userId))),
    );
    const checkinCount = changes(
      await tx.delete(checkins).where(and(eq(checkins.guildId, guildId), eq(checkins.userId, userId))),
    );
    const historyCount = changes(
      await tx
        .delete(stackHistory)
        .where(and(eq(stackHistory.guildId, guildId), eq(stackHistory.userId, userId))),
    );
    // cohort_members has no guild column: a membership is this guild's through its cohort.
    const guildCohorts = tx.select({ id: cohorts.id }).from(cohorts).where(eq(cohorts.guildId, guildId));
    const membershipCount = changes(
      await tx
        .delete(cohortMembers)
        .where(and(eq(cohortMembers.userId, userId), inArray(cohortMembers.cohortId, guildCohorts))),
    );
    const reminderCounts = await deleteReminders(tx, guildId, userId);
    const celebrationCount = changes(
      await tx
        .delete(celebratedMilestones)
        .where(and(eq(celebratedMilestones.guildId, guildId), eq(celebratedMilestones.userId, userId))),
    );
    const memberCount = changes(
      await tx.delete(members).where(and(eq(members.guildId, guildId), eq(members.userId, userId))),
    );
    return {
      entries: entryCount,
      checkins: checkinCount,
      stackHistory: historyCount,
      cohortMemberships: membershipCount,
      ...reminderCounts,
      celebrations: celebrationCount,
      member: memberCount > 0,
    };
  });
}

/** The reply after a deletion, for example "Deleted your data in this server: 3 entries and 1 check-in. …". */
export function describeDeletion(counts: DeletionCounts): string {
  const parts: string[] = [];
  if (counts.entries > 0) parts.push(plural(counts.entries, "entry", "entries"));
  if (counts.checkins > 0) parts.push(plural(counts.checkins, "check-in", "check-ins"));
  if (counts.stackHistory > 0) parts.push(plural(counts.stackHistory, "stack change", "stack changes"));
  if (counts.cohortMemberships > 0) {
    parts.push(plural(counts.cohortMemberships, "cohort membership", "cohort memberships"));
  }
  if ((counts.reminders ?? 0) > 0) parts.push(plural(counts.reminders ?? 0, "reminder", "reminders"));
  if (counts.celebrations > 0) {
    parts.push(plural(counts.celebrations, "celebrated milestone", "celebrated milestones"));
  }
  if (counts.member) parts.push("your profile (stack, commitment and time zone)");
  if (parts.length === 0) return "There was nothing stored about you in this server, so nothing was deleted.";
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
  return `Deleted your data in this server: ${list}. Using shiplog here again starts from scratch.`;
}
