/**
 * Upkeep of the derived tables (src/db/schema-totals.ts) as SQLite triggers, so
 * every write to `entries` — /log hours, /log project, /log undo, /mod remove,
 * /privacy delete, form submissions, a future command, a test inserting rows —
 * changes the totals in the same statement's transaction, with no code path
 * able to forget it. Members' and guilds' time zones move `current_until`.
 *
 * `current_until` needs IANA zone rules, so the triggers call
 * `shiplog_current_until(last_day, zone)`, a function every connection opened by
 * `openStore` registers. The triggers are (re)created at start by
 * `installTriggers`, not by a migration, so the seeder can drop them for a
 * bulk load and derive everything in one pass.
 */
import type Database from "better-sqlite3";
import { GUILD_TRIGGERS } from "./guild-triggers";
import { currentUntil } from "./streaks";

export const CURRENT_UNTIL_FN = "shiplog_current_until";

/** Registers the SQL function the triggers and the bulk derivation call. */
export function registerFunctions(sqlite: Database.Database): void {
  sqlite.function(CURRENT_UNTIL_FN, { deterministic: true }, (lastDay: unknown, zone: unknown) =>
    typeof lastDay === "string" ? currentUntil(lastDay, typeof zone === "string" ? zone : "UTC") : 0,
  );
}

/** Monday of a `YYYY-MM-DD` expression, in SQL. */
export const mondayOf = (d: string) =>
  `date(${d}, '-' || ((cast(strftime('%w', ${d}) as integer) + 6) % 7) || ' days')`;

/** The zone of a member: their own, else their guild's, else UTC. */
const zoneOf = (g: string, u: string) =>
  `coalesce((select timezone from members where guild_id = ${g} and user_id = ${u}), (select timezone from guilds where id = ${g}), 'UTC')`;

/**
 * Latest run and longest run of one member, from their days with hours:
 * julianday(day) - row_number() is constant along consecutive days (an island).
 * One row, or none when the member has no hours left.
 */
const runsOf = (g: string, u: string) => `select last_day, len, max(len) over () as longest from (
    select max(local_date) as last_day, count(*) as len from (
      select local_date, julianday(local_date) - row_number() over (order by local_date) as island
      from member_days where guild_id = ${g} and user_id = ${u} and minutes > 0)
    group by island)
  order by last_day desc limit 1`;

/** The statements that apply one entry row (`new` or `old`) with `sign` to every derived table. */
function applyEntry(r: "new" | "old", sign: 1 | -1): string {
  const g = `${r}.guild_id`;
  const u = `${r}.user_id`;
  const d = `${r}.local_date`;
  const m = `(case when ${r}.type = 'hours' then ${r}.minutes else 0 end) * ${sign}`;
  const b = `(case when ${r}.type = 'hours' and ${r}.kind = 'build' then ${r}.minutes else 0 end) * ${sign}`;
  const p = `(${r}.type = 'project') * ${sign}`;
  const h = `(${r}.type = 'hours') * ${sign}`;
  const add =
    "minutes = minutes + excluded.minutes, build_minutes = build_minutes + excluded.build_minutes, projects = projects + excluded.projects";
  const periods = [
    {
      table: "member_weeks",
      keys: "guild_id, week_start, user_id",
      values: `${g}, ${mondayOf(d)}, ${u}`,
      scope: mondayOf(d),
      where: `guild_id = ${g} and week_start = ${mondayOf(d)} and user_id = ${u}`,
    },
    {
      table: "member_months",
      keys: "guild_id, month, user_id",
      values: `${g}, substr(${d}, 1, 7), ${u}`,
      scope: `substr(${d}, 1, 7)`,
      where: `guild_id = ${g} and month = substr(${d}, 1, 7) and user_id = ${u}`,
    },
    {
      table: "member_totals",
      keys: "guild_id, user_id",
      values: `${g}, ${u}`,
      scope: "'*'",
      where: `guild_id = ${g} and user_id = ${u}`,
    },
  ];
  const dayWhere = `guild_id = ${g} and user_id = ${u} and local_date = ${d}`;
  // The day gained its first live hours (sign 1) or lost its last (sign -1): streak state changes.
  const dayMinutes = `coalesce((select minutes from member_days where ${dayWhere}), 0)`;
  const crossed = `${r}.type = 'hours' and ${dayMinutes} = ${sign === 1 ? `${r}.minutes` : "0"}`;
  const extends_ = `(member_totals.last_day is null or ${d} > member_totals.last_day)`;
  const member = `member_totals.guild_id = ${g} and member_totals.user_id = ${u}`;
  const out: string[] = [
    `insert into member_days (guild_id, user_id, local_date, minutes, build_minutes, projects, hours_entries)
  values (${g}, ${u}, ${d}, ${m}, ${b}, ${p}, ${h})
  on conflict do update set ${add}, hours_entries = hours_entries + excluded.hours_entries`,
  ];
  for (const t of periods) {
    const totals = t.table === "member_totals";
    out.push(
      `insert into ${t.table} (${t.keys}, minutes, build_minutes, projects${totals ? ", hours_entries" : ""})
  values (${t.values}, ${m}, ${b}, ${p}${totals ? `, ${h}` : ""})
  on conflict do update set ${add}${totals ? ", hours_entries = hours_entries + excluded.hours_entries" : ""}`,
      `insert into board_sizes (guild_id, scope, metric, members)
  select ${g}, ${t.scope}, metric, delta from (
    select 'hours' as metric, iif(minutes > 0, 1, -1) as delta, (minutes > 0) <> (minutes - ${m} > 0) as crossed from ${t.table} where ${t.where}
    union all select 'build', iif(build_minutes > 0, 1, -1), (build_minutes > 0) <> (build_minutes - ${b} > 0) from ${t.table} where ${t.where}
    union all select 'projects', iif(projects > 0, 1, -1), (projects > 0) <> (projects - ${p} > 0) from ${t.table} where ${t.where})
  where crossed
  on conflict do update set members = members + excluded.members`,
      `delete from board_sizes where guild_id = ${g} and scope = ${t.scope} and members = 0`,
    );
    if (!totals) out.push(`delete from ${t.table} where ${t.where} and minutes = 0 and projects = 0`);
  }
  out.push(
    // Anything but a new latest day: recount the member's runs from their days.
    `update member_totals set last_day = r.last_day, last_run = coalesce(r.len, 0), longest_run = coalesce(r.longest, 0)
  from (select 1) as one left join (${runsOf(g, u)}) as r
  where ${member} and ${crossed}${sign === 1 ? ` and not ${extends_}` : ""}`,
  );
  if (sign === 1) {
    out.push(
      // A new latest day extends the latest run (the day after it) or starts one.
      `update member_totals set
    last_run = iif(julianday(${d}) - julianday(last_day) = 1, last_run + 1, 1),
    longest_run = max(longest_run, iif(julianday(${d}) - julianday(last_day) = 1, last_run + 1, 1)),
    last_day = ${d}
  where ${member} and ${crossed} and ${extends_}`,
    );
  }
  out.push(
    `update member_totals set current_until = ${CURRENT_UNTIL_FN}(last_day, ${zoneOf(g, u)}) where ${member} and ${crossed}`,
    `delete from member_days where ${dayWhere} and minutes = 0 and projects = 0`,
    `delete from member_totals where ${member} and minutes = 0 and projects = 0`,
  );
  return out.map((s) => `  ${s};`).join("\n");
}

