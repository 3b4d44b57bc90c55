/** A member's reminders and reminder DMs in one guild, for /privacy export and delete (SPEC §3.12). */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { changes } from "../db/raw";
import { reminderSends, reminders } from "../db/tables";
import type { Tx } from "../db/tx";
import { formatClockTime } from "../time/zones";

export interface ReminderExport {
  kind: "daily" | "checkin";
  enabled: boolean;
  time: string | null;
  off_reason: string | null;
}

export interface ReminderDmExport {
  kind: "daily" | "checkin";
  period: string;
  status: "sending" | "sent" | "failed";
  at: string;
}

export async function exportReminders(db: Db, guildId: string, userId: string) {
  const settings = await db
    .select()
    .from(reminders)
    .where(and(eq(reminders.guildId, guildId), eq(reminders.userId, userId)))
    .orderBy(asc(reminders.kind));
  const dms = await db
    .select()
    .from(reminderSends)
    .where(and(eq(reminderSends.guildId, guildId), eq(reminderSends.userId, userId)))
    .orderBy(asc(reminderSends.claimedAt), asc(reminderSends.id));
  return {
    reminders: settings.map(
      (r): ReminderExport => ({
        kind: r.kind,
        enabled: r.enabled,
        time: r.minuteOfDay === null ? null : formatClockTime(r.minuteOfDay),
        off_reason: r.offReason,
      }),
    ),
    reminder_dms: dms.map(
      (d): ReminderDmExport => ({
        kind: d.kind,
        period: d.period,
        status: d.status,
        at: d.claimedAt.toISOString(),
      }),
    ),
  };
}

/** In the caller's transaction (the member's data deletion). */
export async function deleteReminders(tx: Tx, guildId: string, userId: string) {
  return {
    reminders: changes(
      await tx.delete(reminders).where(and(eq(reminders.guildId, guildId), eq(reminders.userId, userId))),
    ),
    reminderDms: changes(
      await tx
        .delete(reminderSends)
        .where(and(eq(reminderSends.guildId, guildId), eq(reminderSends.userId, userId))),
    ),
  };
}
