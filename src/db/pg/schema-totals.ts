/** PostgreSQL twin of src/db/schema-totals.ts (the derived tables; read that file for their meaning). */
import { index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { millis } from "./columns";

const scores = () => ({
  minutes: integer("minutes").notNull().default(0),
  buildMinutes: integer("build_minutes").notNull().default(0),
  projects: integer("projects").notNull().default(0),
});

export const memberDays = pgTable(
  "member_days",
  {
    guildId: text("guild_id").notNull(),
    userId: text("user_id").notNull(),
    localDate: text("local_date").notNull(),
    ...scores(),
    hoursEntries: integer("hours_entries").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.guildId, t.userId, t.localDate] }),
    index("member_days_guild_date_idx").on(t.guildId, t.localDate),
  ],
);

export const memberWeeks = pgTable(
  "member_weeks",
  {
    guildId: text("guild_id").notNull(),
    weekStart: text("week_start").notNull(),
    userId: text("user_id").notNull(),
    ...scores(),
  },
  (t) => [
    primaryKey({ columns: [t.guildId, t.weekStart, t.userId] }),
    index("member_weeks_minutes_idx").on(t.guildId, t.weekStart, t.minutes.desc().nullsFirst()),
    index("member_weeks_build_idx").on(t.guildId, t.weekStart, t.buildMinutes.desc().nullsFirst()),
    index("member_weeks_projects_idx").on(t.guildId, t.weekStart, t.projects.desc().nullsFirst()),
  ],
);

export const memberMonths = pgTable(
  "member_months",
  {
    guildId: text("guild_id").notNull(),
    month: text("month").notNull(),
    userId: text("user_id").notNull(),
    ...scores(),
  },
  (t) => [
    primaryKey({ columns: [t.guildId, t.month, t.userId] }),
    index("member_months_minutes_idx").on(t.guildId, t.month, t.minutes.desc().nullsFirst()),
    index("member_months_build_idx").on(t.guildId, t.month, t.buildMinutes.desc().nullsFirst()),
    index("member_months_projects_idx").on(t.guildId, t.month, t.projects.desc().nullsFirst()),
  ],
);

export const memberTotals = pgTable(
  "member_totals",
  {
    guildId: text("guild_id").notNull(),
    userId: text("user_id").notNull(),
    ...scores(),
    hoursEntries: integer("hours_entries").notNull().default(0),
    lastDay: text("last_day"),
    lastRun: integer("last_run").notNull().default(0),
    longestRun: integer("longest_run").notNull().default(0),
    currentUntil: millis("current_until").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.guildId, t.userId] }),
    index("member_totals_minutes_idx").on(t.guildId, t.minutes.desc().nullsFirst()),
    index("member_totals_build_idx").on(t.guildId, t.buildMinutes.desc().nullsFirst()),
    index("member_totals_projects_idx").on(t.guildId, t.projects.desc().nullsFirst()),
    index("member_totals_streak_idx").on(t.guildId, t.lastRun.desc().nullsFirst(), t.currentUntil),
    index("member_totals_last_day_idx").on(t.guildId, t.lastDay),
  ],
);

export const guildWeeks = pgTable(
  "guild_weeks",
  {
    guildId: text("guild_id").notNull(),
    weekStart: text("week_start").notNull(),
    members: integer("members").notNull(),
    ...scores(),
    checkedIn: integer("checked_in").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.weekStart] })],
);

export const guildTotals = pgTable("guild_totals", {
  guildId: text("guild_id").primaryKey(),
  members: integer("members").notNull(),
});

export const boardSizes = pgTable(
  "board_sizes",
  {
    guildId: text("guild_id").notNull(),
    scope: text("scope").notNull(),
    metric: text("metric").notNull(),
    members: integer("members").notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.scope, t.metric] })],
);

export const streakCounts = pgTable(
  "streak_counts",
  {
    guildId: text("guild_id").notNull(),
    currentUntil: millis("current_until").notNull(),
    lastRun: integer("last_run").notNull(),
    members: integer("members").notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.currentUntil, t.lastRun] })],
);

export const derivedMeta = pgTable("derived_meta", {
  name: text("name").primaryKey(),
  version: integer("version").notNull(),
});

export const scheduleNext = pgTable(
  "schedule_next",
  {
    guildId: text("guild_id").primaryKey(),
    dueAt: millis("due_at").notNull(),
  },
  (t) => [index("schedule_next_due_idx").on(t.dueAt)],
);
