import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { first } from "../db/raw";
import { checkins } from "../db/tables";
import { transaction } from "../db/tx";
import { ensureGuild } from "../guilds/settings";
import { ensureMember, type MemberRef, memberTimeZone } from "../members/members";
import { type LocalDate, weekStart } from "../time/dates";
import { localDate } from "../time/zones";
import { parseInput } from "../validation";

export const MAX_GOALS = 1000;
export const MAX_BLOCKERS = 1000;

const CheckinInput = z.object({
  goals: z
    .string({
      error: "Write your goals for this week, for example `/checkin goals:finish the SQL joins chapter`.",
    })
    .trim()
    .min(
      1,
      "Your goals are empty. Write at least one goal for this week, for example `/checkin goals:finish the SQL joins chapter`.",
    )
    .max(MAX_GOALS, `Goals can be at most ${MAX_GOALS} characters — shorten them and try again.`),
  blockers: z
    .string({ error: "Blockers must be text, for example `blockers:my Docker build fails on M1`." })
    .trim()
    .max(MAX_BLOCKERS, `Blockers can be at most ${MAX_BLOCKERS} characters — shorten them and try again.`)
    .nullish(),
});

/** Discord gives a missing optional option as null, so blockers may be null or absent. */
export type CheckinInput = z.input<typeof CheckinInput>;

export interface CheckinResult {
  /** Monday of the member's local week the check-in counts for */
  weekStart: LocalDate;
  /** true when it replaced an earlier check-in of the same week */
  replaced: boolean;
  goals: string;
  blockers: string | null;
}

/**
 * Stores the member's goals for their current local Monday–Sunday week (SPEC §3.6).
 * A second check-in in the same week replaces the first: the row keeps its
 * created_at, so "first checked in" survives edits.
 */
export async function checkIn(db: Db, ref: MemberRef, raw: CheckinInput, now: Date): Promise<CheckinResult> {
  const input = parseInput(CheckinInput, raw);
  const goals = input.goals;
  const blockers = input.blockers || null;
  return transaction(db, async (tx) => {
    const guild = await ensureGuild(tx, ref.guildId, now);
    const member = await ensureMember(tx, ref, now);
    const week = weekStart(localDate(now, memberTimeZone(member, guild)));
    const existing = await first(
      tx
        .select({ weekStart: checkins.weekStart })
        .from(checkins)
        .where(
          and(
            eq(checkins.guildId, ref.guildId),
            eq(checkins.userId, ref.userId),
            eq(checkins.weekStart, week),
          ),
        )
        .limit(1),
    );
    await tx
      .insert(checkins)
      .values({
        guildId: ref.guildId,
        userId: ref.userId,
        weekStart: week,
        goals,
        blockers,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [checkins.guildId, checkins.userId, checkins.weekStart],
        set: { goals, blockers, updatedAt: now },
      });
    return { weekStart: week, replaced: existing !== undefined, goals, blockers };
  });
}

/** User ids of the guild's members who checked in for the week starting `weekStart`. */
export async function checkedInMembers(db: Db, guildId: string, weekStart: LocalDate): Promise<Set<string>> {
  const rows = await db
    .select({ userId: checkins.userId })
    .from(checkins)
    .where(and(eq(checkins.guildId, guildId), eq(checkins.weekStart, weekStart)));
  return new Set(rows.map((r) => r.userId));
}
