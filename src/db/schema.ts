import { sql } from "drizzle-orm";
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { ALL_POST_KINDS } from "../scheduler/kinds";

/** Instants are stored as integer milliseconds since the epoch; local days as `YYYY-MM-DD` text. */
export const instant = (name: string) => integer(name, { mode: "timestamp_ms" });

/** The guild a row belongs to: deleting the guild deletes its data; writers `ensureGuild` first. */
export const guildId = () =>
  text("guild_id")
    .notNull()
    .references(() => guilds.id, { onDelete: "cascade" });

/** A CHECK that keeps a text column inside its enum, so SQLite enforces what the types say. */
const oneOf = (name: string, column: AnySQLiteColumn, values: readonly string[]) =>
  check(name, sql`${column} IN (${sql.raw(values.map((v) => `'${v}'`).join(", "))})`);

export const ENTRY_TYPES = ["hours", "project"] as const;
export const HOURS_KINDS = ["learn", "build"] as const;
export const POST_STATUSES = ["sending", "sent", "skipped", "uncertain"] as const;
export const SCHEDULE_OUTCOMES = ["sent", "failed", "skipped"] as const;

/** Per-guild settings; a row is created with defaults the first time a guild is seen. */
export const guilds = sqliteTable("guilds", {
  id: text("id").primaryKey(),
  timezone: text("timezone").notNull().default("UTC"),
  commitmentDays: integer("commitment_days").notNull().default(90),
  dailyCapMinutes: integer("daily_cap_minutes").notNull().default(960),
  buildTargetPercent: integer("build_target_percent").notNull().default(70),
  modRoleId: text("mod_role_id"),
  promptsChannelId: text("prompts_channel_id"),
  checkinsChannelId: text("checkins_channel_id"),
  leaderboardChannelId: text("leaderboard_channel_id"),
  /** minutes since local midnight */
  promptTime: integer("prompt_time")
    .notNull()
    .default(9 * 60),
  checkinTime: integer("checkin_time")
    .notNull()
    .default(10 * 60),
  /** ISO weekday, 1 = Monday … 7 = Sunday */
  checkinWeekday: integer("checkin_weekday").notNull().default(1),
  leaderboardTime: integer("leaderboard_time")
    .notNull()
    .default(18 * 60),
  leaderboardWeekday: integer("leaderboard_weekday").notNull().default(7),
  createdAt: instant("created_at").notNull(),
});

/** A member of one guild: their stack commitment and optional personal time zone. */
export const members = sqliteTable(
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

/** Every pick and switch, so a member's history survives later switches. */
export const stackHistory = sqliteTable(
  "stack_history",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    guildId: guildId(),
    userId: text("user_id").notNull(),
    fromStack: text("from_stack"),
    toStack: text("to_stack").notNull(),
    reason: text("reason"),
    at: instant("at").notNull(),
  },
  (t) => [index("stack_history_member_idx").on(t.guildId, t.userId, t.at)],
);

/** Stacks a guild's moderators added on top of the built-in catalog. */
export const guildStacks = sqliteTable(
  "guild_stacks",
  {
    guildId: guildId(),
    id: text("id").notNull(),
    label: text("label").notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.id] })],
);

/** Hours and projects share one table: one id space (`#123`), undo order, soft-delete and idempotency key;
 * CHECK constraints keep each row's type-specific columns consistent. */
