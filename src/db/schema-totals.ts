/**
 * Derived tables (issue 8): totals and streak state kept for speed, written in
 * the same transaction as the entry they come from (src/totals/upkeep.ts) and
 * always equal to a recomputation from `entries` (src/totals/verify.ts).
 *
 * Every board is an index walk: `ORDER BY score DESC LIMIT 10` for the top and
 * `count(*) WHERE score > ?` for the caller's rank, on the same index. A row
 * exists only while the member has a live entry in that day, week, month or at
 * all; a score of 0 never counts (`board_sizes` keeps participant counts).
 *
 * On `entries` itself (schema.ts, no room for comments there): `entries_live_hours_idx`
 * serves the daily cap check, `entries_live_projects_idx` (covering) the weekly
 * post's "Shipped this week", and `entries_member_date_idx` is gone — nothing reads
 * a member's entries by day any more.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Minutes (all hours), build minutes and live projects; the same three columns in every period table. */
const scores = () => ({
  minutes: integer("minutes").notNull().default(0),
  buildMinutes: integer("build_minutes").notNull().default(0),
  projects: integer("projects").notNull().default(0),
});

/** Per member per local day (the entry's `local_date`, the member's own day). */
export const memberDays = sqliteTable(
  "member_days",
  {
    guildId: text("guild_id").notNull(),
    userId: text("user_id").notNull(),
    localDate: text("local_date").notNull(),
    ...scores(),
    /** live hours entries */
    hoursEntries: integer("hours_entries").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.guildId, t.userId, t.localDate] }),
    // Cohort boards and "active this week" read one guild's days in a date range.
    index("member_days_guild_date_idx").on(t.guildId, t.localDate),
  ],
);

/** Per member per Monday–Sunday week, keyed by the Monday of the entry's local date. */
export const memberWeeks = sqliteTable(
  "member_weeks",
  {
    guildId: text("guild_id").notNull(),
    weekStart: text("week_start").notNull(),
    userId: text("user_id").notNull(),
    ...scores(),
  },
  (t) => [
    primaryKey({ columns: [t.guildId, t.weekStart, t.userId] }),
    index("member_weeks_minutes_idx").on(t.guildId, t.weekStart, sql`${t.minutes} desc`),
    index("member_weeks_build_idx").on(t.guildId, t.weekStart, sql`${t.buildMinutes} desc`),
    index("member_weeks_projects_idx").on(t.guildId, t.weekStart, sql`${t.projects} desc`),
  ],
);

/** Per member per calendar month (`YYYY-MM` of the entry's local date). */
export const memberMonths = sqliteTable(
  "member_months",
  {
    guildId: text("guild_id").notNull(),
    month: text("month").notNull(),
    userId: text("user_id").notNull(),
    ...scores(),
  },
  (t) => [
    primaryKey({ columns: [t.guildId, t.month, t.userId] }),
    index("member_months_minutes_idx").on(t.guildId, t.month, sql`${t.minutes} desc`),
    index("member_months_build_idx").on(t.guildId, t.month, sql`${t.buildMinutes} desc`),
    index("member_months_projects_idx").on(t.guildId, t.month, sql`${t.projects} desc`),
  ],
);

/**
 * All time per member, with streak state. `last_day` is the member's latest
 * local day with live hours, `last_run` the length of the run of consecutive
 * days ending there and `longest_run` the longest run. `current_until` is the
 * instant (ms) the run stops being current: the start of `last_day + 2` in the
 * member's zone (their own, else the guild's), so "current streak" is
 * `current_until > now` — one indexed comparison, no per-member zone work at
 * read time. It changes when the member or the guild changes time zone.
 */
export const memberTotals = sqliteTable(
  "member_totals",
  {
    guildId: text("guild_id").notNull(),
    userId: text("user_id").notNull(),
    ...scores(),
    /** live hours entries, for milestones */
    hoursEntries: integer("hours_entries").notNull().default(0),
    lastDay: text("last_day"),
    lastRun: integer("last_run").notNull().default(0),
    longestRun: integer("longest_run").notNull().default(0),
    currentUntil: integer("current_until").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.guildId, t.userId] }),
    index("member_totals_minutes_idx").on(t.guildId, sql`${t.minutes} desc`),
    index("member_totals_build_idx").on(t.guildId, sql`${t.buildMinutes} desc`),
    index("member_totals_projects_idx").on(t.guildId, sql`${t.projects} desc`),
    // streak board: the top walks runs longest first, skipping runs no longer current
    // (participants and ranks come from streak_counts)
    index("member_totals_streak_idx").on(t.guildId, sql`${t.lastRun} desc`, t.currentUntil),
    // quiet members in the weekly check-in; zone refresh after a guild's time zone changes
    index("member_totals_last_day_idx").on(t.guildId, t.lastDay),
  ],
);

/**
 * Per guild per Monday–Sunday week: the sums of that week's `member_weeks` rows
 * (`members` = how many rows, i.e. members active that week) and how many of
 * those members checked in for the week. The weekly check-in post's group
 * totals and the weekly leaderboard post's count of shipped projects are one
 * row here instead of an aggregate over every active member of a big guild.
 * Kept by triggers on `member_weeks` and `checkins` (src/totals/guild-triggers.ts).
 */
export const guildWeeks = sqliteTable(
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

/** Per guild: members with a live entry at all (the rows of `member_totals`). */
export const guildTotals = sqliteTable("guild_totals", {
  guildId: text("guild_id").primaryKey(),
  members: integer("members").notNull(),
});

/**
 * How many members score above 0 on each board: `scope` is `*` (all time),
 * `YYYY-MM` (a month) or `YYYY-MM-DD` (the Monday of a week); `metric` is
 * `hours`, `build` or `projects`. Kept so "N members on the board" is one row,
 * not a count over 100,000 index entries.
 */
export const boardSizes = sqliteTable(
  "board_sizes",
  {
    guildId: text("guild_id").notNull(),
    scope: text("scope").notNull(),
    metric: text("metric").notNull(),
    members: integer("members").notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.scope, t.metric] })],
);

/**
 * Members per (guild, `current_until`, `last_run`) of `member_totals`: the
 * streak board's participant count and a caller's rank are sums over the few
 * rows with `current_until > now` (a handful of instants: recent days × zones)
 * instead of counts over every member whose streak is current.
 */
export const streakCounts = sqliteTable(
  "streak_counts",
  {
    guildId: text("guild_id").notNull(),
    currentUntil: integer("current_until").notNull(),
    lastRun: integer("last_run").notNull(),
    members: integer("members").notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.currentUntil, t.lastRun] })],
);

/** Which version of the derived tables the database holds; backfilled at start when behind. */
export const derivedMeta = sqliteTable("derived_meta", {
  name: text("name").primaryKey(),
  version: integer("version").notNull(),
});

/**
 * The scheduler's next look at a guild (ms): the tick reads only guilds whose
 * `due_at` has come, instead of evaluating every guild's settings each minute.
 * A trigger resets it to 0 ("look now") whenever the guild's settings change.
 */
export const scheduleNext = sqliteTable(
  "schedule_next",
  {
    guildId: text("guild_id").primaryKey(),
    dueAt: integer("due_at").notNull(),
  },
  (t) => [index("schedule_next_due_idx").on(t.dueAt)],
);
