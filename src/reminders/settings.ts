/**
 * A member's opt-in reminders (SPEC §3.17): `/remind daily time:HH:MM|off`,
 * `/remind checkin on|off`. A daily reminder keeps `next_due_at`, the next
 * instant it is due in the member's own time zone, so the minute tick finds
 * due reminders through an index instead of looking at every member.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { members } from "../db/schema";
import { type ReminderKind, reminders } from "../db/schema-reach";
import { UserError } from "../errors";
import { ensureGuild } from "../guilds/settings";
import { ensureMember, type MemberRef } from "../members/members";
import { addDays } from "../time/dates";
import { formatClockTime, localDate, parseClockTime, zonedInstant } from "../time/zones";

export interface ReminderSettings {
  /** local `HH:MM` of the daily reminder, or null when it is off */
  daily: string | null;
  checkin: boolean;
  /** why a reminder was turned off by shiplog (DMs closed), if it was */
  offReasons: string[];
}

/** The next instant after `after` at which the wall clock in `timeZone` reads `minuteOfDay`. */
export function nextDailyDue(timeZone: string, minuteOfDay: number, after: Date): Date {
  const today = localDate(after, timeZone);
  const candidate = zonedInstant(today, minuteOfDay, timeZone);
  return candidate > after ? candidate : zonedInstant(addDays(today, 1), minuteOfDay, timeZone);
}

/** The zone a member's days follow: their own, else the server's. */
export function memberZone(db: Db, guildId: string, userId: string, now: Date): string {
  const guild = ensureGuild(db, guildId, now);
  const member = db
    .select({ timezone: members.timezone })
    .from(members)
    .where(and(eq(members.guildId, guildId), eq(members.userId, userId)))
    .get();
  return member?.timezone ?? guild.timezone;
}

function upsert(
  db: Db,
  ref: MemberRef,
  kind: ReminderKind,
  set: Partial<typeof reminders.$inferInsert>,
  now: Date,
) {
  ensureGuild(db, ref.guildId, now);
  ensureMember(db, ref, now);
  const row = {
    enabled: false,
    minuteOfDay: null,
    nextDueAt: null,
    offReason: null,
    noticePending: false,
    ...set,
    updatedAt: now,
  };
  db.insert(reminders)
    .values({ guildId: ref.guildId, userId: ref.userId, kind, ...row })
    .onConflictDoUpdate({ target: [reminders.guildId, reminders.userId, reminders.kind], set: row })
    .run();
}

/** `/remind daily time:HH:MM` or `off`; a bad time is refused and nothing is stored. */
export function setDailyReminder(db: Db, ref: MemberRef, time: string, now: Date): ReminderSettings {
  const off = time.trim().toLowerCase() === "off";
  const minute = off ? null : parseClockTime(time);
  if (!off && minute === null) {
    throw new UserError(
      "The time must be 24-hour HH:MM between 00:00 and 23:59, for example `20:00` — or `off` to stop the reminder.",
    );
  }
  return db.transaction((tx) => {
    if (minute === null) upsert(tx, ref, "daily", {}, now);
    else {
      const zone = memberZone(tx, ref.guildId, ref.userId, now);
      const nextDueAt = nextDailyDue(zone, minute, now);
      upsert(tx, ref, "daily", { enabled: true, minuteOfDay: minute, nextDueAt }, now);
    }
    return reminderSettings(tx, ref.guildId, ref.userId);
  });
}

/** `/remind checkin on|off`. */
export function setCheckinReminder(db: Db, ref: MemberRef, on: boolean, now: Date): ReminderSettings {
  return db.transaction((tx) => {
    upsert(tx, ref, "checkin", { enabled: on }, now);
    return reminderSettings(tx, ref.guildId, ref.userId);
  });
}

