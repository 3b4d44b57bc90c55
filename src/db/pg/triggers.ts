/**
 * The PostgreSQL counterparts of src/totals/triggers.ts (derived totals) and
 * src/scheduler/schedule-triggers.ts (`schedule_next`): the same upkeep as
 * plpgsql functions and row triggers, so any write to `entries`, `members`,
 * `guilds` or `cohorts` — from the bot, a later tool or raw SQL — keeps the
 * derived tables equal to a recomputation (./derive.ts). Installed like the
 * SQLite ones: replaced as a whole by `installPgTriggers`, dropped for a bulk
 * load (`npm run db:copy`) by `dropPgTriggers`.
 *
 * `shiplog_current_until` is the SQL twin of src/totals/streaks.ts's
 * `currentUntil` (SQLite gets it from JS): the start of `last_day + 2` in the
 * zone. PostgreSQL reads an ambiguous wall time (fall-back) as the later
 * instant and JS as the first, so the function looks for an earlier one.
 */
import type pg from "pg";
import { PG_GUILD_TRIGGERS, type PgTrigger } from "./guild-triggers";

const CURRENT_UNTIL = `create or replace function shiplog_current_until(last_day text, zone text) returns bigint
language plpgsql stable as $$
declare
  wall timestamp;
  t timestamptz;
  earlier timestamptz;
  shift interval;
begin
  if last_day is null then return 0; end if;
  wall := (last_day::date + 2)::timestamp;
  t := wall at time zone coalesce(zone, 'UTC');
  foreach shift in array array[interval '2 hours', interval '1 hour', interval '30 minutes'] loop
    earlier := t - shift;
    if (earlier at time zone coalesce(zone, 'UTC')) = wall then t := earlier; exit; end if;
  end loop;
  return (extract(epoch from t) * 1000)::bigint;
end $$`;

/** Monday of a `YYYY-MM-DD` text expression, as text. */
export const pgMondayOf = (d: string) => `to_char(date_trunc('week', (${d})::date), 'YYYY-MM-DD')`;

/** The zone of a member: their own, else their guild's, else UTC. */
const zoneOf = (g: string, u: string) =>
  `coalesce((select timezone from members where guild_id = ${g} and user_id = ${u}), (select timezone from guilds where id = ${g}), 'UTC')`;

const ADD = `minutes = t.minutes + excluded.minutes, build_minutes = t.build_minutes + excluded.build_minutes, projects = t.projects + excluded.projects`;

/** One period table's upsert, its board sizes, and the removal of a row that fell to nothing. */
function period(
  table: string,
  keys: string,
  values: string,
  scope: string,
  where: string,
  totals: boolean,
): string {
  const h = totals ? ", hours_entries" : "";
  return `
  insert into ${table} as t (${keys}, minutes, build_minutes, projects${h})
    values (${values}, v_m, v_b, v_p${totals ? ", v_h" : ""})
    on conflict (${keys}) do update set ${ADD}${totals ? ", hours_entries = t.hours_entries + excluded.hours_entries" : ""};
  insert into board_sizes as s (guild_id, scope, metric, members)
    select r.guild_id, ${scope}, x.metric, x.delta from (
      select 'hours' as metric, case when minutes > 0 then 1 else -1 end as delta, (minutes > 0) <> (minutes - v_m > 0) as crossed from ${table} where ${where}
      union all select 'build', case when build_minutes > 0 then 1 else -1 end, (build_minutes > 0) <> (build_minutes - v_b > 0) from ${table} where ${where}
      union all select 'projects', case when projects > 0 then 1 else -1 end, (projects > 0) <> (projects - v_p > 0) from ${table} where ${where}) x
    where x.crossed
    on conflict (guild_id, scope, metric) do update set members = s.members + excluded.members;
  delete from board_sizes where guild_id = r.guild_id and scope = ${scope} and members = 0;
  ${totals ? "" : `delete from ${table} where ${where} and minutes = 0 and projects = 0;`}`;
}

