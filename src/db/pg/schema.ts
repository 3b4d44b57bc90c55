/**
 * The PostgreSQL twin of src/db/schema.ts (read that file for what each table
 * and column means): same tables, columns, nullability, defaults, keys, CHECKs,
 * foreign keys and indexes, and the same JS types, so one set of domain
 * functions can serve either engine. test/db/schema-equivalence.test.ts holds
 * the two to each other. Where the engines differ:
 *
 * - instants are `bigint` milliseconds (SQLite: integer ms), read back as Date;
 * - booleans are `boolean` (SQLite: integer 0/1);
 * - autoincrement ids are identity columns (by default, so `db:copy` keeps ids).
 *
 * (column shapes: ./columns.ts)
 */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { ALL_POST_KINDS } from "../../scheduler/kinds";
import { ENTRY_TYPES, HOURS_KINDS, POST_STATUSES, SCHEDULE_OUTCOMES } from "../schema";
import { instant, serialId } from "./columns";

export const guildId = () =>
  text("guild_id")
    .notNull()
    .references(() => guilds.id, { onDelete: "cascade" });

const oneOf = (name: string, column: AnyPgColumn, values: readonly string[]) =>
  check(name, sql`${column} IN (${sql.raw(values.map((v) => `'${v}'`).join(", "))})`);

export const guilds = pgTable("guilds", {
  id: text("id").primaryKey(),
  timezone: text("timezone").notNull().default("UTC"),
  commitmentDays: integer("commitment_days").notNull().default(90),
  dailyCapMinutes: integer("daily_cap_minutes").notNull().default(960),
  buildTargetPercent: integer("build_target_percent").notNull().default(70),
  modRoleId: text("mod_role_id"),
  promptsChannelId: text("prompts_channel_id"),
  checkinsChannelId: text("checkins_channel_id"),
  leaderboardChannelId: text("leaderboard_channel_id"),
  promptTime: integer("prompt_time")
    .notNull()
    .default(9 * 60),
  checkinTime: integer("checkin_time")
    .notNull()
    .default(10 * 60),
  checkinWeekday: integer("checkin_weekday").notNull().default(1),
  leaderboardTime: integer("leaderboard_time")
    .notNull()
    .default(18 * 60),
  leaderboardWeekday: integer("leaderboard_weekday").notNull().default(7),
  createdAt: instant("created_at").notNull(),
});

export const members = pgTable(
  "members",
  {
    guildId: guildId(),
    userId: text("user_id").notNull(),
    displayName: text("display_name").notNull(),
    timezone: text("timezone"),
    stackId: text("stack_id"),
    stackPickedAt: instant("stack_picked_at"),
    committedUntil: instant("committed_until"),
    switchCount: integer("switch_count").notNull().default(0),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.guildId, t.userId] }),
    index("members_guild_stack_idx").on(t.guildId, t.stackId),
  ],
);

export const stackHistory = pgTable(
  "stack_history",
  {
    id: serialId(),
    guildId: guildId(),
    userId: text("user_id").notNull(),
    fromStack: text("from_stack"),
    toStack: text("to_stack").notNull(),
    reason: text("reason"),
    at: instant("at").notNull(),
  },
  (t) => [index("stack_history_member_idx").on(t.guildId, t.userId, t.at)],
);

export const guildStacks = pgTable(
  "guild_stacks",
  {
    guildId: guildId(),
    id: text("id").notNull(),
    label: text("label").notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.id] })],
);

export const entries = pgTable(
  "entries",
  {
    id: serialId(),
    guildId: guildId(),
    userId: text("user_id").notNull(),
    type: text("type", { enum: ENTRY_TYPES }).notNull(),
    interactionId: text("interaction_id").notNull(),
    createdAt: instant("created_at").notNull(),
    localDate: text("local_date").notNull(),
    minutes: integer("minutes"),
    kind: text("kind", { enum: HOURS_KINDS }),
    topic: text("topic"),
    note: text("note"),
    name: text("name"),
    url: text("url"),
    repo: text("repo"),
    description: text("description"),
    removedAt: instant("removed_at"),
    removedBy: text("removed_by"),
    removedReason: text("removed_reason"),
    liveStatus: text("live_status", { enum: ["live", "unreachable"] }),
    liveReason: text("live_reason"),
    liveCheckedAt: instant("live_checked_at"),
  },
  (t) => [
    uniqueIndex("entries_interaction_idx").on(t.interactionId),
    index("entries_guild_date_idx").on(t.guildId, t.localDate),
    index("entries_member_created_idx").on(t.guildId, t.userId, t.createdAt),
    index("entries_live_hours_idx")
      .on(t.guildId, t.userId, t.localDate)
      .where(sql`${t.type} = 'hours' and ${t.removedAt} is null`),
    index("entries_live_projects_idx")
      .on(t.guildId, t.localDate, t.createdAt, t.userId, t.name, t.url)
      .where(sql`${t.type} = 'project' and ${t.removedAt} is null`),
    oneOf("entries_type", t.type, ENTRY_TYPES),
    oneOf("entries_kind", t.kind, HOURS_KINDS),
    index("entries_project_check_idx")
      .on(t.liveCheckedAt)
      .where(sql`${t.type} = 'project' and ${t.removedAt} is null`),
    check(
      "entries_hours_shape",
      sql`${t.type} <> 'hours' OR (${t.minutes} BETWEEN 15 AND 960 AND ${t.kind} IS NOT NULL AND ${t.name} IS NULL)`,
    ),
    check(
      "entries_project_shape",
      sql`${t.type} <> 'project' OR (${t.name} IS NOT NULL AND ${t.url} IS NOT NULL)`,
    ),
  ],
);

