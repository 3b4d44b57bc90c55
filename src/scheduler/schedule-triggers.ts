/**
 * The scheduler's next look at each guild (`schedule_next`, see ./next-due.ts)
 * goes back to 0 ("look now") whenever what decides its posts changes: its
 * settings or its cohorts. Installed with the derived-table triggers at start.
 */
import type Database from "better-sqlite3";

/** Triggers that send a guild back to "look now" when what decides its posts changes. */
export const SCHEDULE_TRIGGERS: Record<string, string> = {
  schedule_guild_insert:
    "after insert on guilds begin insert or replace into schedule_next values (new.id, 0); end",
  schedule_guild_update:
    "after update on guilds begin insert or replace into schedule_next values (new.id, 0); end",
  schedule_guild_delete:
    "after delete on guilds begin delete from schedule_next where guild_id = old.id; end",
  schedule_cohort_insert:
    "after insert on cohorts begin insert or replace into schedule_next values (new.guild_id, 0); end",
  schedule_cohort_update:
    "after update on cohorts begin insert or replace into schedule_next values (new.guild_id, 0); end",
  schedule_cohort_delete:
    "after delete on cohorts begin insert or replace into schedule_next values (old.guild_id, 0); end",
};

/** Every guild has a row; a database from before this table gets "look now" for all. */
export function backfillScheduleNext(sqlite: Database.Database): void {
  sqlite.exec("insert or ignore into schedule_next (guild_id, due_at) select id, 0 from guilds");
}