export const entries = sqliteTable(
  "entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    guildId: guildId(),
    userId: text("user_id").notNull(),
    type: text("type", { enum: ENTRY_TYPES }).notNull(),
    /** the Discord interaction that created it: a redelivered interaction stores nothing new */
    interactionId: text("interaction_id").notNull(),
    createdAt: instant("created_at").notNull(),
    /** the member's local day the entry counts on */
    localDate: text("local_date").notNull(),
    // hours
    minutes: integer("minutes"),
    kind: text("kind", { enum: HOURS_KINDS }),
    topic: text("topic"),
    note: text("note"),
    // project
    name: text("name"),
    url: text("url"),
    repo: text("repo"),
    description: text("description"),
    // soft delete (undo, moderator removal)
    removedAt: instant("removed_at"),
    removedBy: text("removed_by"),
    removedReason: text("removed_reason"),
    // project live check (SPEC §3.19): null until first checked
    liveStatus: text("live_status", { enum: ["live", "unreachable"] }),
    liveReason: text("live_reason"), // why not, as the reply shows it
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
    // The weekly re-check walks live projects, least recently checked first.
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

/** Hash of the command definitions last registered per scope ("global" or a guild id). */
export const registeredCommands = sqliteTable("registered_commands", {
  scope: text("scope").primaryKey(),
  hash: text("hash").notNull(),
  registeredAt: instant("registered_at").notNull(),
});

/** A member's goals for one week (SPEC §3.6); a second check-in in the same week replaces the first. */
export const checkins = sqliteTable(
  "checkins",
  {
    guildId: guildId(),
    userId: text("user_id").notNull(),
    /** Monday of the member's local week, `YYYY-MM-DD` */
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

/** The prompt chosen for a guild's local day, shared by /prompt and the daily post. */
export const dailyPrompts = sqliteTable(
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

/** Scheduled posts by unique key (guild, kind, period), claimed (`sending`) before posting: exactly once.
 * `skipped`: grace window passed while down; `uncertain`: Discord's answer was lost, looked up before any resend. */
export const posts = sqliteTable(
  "posts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    guildId: guildId(),
    kind: text("kind", { enum: ALL_POST_KINDS }).notNull(),
    period: text("period").notNull(),
    status: text("status", { enum: POST_STATUSES }).notNull(),
    channelId: text("channel_id").notNull(),
    scheduledAt: instant("scheduled_at").notNull(),
    messageId: text("message_id"),
    /** the claim, or the last fresh send after a look-up: opens the nonce window */
    claimedAt: instant("claimed_at").notNull(),
    finishedAt: instant("finished_at"), // for `uncertain`: the last attempt
    body: text("body"), // while `uncertain`: the message as sent (JSON), re-sent unchanged
  },
  (t) => [
    uniqueIndex("posts_key_idx").on(t.guildId, t.kind, t.period),
    index("posts_scheduled_idx").on(t.scheduledAt),
    index("posts_uncertain_idx").on(t.status).where(sql`${t.status} = 'uncertain'`),
    oneOf("posts_kind", t.kind, ALL_POST_KINDS),
    oneOf("posts_status", t.status, POST_STATUSES),
  ],
);

/** Last outcome per guild and post kind, for retries and `/config show`. */
export const scheduleState = sqliteTable(
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

/** A time-boxed cohort (SPEC §3.11): weeks run in 7-day blocks from `start_date` in the guild's time zone. */
export const cohorts = sqliteTable(
  "cohorts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    guildId: guildId(),
    name: text("name").notNull(),
    /** lower-cased name: names are unique per guild regardless of case */
    nameKey: text("name_key").notNull(),
    startDate: text("start_date").notNull(),
    weeks: integer("weeks").notNull(),
    channelId: text("channel_id"),
    roleId: text("role_id"),
    /** most members who may join; null = no limit */
    capacity: integer("capacity"),
    createdBy: text("created_by").notNull(),
    createdAt: instant("created_at").notNull(),
    /** set by /cohort end; a cohort also ends on its own after its last week */
    endedAt: instant("ended_at"),
    endedBy: text("ended_by"),
  },
  (t) => [uniqueIndex("cohorts_guild_name_idx").on(t.guildId, t.nameKey)],
);

export const cohortMembers = sqliteTable(
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

/** Milestones celebrated in public, once per member ever (SPEC §3.16): crossing one again posts nothing. */
export const celebratedMilestones = sqliteTable(
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
