/**
 * Tables for reaching members outside the channel: opt-in DM reminders
 * (SPEC §3.17) and the roles shiplog hands out (SPEC §3.18). Kept beside
 * schema.ts (which they reference) so that file stays readable; drizzle-kit
 * reads both (drizzle.config.ts).
 */
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { guildId, instant } from "./schema";

export const REMINDER_KINDS = ["daily", "checkin"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export const REMINDER_SEND_STATUSES = ["sending", "sent", "failed"] as const;

/** The role members on a stack get (`/config stack-role`). */
export const stackRoles = sqliteTable(
  "stack_roles",
  {
    guildId: guildId(),
    stackId: text("stack_id").notNull(),
    roleId: text("role_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.stackId] })],
);

/**
 * The last role change Discord refused per role (Manage Roles missing, role above
 * the bot's), for `/config show`; a later change that works clears it.
 */
export const roleProblems = sqliteTable(
  "role_problems",
  {
    guildId: guildId(),
    roleId: text("role_id").notNull(),
    problem: text("problem").notNull(),
    at: instant("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.roleId] })],
);

/**
 * A member's opt-in reminder of one kind. `next_due_at` (daily reminders) is
 * what the minute tick selects on, through its index: no scan of all members.
 * A reminder Discord could not deliver (DMs closed) is turned off with
 * `off_reason` set; `notice_pending` makes the member's next command reply say why.
 */
export const reminders = sqliteTable(
  "reminders",
  {
    guildId: guildId(),
    userId: text("user_id").notNull(),
    kind: text("kind", { enum: REMINDER_KINDS }).notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
    /** minutes since the member's local midnight (daily reminders) */
    minuteOfDay: integer("minute_of_day"),
    nextDueAt: instant("next_due_at"),
    offReason: text("off_reason"),
    noticePending: integer("notice_pending", { mode: "boolean" }).notNull().default(false),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.guildId, t.userId, t.kind] }),
    index("reminders_due_idx").on(t.nextDueAt).where(sql`${t.enabled} = 1`),
    index("reminders_guild_kind_idx").on(t.guildId, t.kind).where(sql`${t.enabled} = 1`),
    check("reminders_kind", sql`${t.kind} IN ('daily', 'checkin')`),
  ],
);

/**
 * Reminder DMs by key (guild, member, kind, period), claimed before sending
 * exactly like scheduled posts: a second tick or a restart never sends twice.
 */
export const reminderSends = sqliteTable(
  "reminder_sends",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    guildId: guildId(),
    userId: text("user_id").notNull(),
    kind: text("kind", { enum: REMINDER_KINDS }).notNull(),
    period: text("period").notNull(),
    status: text("status", { enum: REMINDER_SEND_STATUSES }).notNull(),
    claimedAt: instant("claimed_at").notNull(),
    finishedAt: instant("finished_at"),
  },
  (t) => [
    uniqueIndex("reminder_sends_key_idx").on(t.guildId, t.userId, t.kind, t.period),
    index("reminder_sends_claimed_idx").on(t.claimedAt),
  ],
);