const APPLY_ENTRY = `create or replace function shiplog_apply_entry(r entries, sign integer) returns void
language plpgsql as $$
declare
  v_m integer := (case when r.type = 'hours' then r.minutes else 0 end) * sign;
  v_b integer := (case when r.type = 'hours' and r.kind = 'build' then r.minutes else 0 end) * sign;
  v_p integer := (case when r.type = 'project' then 1 else 0 end) * sign;
  v_h integer := (case when r.type = 'hours' then 1 else 0 end) * sign;
  v_week text := ${pgMondayOf("r.local_date")};
  v_month text := substr(r.local_date, 1, 7);
  v_crossed boolean;
  v_extends boolean;
  v_last text;
  v_len integer;
  v_longest integer;
begin
  insert into member_days as t (guild_id, user_id, local_date, minutes, build_minutes, projects, hours_entries)
    values (r.guild_id, r.user_id, r.local_date, v_m, v_b, v_p, v_h)
    on conflict (guild_id, user_id, local_date) do update set ${ADD}, hours_entries = t.hours_entries + excluded.hours_entries;
${period("member_weeks", "guild_id, week_start, user_id", "r.guild_id, v_week, r.user_id", "v_week", "guild_id = r.guild_id and week_start = v_week and user_id = r.user_id", false)}
${period("member_months", "guild_id, month, user_id", "r.guild_id, v_month, r.user_id", "v_month", "guild_id = r.guild_id and month = v_month and user_id = r.user_id", false)}
${period("member_totals", "guild_id, user_id", "r.guild_id, r.user_id", "'*'", "guild_id = r.guild_id and user_id = r.user_id", true)}
  -- the day gained its first live hours (sign 1) or lost its last (sign -1): streak state changes
  v_crossed := r.type = 'hours' and coalesce((select minutes from member_days
    where guild_id = r.guild_id and user_id = r.user_id and local_date = r.local_date), 0)
    = (case when sign = 1 then r.minutes else 0 end);
  if v_crossed then
    select (t.last_day is null or r.local_date > t.last_day) into v_extends
      from member_totals t where t.guild_id = r.guild_id and t.user_id = r.user_id;
    if sign = 1 and v_extends then
      -- a new latest day extends the latest run (the day after it) or starts one
      update member_totals set
        last_run = case when r.local_date::date - last_day::date = 1 then last_run + 1 else 1 end,
        longest_run = greatest(longest_run, case when r.local_date::date - last_day::date = 1 then last_run + 1 else 1 end),
        last_day = r.local_date
      where guild_id = r.guild_id and user_id = r.user_id;
    else
      -- anything else: recount the member's runs from their days (date - row_number is constant along a run)
      select max(last_day), max(len) filter (where last_day = latest), max(len) into v_last, v_len, v_longest from (
        select last_day, len, max(last_day) over () as latest from (
          select max(local_date) as last_day, count(*)::integer as len from (
            select local_date, local_date::date - (row_number() over (order by local_date))::integer as island
            from member_days where guild_id = r.guild_id and user_id = r.user_id and minutes > 0) d
          group by island) i) runs;
      update member_totals set last_day = v_last, last_run = coalesce(v_len, 0), longest_run = coalesce(v_longest, 0)
        where guild_id = r.guild_id and user_id = r.user_id;
    end if;
    update member_totals set current_until = shiplog_current_until(last_day, ${zoneOf("r.guild_id", "r.user_id")})
      where guild_id = r.guild_id and user_id = r.user_id;
  end if;
  delete from member_days where guild_id = r.guild_id and user_id = r.user_id and local_date = r.local_date
    and minutes = 0 and projects = 0;
  delete from member_totals where guild_id = r.guild_id and user_id = r.user_id and minutes = 0 and projects = 0;
end $$`;

const CHANGED = ["type", "minutes", "kind", "local_date", "guild_id", "user_id"]
  .map((c) => `new.${c} is distinct from old.${c}`)
  .join(" or ");

const rezone = (where: string, zone: string) =>
  `update member_totals set current_until = shiplog_current_until(last_day, ${zone}) where ${where} and last_day is not null;`;
const memberZone = (g: string) =>
  `coalesce((select timezone from members m where m.guild_id = member_totals.guild_id and m.user_id = member_totals.user_id), ${g}, 'UTC')`;

const countStreak = (r: "new" | "old", sign: 1 | -1) =>
  sign === 1
    ? `insert into streak_counts as s (guild_id, current_until, last_run, members)
    select new.guild_id, new.current_until, new.last_run, 1 where new.current_until > 0
    on conflict (guild_id, current_until, last_run) do update set members = s.members + 1;`
    : `update streak_counts set members = members - 1
    where guild_id = ${r}.guild_id and current_until = ${r}.current_until and last_run = ${r}.last_run;
  delete from streak_counts
    where guild_id = ${r}.guild_id and current_until = ${r}.current_until and last_run = ${r}.last_run and members <= 0;`;

