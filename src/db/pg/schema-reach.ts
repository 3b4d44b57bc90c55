/** PostgreSQL twin of src/db/schema-reach.ts (reminders and roles). */
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { REMINDER_KINDS, REMINDER_SEND_STATUSES } from "../schema-reach";
import { instant, serialId } from "./columns";
import { guildId } from "./schema";

export const stackRoles = pgTable(
  "stack_roles",
  {
    guildId: guildId(),
    stackId: text("stack_id").notNull(),
    roleId: text("role_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.stackId] })],
);

export const roleProblems = pgTable(
  "role_problems",
  {
    guildId: guildId(),
    roleId: text("role_id").notNull(),
    problem: text("problem").notNull(),
    at: instant("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.roleId] })],
);

export const reminders = pgTable(
  "reminders",
  {
    guildId: guildId(),
    userId: text("user_id").notNull(),
    kind: text("kind", { enum: REMINDER_KINDS }).notNull(),
    enabled: boolean("enabled").notNull(),
    minuteOfDay: integer("minute_of_day"),
    nextDueAt: instant("next_due_at"),
    offReason: text("off_reason"),
    noticePending: boolean("notice_pending").notNull().default(false),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.guildId, t.userId, t.kind] }),
    index("reminders_due_idx").on(t.nextDueAt).where(sql`${t.enabled}`),
    index("reminders_guild_kind_idx").on(t.guildId, t.kind).where(sql`${t.enabled}`),
    check("reminders_kind", sql`${t.kind} IN ('daily', 'checkin')`),
  ],
);

export const reminderSends = pgTable(
  "reminder_sends",
  {
    id: serialId(),
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
