/**
 * A member's opt-in reminders (SPEC §3.17): `/remind daily time:HH:MM|off`,
 * `/remind checkin on|off`. A daily reminder keeps `next_due_at`, the next
 * instant it is due in the member's own time zone, so the minute tick finds
 * due reminders through an index instead of looking at every member.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { dialectSql } from "../db/dialect";
import { first } from "../db/raw";
import { members, type ReminderKind, reminders } from "../db/tables";
import { transaction } from "../db/tx";
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
export async function memberZone(db: Db, guildId: string, userId: string, now: Date): Promise<string> {
  const guild = await ensureGuild(db, guildId, now);
  const member = await first(
    db
      .select({ timezone: members.timezone })
      .from(members)
      .where(and(eq(members.guildId, guildId), eq(members.userId, userId)))
      .limit(1),
  );
  return member?.timezone ?? guild.timezone;
}

async function upsert(
  db: Db,
  ref: MemberRef,
  kind: ReminderKind,
  set: Partial<typeof reminders.$inferInsert>,
  now: Date,
) {
  const row = {
    enabled: false,
    minuteOfDay: null,
    nextDueAt: null,
    offReason: null,
    noticePending: false,
    ...set,
    updatedAt: now,
  };
  await transaction(db, async (tx) => {
    await ensureGuild(tx, ref.guildId, now);
    await ensureMember(tx, ref, now);
    await tx
      .insert(reminders)
      .values({ guildId: ref.guildId, userId: ref.userId, kind, ...row })
      .onConflictDoUpdate({ target: [reminders.guildId, reminders.userId, reminders.kind], set: row });
  });
}

/** `/remind daily time:HH:MM` or `off`; a bad time is refused and nothing is stored. */
export async function setDailyReminder(
  db: Db,
  ref: MemberRef,
  time: string,
  now: Date,
): Promise<ReminderSettings> {
  const off = time.trim().toLowerCase() === "off";
  const minute = off ? null : parseClockTime(time);
  if (!off && minute === null) {
    throw new UserError(
      "The time must be 24-hour HH:MM between 00:00 and 23:59, for example `20:00` — or `off` to stop the reminder.",
    );
  }
  return transaction(db, async (tx) => {
    if (minute === null) await upsert(tx, ref, "daily", {}, now);
    else {
      const zone = await memberZone(tx, ref.guildId, ref.userId, now);
      const nextDueAt = nextDailyDue(zone, minute, now);
      await upsert(tx, ref, "daily", { enabled: true, minuteOfDay: minute, nextDueAt }, now);
    }
    return reminderSettings(tx, ref.guildId, ref.userId);
  });
}

/** `/remind checkin on|off`. */
export async function setCheckinReminder(
  db: Db,
  ref: MemberRef,
  on: boolean,
  now: Date,
): Promise<ReminderSettings> {
  return transaction(db, async (tx) => {
    await upsert(tx, ref, "checkin", { enabled: on }, now);
    return reminderSettings(tx, ref.guildId, ref.userId);
  });
}

export async function reminderSettings(db: Db, guildId: string, userId: string): Promise<ReminderSettings> {
  const rows = await db
    .select()
    .from(reminders)
    .where(and(eq(reminders.guildId, guildId), eq(reminders.userId, userId)));
  const daily = rows.find((r) => r.kind === "daily");
  return {
    daily: daily?.enabled && daily.minuteOfDay !== null ? formatClockTime(daily.minuteOfDay) : null,
    checkin: rows.some((r) => r.kind === "checkin" && r.enabled),
    offReasons: rows.flatMap((r) => (!r.enabled && r.offReason ? [r.offReason] : [])),
  };
}

const KIND_WORDS: Record<ReminderKind, string> = { daily: "daily", checkin: "check-in" };