const lookNow = (g: string) =>
  `insert into schedule_next as n (guild_id, due_at) values (${g}, 0) on conflict (guild_id) do update set due_at = 0;`;

/** Name → trigger; each gets a plpgsql function of the same name. */
export const PG_TRIGGERS: Record<string, PgTrigger> = {
  derived_entry_insert: {
    on: "after insert on entries",
    when: "new.removed_at is null",
    body: "perform shiplog_apply_entry(new, 1);",
  },
  derived_entry_delete: {
    on: "after delete on entries",
    when: "old.removed_at is null",
    body: "perform shiplog_apply_entry(old, -1);",
  },
  // SQLite's leave and join triggers, as one: old leaves before new joins
  derived_entry_update: {
    on: "after update on entries",
    body: `if old.removed_at is null and (new.removed_at is not null or ${CHANGED}) then perform shiplog_apply_entry(old, -1); end if;
  if new.removed_at is null and (old.removed_at is not null or ${CHANGED}) then perform shiplog_apply_entry(new, 1); end if;`,
  },
  derived_streak_insert: { on: "after insert on member_totals", body: countStreak("new", 1) },
  derived_streak_delete: { on: "after delete on member_totals", body: countStreak("old", -1) },
  derived_streak_update: {
    on: "after update of current_until, last_run on member_totals",
    when: "old.current_until is distinct from new.current_until or old.last_run is distinct from new.last_run",
    body: `${countStreak("old", -1)}\n  ${countStreak("new", 1)}`,
  },
  derived_member_insert: {
    on: "after insert on members",
    body: rezone("guild_id = new.guild_id and user_id = new.user_id", zoneOf("new.guild_id", "new.user_id")),
  },
  derived_member_zone: {
    on: "after update of timezone on members",
    body: rezone("guild_id = new.guild_id and user_id = new.user_id", zoneOf("new.guild_id", "new.user_id")),
  },
  derived_member_delete: {
    on: "after delete on members",
    body: rezone("guild_id = old.guild_id and user_id = old.user_id", zoneOf("old.guild_id", "old.user_id")),
  },
  derived_guild_insert: {
    on: "after insert on guilds",
    body: rezone("guild_id = new.id", memberZone("new.timezone")),
  },
  derived_guild_zone: {
    on: "after update of timezone on guilds",
    body: rezone("guild_id = new.id", memberZone("new.timezone")),
  },
  derived_guild_delete: {
    on: "after delete on guilds",
    body: rezone("guild_id = old.id", memberZone("null")),
  },
  schedule_guild_insert: { on: "after insert on guilds", body: lookNow("new.id") },
  schedule_guild_update: { on: "after update on guilds", body: lookNow("new.id") },
  schedule_guild_delete: {
    on: "after delete on guilds",
    body: "delete from schedule_next where guild_id = old.id;",
  },
  schedule_cohort_insert: { on: "after insert on cohorts", body: lookNow("new.guild_id") },
  schedule_cohort_update: { on: "after update on cohorts", body: lookNow("new.guild_id") },
  schedule_cohort_delete: { on: "after delete on cohorts", body: lookNow("old.guild_id") },
  ...PG_GUILD_TRIGGERS,
};

const table = (t: PgTrigger) => t.on.split(" on ")[1] as string;

export async function dropPgTriggers(client: pg.ClientBase): Promise<void> {
  for (const [name, t] of Object.entries(PG_TRIGGERS)) {
    await client.query(`drop trigger if exists ${name} on ${table(t)}`);
  }
}

/**
 * Replaces the functions and triggers with the current definitions (call it
 * inside a transaction: they go together or not at all).
 */
export async function installPgTriggers(client: pg.ClientBase): Promise<void> {
  await client.query(CURRENT_UNTIL);
  await client.query(APPLY_ENTRY);
  await dropPgTriggers(client);
  for (const [name, t] of Object.entries(PG_TRIGGERS)) {
    await client.query(`create or replace function ${name}() returns trigger language plpgsql as $$
begin
  ${t.body}
  return null;
end $$`);
    await client.query(
      `create trigger ${name} ${t.on} for each row ${t.when ? `when (${t.when}) ` : ""}execute function ${name}()`,
    );
  }
}