export const registeredCommands = pgTable("registered_commands", {
  scope: text("scope").primaryKey(),
  hash: text("hash").notNull(),
  registeredAt: instant("registered_at").notNull(),
});

export const checkins = pgTable(
  "checkins",
  {
    guildId: guildId(),
    userId: text("user_id").notNull(),
    weekStart: text("week_start").notNull(),
    goals: text("goals").notNull(),
    blockers: text("blockers"),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.guildId, t.userId, t.weekStart] }),
    index("checkins_guild_week_idx").on(t.guildId, t.weekStart),
  ],
);

export const dailyPrompts = pgTable(
  "daily_prompts",
  {
    guildId: guildId(),
    localDate: text("local_date").notNull(),
    promptId: text("prompt_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.guildId, t.localDate] }),
    index("daily_prompts_guild_prompt_idx").on(t.guildId, t.promptId),
  ],
);

export const posts = pgTable(
  "posts",
  {
    id: serialId(),
    guildId: guildId(),
    kind: text("kind", { enum: ALL_POST_KINDS }).notNull(),
    period: text("period").notNull(),
    status: text("status", { enum: POST_STATUSES }).notNull(),
    channelId: text("channel_id").notNull(),
    scheduledAt: instant("scheduled_at").notNull(),
    messageId: text("message_id"),
    claimedAt: instant("claimed_at").notNull(),
    finishedAt: instant("finished_at"),
    body: text("body"),
  },
  (t) => [
    uniqueIndex("posts_key_idx").on(t.guildId, t.kind, t.period),
    index("posts_scheduled_idx").on(t.scheduledAt),
    index("posts_uncertain_idx").on(t.status).where(sql`${t.status} = 'uncertain'`),
    oneOf("posts_kind", t.kind, ALL_POST_KINDS),
    oneOf("posts_status", t.status, POST_STATUSES),
  ],
);

export const scheduleState = pgTable(
  "schedule_state",
  {
    guildId: guildId(),
    kind: text("kind", { enum: ALL_POST_KINDS }).notNull(),
    period: text("period").notNull(),
    outcome: text("outcome", { enum: SCHEDULE_OUTCOMES }).notNull(),
    error: text("error"),
    at: instant("at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.guildId, t.kind] }),
    oneOf("schedule_state_kind", t.kind, ALL_POST_KINDS),
    oneOf("schedule_state_outcome", t.outcome, SCHEDULE_OUTCOMES),
  ],
);

export const cohorts = pgTable(
  "cohorts",
  {
    id: serialId(),
    guildId: guildId(),
    name: text("name").notNull(),
    nameKey: text("name_key").notNull(),
    startDate: text("start_date").notNull(),
    weeks: integer("weeks").notNull(),
    channelId: text("channel_id"),
    roleId: text("role_id"),
    capacity: integer("capacity"),
    createdBy: text("created_by").notNull(),
    createdAt: instant("created_at").notNull(),
    endedAt: instant("ended_at"),
    endedBy: text("ended_by"),
  },
  (t) => [uniqueIndex("cohorts_guild_name_idx").on(t.guildId, t.nameKey)],
);

export const cohortMembers = pgTable(
  "cohort_members",
  {
    cohortId: integer("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    joinedAt: instant("joined_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] }), index("cohort_members_user_idx").on(t.userId)],
);

export const celebratedMilestones = pgTable(
  "celebrated_milestones",
  {
    guildId: guildId(),
    userId: text("user_id").notNull(),
    milestone: text("milestone").notNull(),
    celebratedAt: instant("celebrated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.userId, t.milestone] })],
);

export { secrets } from "./schema-secrets";