/** Discord said this member's DMs are closed: that reminder is off, and their next reply says why. */
export async function turnOffForClosedDms(
  db: Db,
  guildId: string,
  userId: string,
  kind: ReminderKind,
  now: Date,
): Promise<void> {
  const reason = `Your ${KIND_WORDS[kind]} reminder is off: Discord would not let me DM you (your DMs from server members are closed). Allow them in this server's Privacy Settings, then turn it on again with /remind.`;
  await transaction(db, (tx) =>
    tx
      .update(reminders)
      .set({ enabled: false, nextDueAt: null, offReason: reason, noticePending: true, updatedAt: now })
      .where(and(eq(reminders.guildId, guildId), eq(reminders.userId, userId), eq(reminders.kind, kind))),
  );
}

/** The one-time notice for the member's next command reply, taken (cleared) as it is read. */
export async function takeReminderNotice(db: Db, guildId: string, userId: string): Promise<string | null> {
  // Read first (a primary-key walk): nearly every command finds nothing, and then writes nothing.
  const pending = await first(
    db
      .select({ kind: reminders.kind })
      .from(reminders)
      .where(
        and(
          eq(reminders.guildId, guildId),
          eq(reminders.userId, userId),
          dialectSql().isTrue(reminders.noticePending),
        ),
      )
      .limit(1),
  );
  if (!pending) return null;
  const rows = await transaction(db, (tx) =>
    tx
      .update(reminders)
      .set({ noticePending: false })
      .where(
        and(
          eq(reminders.guildId, guildId),
          eq(reminders.userId, userId),
          dialectSql().isTrue(reminders.noticePending),
        ),
      )
      .returning({ reason: reminders.offReason }),
  );
  const reasons = rows.flatMap((r) => (r.reason ? [`⚠️ ${r.reason}`] : []));
  return reasons.length === 0 ? null : reasons.join("\n");
}

/**
 * A time-zone change moves daily reminders to the same wall-clock time in the new
 * zone: one member's (`/timezone`), or every member's of the guild (`/config timezone`).
 */
export async function rescheduleDailyReminders(
  db: Db,
  guildId: string,
  userId: string | null,
  now: Date,
): Promise<void> {
  // One transaction: the rows read are the rows moved, and one commit for a whole guild.
  await transaction(db, async (tx) => {
    const rows = await tx
      .select()
      .from(reminders)
      .where(
        and(
          eq(reminders.guildId, guildId),
          eq(reminders.kind, "daily"),
          dialectSql().isTrue(reminders.enabled),
          ...(userId === null ? [] : [eq(reminders.userId, userId)]),
        ),
      );
    for (const r of rows) {
      if (r.minuteOfDay === null) continue;
      const nextDueAt = nextDailyDue(await memberZone(tx, guildId, r.userId, now), r.minuteOfDay, now);
      await tx
        .update(reminders)
        .set({ nextDueAt })
        .where(
          and(eq(reminders.guildId, guildId), eq(reminders.userId, r.userId), eq(reminders.kind, "daily")),
        );
    }
  });
}

export const NOT_YOUR_REMINDER =
  "This button belongs to a reminder you did not set up in that server, so I cannot log into it from here: use `/log hours` in your study group's server.";

/**
 * Who presses a reminder DM's Log time button, as a member of the reminder's server
 * (SPEC §3.17). A DM carries no server, so the server comes from the button; a
 * reminder row there proves the presser opted in there (and is a member). The
 * display name is the stored one. A UserError, and nothing stored, for anyone else.
 */
export async function reminderCaller(db: Db, guildId: string, userId: string): Promise<MemberRef> {
  const member = await first(
    db
      .select({ displayName: members.displayName })
      .from(members)
      .innerJoin(reminders, and(eq(reminders.guildId, members.guildId), eq(reminders.userId, members.userId)))
      .where(and(eq(members.guildId, guildId), eq(members.userId, userId)))
      .limit(1),
  );
  if (!member) throw new UserError(NOT_YOUR_REMINDER);
  return { guildId, userId, displayName: member.displayName };
}
