/**
 * Which reminder DMs are due now (SPEC §3.17), claimed before anything is sent
 * through the same kind of unique key as scheduled posts: (guild, member, kind,
 * period). Daily reminders are found by their indexed `next_due_at`; check-in
 * reminders by the guild check-in posts that went out about 24 hours ago.
 */
import { and, asc, eq, gte, isNull, lte, notExists, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { dialectSql } from "../db/dialect";
import { first } from "../db/raw";
import { checkins, entries, posts, type ReminderKind, reminderSends, reminders } from "../db/tables";
import { type Tx, transaction } from "../db/tx";
import { findGuild } from "../guilds/settings";
import { inShard, type Shard } from "../shards/shard";
import { weekStart } from "../time/dates";
import { localDate } from "../time/zones";
import { memberZone, nextDailyDue } from "./settings";

/** A reminder later than this after its time is skipped: a DM at 3 a.m. helps nobody. */
export const REMINDER_GRACE_MS = 2 * 60 * 60 * 1000;
export const CHECKIN_REMINDER_DELAY_MS = 24 * 60 * 60 * 1000;
/** Due daily reminders handled per tick; the rest are next minute's. */
const BATCH = 2000;
/** The guild-wide claim that a check-in post's reminders were handed out (`user_id` of no member). */
export const SWEEP_USER = "0";

export interface DueReminder {
  sendId: number;
  guildId: string;
  userId: string;
  kind: ReminderKind;
  period: string;
}

/** Claims a key; false when another tick, process or restart already has it. */
export async function claimReminder(
  tx: Tx,
  key: { guildId: string; userId: string; kind: ReminderKind; period: string },
  now: Date,
): Promise<number | null> {
  const row = await first(
    tx
      .insert(reminderSends)
      .values({ ...key, status: "sending", claimedAt: now })
      .onConflictDoNothing()
      .returning({ id: reminderSends.id }),
  );
  return row?.id ?? null;
}

/** Whether the member logged anything (hours or a project) on a local day. */
export async function loggedOn(db: Db, guildId: string, userId: string, day: string): Promise<boolean> {
  return (
    (await first(
      db
        .select({ id: entries.id })
        .from(entries)
        .where(
          and(
            eq(entries.guildId, guildId),
            eq(entries.userId, userId),
            eq(entries.localDate, day),
            isNull(entries.removedAt),
          ),
        )
        .limit(1),
    )) !== undefined
  );
}

/** Daily reminders whose time came: claimed if nothing was logged that day; each moved to its next time. */
export async function dueDailyReminders(db: Db, now: Date, shard?: Shard): Promise<DueReminder[]> {
  const rows = await db
    .select()
    .from(reminders)
    .where(
      and(
        dialectSql().isTrue(reminders.enabled),
        lte(reminders.nextDueAt, now),
        inShard(reminders.guildId, shard),
      ),
    )
    .orderBy(asc(reminders.nextDueAt))
    .limit(BATCH);
  const due: DueReminder[] = [];
  for (const r of rows) {
    if (r.nextDueAt === null || r.minuteOfDay === null) continue;
    const zone = await memberZone(db, r.guildId, r.userId, now);
    const day = localDate(r.nextDueAt, zone);
    const fresh = now.getTime() - r.nextDueAt.getTime() <= REMINDER_GRACE_MS;
    await transaction(db, async (tx) => {
      if (fresh && !(await loggedOn(tx, r.guildId, r.userId, day))) {
        const key = { guildId: r.guildId, userId: r.userId, kind: "daily" as const, period: day };
        const sendId = await claimReminder(tx, key, now);
        if (sendId !== null) due.push({ sendId, ...key });
      }
      await tx
        .update(reminders)
        .set({ nextDueAt: nextDailyDue(zone, r.minuteOfDay ?? 0, now) })
        .where(
          and(eq(reminders.guildId, r.guildId), eq(reminders.userId, r.userId), eq(reminders.kind, "daily")),
        );
    });
  }
  return due;
}

/**
 * Check-in reminders: for each guild check-in post out for 24 hours (within the
 * grace window), one sweep claimed per post, then one claim per opted-in member
 * who has not checked in that week.
 */
export async function dueCheckinReminders(db: Db, now: Date, shard?: Shard): Promise<DueReminder[]> {
  const since = new Date(now.getTime() - CHECKIN_REMINDER_DELAY_MS - REMINDER_GRACE_MS - 86_400_000);
  const out = await db
    .select()
    .from(posts)
    .where(
      and(
        gte(posts.scheduledAt, since),
        eq(posts.kind, "checkin"),
        eq(posts.status, "sent"),
        inShard(posts.guildId, shard),
      ),
    );
  const due: DueReminder[] = [];
  for (const p of out) {
    const dueAt = (p.finishedAt ?? p.scheduledAt).getTime() + CHECKIN_REMINDER_DELAY_MS;
    if (dueAt > now.getTime() || now.getTime() - dueAt > REMINDER_GRACE_MS) continue;
    const guild = await findGuild(db, p.guildId);
    if (!guild) continue;
    const week = weekStart(localDate(p.scheduledAt, guild.timezone));
    await transaction(db, async (tx) => {
      const sweep = { guildId: p.guildId, userId: SWEEP_USER, kind: "checkin" as const, period: p.period };
      if ((await claimReminder(tx, sweep, now)) === null) return;
      const waiting = await tx
        .select({ userId: reminders.userId })
        .from(reminders)
        .where(
          and(
            eq(reminders.guildId, p.guildId),
            eq(reminders.kind, "checkin"),
            dialectSql().isTrue(reminders.enabled),
            notExists(
              tx
                .select({ one: sql`1` })
                .from(checkins)
                .where(
                  and(
                    eq(checkins.guildId, p.guildId),
                    eq(checkins.userId, reminders.userId),
                    eq(checkins.weekStart, week),
                  ),
                ),
            ),
          ),
        );
      for (const { userId } of waiting) {
        const key = { guildId: p.guildId, userId, kind: "checkin" as const, period: p.period };
        const sendId = await claimReminder(tx, key, now);
        if (sendId !== null) due.push({ sendId, ...key });
      }
    });
  }
  return due;
}

/** Records how a claimed DM went. */
export async function finishReminder(
  db: Db,
  sendId: number,
  status: "sent" | "failed",
  now: Date,
): Promise<void> {
  await transaction(db, (tx) =>
    tx.update(reminderSends).set({ status, finishedAt: now }).where(eq(reminderSends.id, sendId)),
  );
}