export function reminderSettings(db: Db, guildId: string, userId: string): ReminderSettings {
  const rows = db
    .select()
    .from(reminders)
    .where(and(eq(reminders.guildId, guildId), eq(reminders.userId, userId)))
    .all();
  const daily = rows.find((r) => r.kind === "daily");
  return {
    daily: daily?.enabled && daily.minuteOfDay !== null ? formatClockTime(daily.minuteOfDay) : null,
    checkin: rows.some((r) => r.kind === "checkin" && r.enabled),
    offReasons: rows.flatMap((r) => (!r.enabled && r.offReason ? [r.offReason] : [])),
  };
}

const KIND_WORDS: Record<ReminderKind, string> = { daily: "daily", checkin: "check-in" };

/** Discord said this member's DMs are closed: that reminder is off, and their next reply says why. */
export function turnOffForClosedDms(
  db: Db,
  guildId: string,
  userId: string,
  kind: ReminderKind,
  now: Date,
): void {
  const reason = `Your ${KIND_WORDS[kind]} reminder is off: Discord would not let me DM you (your DMs from server members are closed). Allow them in this server's Privacy Settings, then turn it on again with /remind.`;
  db.update(reminders)
    .set({ enabled: false, nextDueAt: null, offReason: reason, noticePending: true, updatedAt: now })
    .where(and(eq(reminders.guildId, guildId), eq(reminders.userId, userId), eq(reminders.kind, kind)))
    .run();
}

/** The one-time notice for the member's next command reply, taken (cleared) as it is read. */
export function takeReminderNotice(db: Db, guildId: string, userId: string): string | null {
  // Read first (a primary-key walk): nearly every command finds nothing, and then writes nothing.
  const pending = db
    .select({ kind: reminders.kind })
    .from(reminders)
    .where(
      and(eq(reminders.guildId, guildId), eq(reminders.userId, userId), sql`${reminders.noticePending} = 1`),
    )
    .get();
  if (!pending) return null;
  const rows = db
    .update(reminders)
    .set({ noticePending: false })
    .where(
      and(eq(reminders.guildId, guildId), eq(reminders.userId, userId), sql`${reminders.noticePending} = 1`),
    )
    .returning({ reason: reminders.offReason })
    .all();
  const reasons = rows.flatMap((r) => (r.reason ? [`⚠️ ${r.reason}`] : []));
  return reasons.length === 0 ? null : reasons.join("\n");
}

/**
 * A time-zone change moves daily reminders to the same wall-clock time in the new
 * zone: one member's (`/timezone`), or every member's of the guild (`/config timezone`).
 */
export function rescheduleDailyReminders(db: Db, guildId: string, userId: string | null, now: Date): void {
  const rows = db
    .select()
    .from(reminders)
    .where(
      and(
        eq(reminders.guildId, guildId),
        eq(reminders.kind, "daily"),
        sql`${reminders.enabled} = 1`,
        ...(userId === null ? [] : [eq(reminders.userId, userId)]),
      ),
    )
    .all();
  for (const r of rows) {
    if (r.minuteOfDay === null) continue;
    const nextDueAt = nextDailyDue(memberZone(db, guildId, r.userId, now), r.minuteOfDay, now);
    db.update(reminders)
      .set({ nextDueAt })
      .where(and(eq(reminders.guildId, guildId), eq(reminders.userId, r.userId), eq(reminders.kind, "daily")))
      .run();
  }
}

export const NOT_YOUR_REMINDER =
  "This button belongs to a reminder you did not set up in that server, so I cannot log into it from here: use `/log hours` in your study group's server.";

/**
 * Who presses a reminder DM's Log time button, as a member of the reminder's server
 * (SPEC §3.17). A DM carries no server, so the server comes from the button; a
 * reminder row there proves the presser opted in there (and is a member). The
 * display name is the stored one. A UserError, and nothing stored, for anyone else.
 */
export function reminderCaller(db: Db, guildId: string, userId: string): MemberRef {
  const member = db
    .select({ displayName: members.displayName })
    .from(members)
    .innerJoin(reminders, and(eq(reminders.guildId, members.guildId), eq(reminders.userId, members.userId)))
    .where(and(eq(members.guildId, guildId), eq(members.userId, userId)))
    .get();
  if (!member) throw new UserError(NOT_YOUR_REMINDER);
  return { guildId, userId, displayName: member.displayName };
}
