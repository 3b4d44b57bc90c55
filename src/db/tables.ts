/**
 * The tables domain code queries, for the engine this process runs on. They
 * are live bindings: SQLite's tables (src/db/schema*.ts) until `useDialect("pg")`
 * swaps every one for its PostgreSQL twin (src/db/pg/schema*.ts). The twins
 * have the same columns and JS types (test/db/schema-equivalence.test.ts), so
 * they are typed as the SQLite ones and drizzle builds each query for the
 * table it is given. One process runs one dialect: the opener of the store
 * (openStore, openPgStore) picks it before any query. Tools that need both
 * at once (db:copy, the engines bench) import the schema modules directly.
 *
 * Constants and types of the schema are re-exported from here too, so domain
 * code imports from this module only.
 */
import * as pgMain from "./pg/schema";
import * as pgAnnouncements from "./pg/schema-announcements";
import * as pgReach from "./pg/schema-reach";
import * as pgTotals from "./pg/schema-totals";
import * as sqliteMain from "./schema";
import * as sqliteAnnouncements from "./schema-announcements";
import * as sqliteReach from "./schema-reach";
import * as sqliteTotals from "./schema-totals";

export { ENTRY_TYPES, HOURS_KINDS, instant, POST_STATUSES, SCHEDULE_OUTCOMES } from "./schema";
export { REMINDER_KINDS, REMINDER_SEND_STATUSES, type ReminderKind } from "./schema-reach";

export type Dialect = "sqlite" | "pg";

const sqlite = { ...sqliteMain, ...sqliteTotals, ...sqliteAnnouncements, ...sqliteReach };
const pg = { ...pgMain, ...pgTotals, ...pgAnnouncements, ...pgReach };

export let guilds = sqlite.guilds;
export let members = sqlite.members;
export let stackHistory = sqlite.stackHistory;
export let guildStacks = sqlite.guildStacks;
export let entries = sqlite.entries;
export let registeredCommands = sqlite.registeredCommands;
export let checkins = sqlite.checkins;
export let dailyPrompts = sqlite.dailyPrompts;
export let posts = sqlite.posts;
export let scheduleState = sqlite.scheduleState;
export let cohorts = sqlite.cohorts;
export let cohortMembers = sqlite.cohortMembers;
export let celebratedMilestones = sqlite.celebratedMilestones;
export let secrets = sqlite.secrets;
export let memberDays = sqlite.memberDays;
export let memberWeeks = sqlite.memberWeeks;
export let memberMonths = sqlite.memberMonths;
export let memberTotals = sqlite.memberTotals;
export let guildWeeks = sqlite.guildWeeks;
export let guildTotals = sqlite.guildTotals;
export let boardSizes = sqlite.boardSizes;
export let streakCounts = sqlite.streakCounts;
export let derivedMeta = sqlite.derivedMeta;
export let scheduleNext = sqlite.scheduleNext;
export let announcements = sqlite.announcements;
export let stackRoles = sqlite.stackRoles;
export let roleProblems = sqlite.roleProblems;
export let reminders = sqlite.reminders;
export let reminderSends = sqlite.reminderSends;

let current: Dialect = "sqlite";

/** The dialect this process's tables are for. */
export function dialect(): Dialect {
  return current;
}

/** Points every table at `to`'s schema (the store opener calls it; one dialect per process). */
export function useDialect(to: Dialect): void {
  if (to === current) return;
  const t = (to === "pg" ? pg : sqlite) as unknown as typeof sqlite;
  guilds = t.guilds;
  members = t.members;
  stackHistory = t.stackHistory;
  guildStacks = t.guildStacks;
  entries = t.entries;
  registeredCommands = t.registeredCommands;
  checkins = t.checkins;
  dailyPrompts = t.dailyPrompts;
  posts = t.posts;
  scheduleState = t.scheduleState;
  cohorts = t.cohorts;
  cohortMembers = t.cohortMembers;
  celebratedMilestones = t.celebratedMilestones;
  secrets = t.secrets;
  memberDays = t.memberDays;
  memberWeeks = t.memberWeeks;
  memberMonths = t.memberMonths;
  memberTotals = t.memberTotals;
  guildWeeks = t.guildWeeks;
  guildTotals = t.guildTotals;
  boardSizes = t.boardSizes;
  streakCounts = t.streakCounts;
  derivedMeta = t.derivedMeta;
  scheduleNext = t.scheduleNext;
  announcements = t.announcements;
  stackRoles = t.stackRoles;
  roleProblems = t.roleProblems;
  reminders = t.reminders;
  reminderSends = t.reminderSends;
  current = to;
}