const changed = (a: string, b: string) =>
  ["type", "minutes", "kind", "local_date", "guild_id", "user_id"]
    .map((c) => `${a}.${c} is not ${b}.${c}`)
    .join(" or ");

/** Recomputes `current_until` of the members `where` selects in `member_totals`. */
const rezone = (where: string, zone: string) =>
  `  update member_totals set current_until = ${CURRENT_UNTIL_FN}(last_day, ${zone}) where ${where} and last_day is not null;`;

const memberZone = (g: string) =>
  `coalesce((select timezone from members m where m.guild_id = member_totals.guild_id and m.user_id = member_totals.user_id), ${g}, 'UTC')`;

const countStreak = (r: "new" | "old", sign: 1 | -1) =>
  sign === 1
    ? `  insert into streak_counts (guild_id, current_until, last_run, members)
    select new.guild_id, new.current_until, new.last_run, 1 where new.current_until > 0
    on conflict do update set members = members + 1;`
    : `  update streak_counts set members = members - 1
    where guild_id = ${r}.guild_id and current_until = ${r}.current_until and last_run = ${r}.last_run;
  delete from streak_counts
    where guild_id = ${r}.guild_id and current_until = ${r}.current_until and last_run = ${r}.last_run and members <= 0;`;

export const TRIGGERS: Record<string, string> = {
  derived_entry_insert: `after insert on entries when new.removed_at is null begin\n${applyEntry("new", 1)}\nend`,
  derived_entry_delete: `after delete on entries when old.removed_at is null begin\n${applyEntry("old", -1)}\nend`,
  derived_entry_leave: `after update on entries when old.removed_at is null and (new.removed_at is not null or ${changed("new", "old")}) begin\n${applyEntry("old", -1)}\nend`,
  derived_entry_join: `after update on entries when new.removed_at is null and (old.removed_at is not null or ${changed("new", "old")}) begin\n${applyEntry("new", 1)}\nend`,
  derived_streak_insert: `after insert on member_totals begin\n${countStreak("new", 1)}\nend`,
  derived_streak_delete: `after delete on member_totals begin\n${countStreak("old", -1)}\nend`,
  derived_streak_update: `after update of current_until, last_run on member_totals
  when old.current_until is not new.current_until or old.last_run is not new.last_run begin
${countStreak("old", -1)}
${countStreak("new", 1)}
end`,
  derived_member_insert: `after insert on members begin\n${rezone("guild_id = new.guild_id and user_id = new.user_id", zoneOf("new.guild_id", "new.user_id"))}\nend`,
  derived_member_zone: `after update of timezone on members begin\n${rezone("guild_id = new.guild_id and user_id = new.user_id", zoneOf("new.guild_id", "new.user_id"))}\nend`,
  derived_member_delete: `after delete on members begin\n${rezone("guild_id = old.guild_id and user_id = old.user_id", zoneOf("old.guild_id", "old.user_id"))}\nend`,
  derived_guild_insert: `after insert on guilds begin\n${rezone("guild_id = new.id", memberZone("new.timezone"))}\nend`,
  derived_guild_zone: `after update of timezone on guilds begin\n${rezone("guild_id = new.id", memberZone("new.timezone"))}\nend`,
  derived_guild_delete: `after delete on guilds begin\n${rezone("guild_id = old.id", memberZone("null"))}\nend`,
  ...GUILD_TRIGGERS,
};

export function dropTriggers(sqlite: Database.Database, triggers: Record<string, string> = TRIGGERS): void {
  for (const name of Object.keys(triggers)) sqlite.exec(`drop trigger if exists ${name}`);
}

/** Replaces the triggers with the current definitions (cheap; done at every start). */
export function installTriggers(
  sqlite: Database.Database,
  triggers: Record<string, string> = TRIGGERS,
): void {
  sqlite
    .transaction(() => {
      dropTriggers(sqlite, triggers);
      for (const [name, body] of Object.entries(triggers)) sqlite.exec(`create trigger ${name} ${body}`);
    })
    .immediate();
}
