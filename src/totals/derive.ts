/**
 * Fills the derived tables from `entries` in bulk: one `INSERT … SELECT … GROUP BY`
 * per table, then streak state by gaps and islands, then each run's
 * `current_until` per distinct (zone, last day). Used to backfill an existing
 * database (`ensureDerived`, at start), by the seeder, and — into temporary
 * tables — by `verifyDerived` to recompute everything for comparison.
 */
import type Database from "better-sqlite3";
import type { Logger } from "../log";
import { GUILD_TRIGGERS } from "./guild-triggers";
import { CURRENT_UNTIL_FN, mondayOf } from "./triggers";

/** Bump when the derived tables' meaning changes: the next start rebuilds them. */
export const DERIVED_VERSION = 1;
/**
 * The per-guild tables came after version 1: a database at version 1 without
 * them gets just these filled (two grouped scans of per-member tables), not the
 * whole rebuild a `DERIVED_VERSION` bump costs (minutes at 10M entries).
 */
export const GUILD_TABLES_VERSION = 1;
export const GUILD_TABLES = ["guild_weeks", "guild_totals"] as const;

export const DERIVED_TABLES = [
  "member_days",
  "member_weeks",
  "member_months",
  "member_totals",
  "board_sizes",
  "streak_counts",
  ...GUILD_TABLES,
] as const;
export type DerivedTable = (typeof DERIVED_TABLES)[number];

/** Where to write: the real tables, or `temp.v_*` copies for verification. */
export type Target = (table: DerivedTable) => string;
export const mainTables: Target = (t) => `main.${t}`;
export const verifyTables: Target = (t) => `temp.v_${t}`;

const SCORES = "minutes, build_minutes, projects";
const SUMS = "sum(minutes), sum(build_minutes), sum(projects)";

function steps(to: Target): Array<{ table: DerivedTable; sql: string }> {
  const monday = mondayOf("local_date");
  const days = to("member_days");
  return [
    {
      table: "member_days",
      sql: `insert into ${days} (guild_id, user_id, local_date, ${SCORES}, hours_entries)
select guild_id, user_id, local_date,
  coalesce(sum(case when type = 'hours' then minutes end), 0),
  coalesce(sum(case when type = 'hours' and kind = 'build' then minutes end), 0),
  sum(type = 'project'), sum(type = 'hours')
from main.entries where removed_at is null
group by guild_id, user_id, local_date`,
    },
    {
      table: "member_weeks",
      sql: `insert into ${to("member_weeks")} (guild_id, week_start, user_id, ${SCORES})
select guild_id, ${monday}, user_id, ${SUMS} from ${days} group by 1, 2, 3`,
    },
    {
      table: "guild_weeks",
      sql: `insert into ${to("guild_weeks")} (guild_id, week_start, members, ${SCORES}, checked_in)
select w.guild_id, w.week_start, count(*), ${SUMS}, count(c.user_id)
from ${to("member_weeks")} w left join main.checkins c
  on c.guild_id = w.guild_id and c.user_id = w.user_id and c.week_start = w.week_start
group by w.guild_id, w.week_start`,
    },
    {
      table: "member_months",
      sql: `insert into ${to("member_months")} (guild_id, month, user_id, ${SCORES})
select guild_id, substr(local_date, 1, 7), user_id, ${SUMS} from ${days} group by 1, 2, 3`,
    },
    {
      // Runs: within one member, julianday(day) - row_number() is constant along
      // consecutive days (an "island"); the latest island and the longest win.
      table: "member_totals",
      sql: `insert into ${to("member_totals")} (guild_id, user_id, ${SCORES}, hours_entries, last_day, last_run, longest_run, current_until)
with sums as (
  select guild_id, user_id, sum(minutes) as minutes, sum(build_minutes) as build_minutes,
    sum(projects) as projects, sum(hours_entries) as hours_entries
  from ${days} group by guild_id, user_id
), islands as (
  select guild_id, user_id, max(local_date) as last_day, count(*) as len from (
    select guild_id, user_id, local_date,
      julianday(local_date) - row_number() over (partition by guild_id, user_id order by local_date) as island
    from ${days} where minutes > 0
  ) group by guild_id, user_id, island
), runs as (
  -- a bare column next to max() comes from the row holding the max: the latest island's length
  select guild_id, user_id, max(last_day) as last_day, len as last_run from islands group by guild_id, user_id
), longest as (
  select guild_id, user_id, max(len) as longest_run from islands group by guild_id, user_id
)
select s.guild_id, s.user_id, s.minutes, s.build_minutes, s.projects, s.hours_entries,
  r.last_day, coalesce(r.last_run, 0), coalesce(l.longest_run, 0), 0
from sums s left join runs r on r.guild_id = s.guild_id and r.user_id = s.user_id
left join longest l on l.guild_id = s.guild_id and l.user_id = s.user_id`,
    },
    {
      table: "guild_totals",
      sql: `insert into ${to("guild_totals")} (guild_id, members)
select guild_id, count(*) from ${to("member_totals")} group by guild_id`,
    },
    {
      table: "streak_counts",
      sql: `insert into ${to("streak_counts")} (guild_id, current_until, last_run, members)
select guild_id, current_until, last_run, count(*) from ${to("member_totals")} where current_until > 0 group by 1, 2, 3`,
    },
    {
      table: "board_sizes",
      sql: ["hours:minutes", "build:build_minutes", "projects:projects"]
        .flatMap((pair) => {
          const [metric, column] = pair.split(":") as [string, string];
          return [
            `select guild_id, week_start, '${metric}', count(*) from ${to("member_weeks")} where ${column} > 0 group by 1, 2`,
            `select guild_id, month, '${metric}', count(*) from ${to("member_months")} where ${column} > 0 group by 1, 2`,
            `select guild_id, '*', '${metric}', count(*) from ${to("member_totals")} where ${column} > 0 group by 1`,
          ];
        })
        .join("\nunion all\n")
        .replace(/^/, `insert into ${to("board_sizes")} (guild_id, scope, metric, members)\n`),
    },
  ];
}

/** Sets `current_until` for every run (the zone function is memoised per zone and day). */
function fillCurrentUntil(sqlite: Database.Database, to: Target): void {
  sqlite.exec(`update ${to("member_totals")} as t set current_until = ${CURRENT_UNTIL_FN}(t.last_day, coalesce(
  (select m.timezone from main.members m where m.guild_id = t.guild_id and m.user_id = t.user_id),
  (select g.timezone from main.guilds g where g.id = t.guild_id), 'UTC'))
where t.last_day is not null`);
}

/**
 * Empties the target tables (all, or `tables`) and fills them from `entries`
 * (a partial fill reads the per-member tables it builds on); `log` gets a line
 * per table. Runs on the raw connection (call it inside a transaction). On the
 * real tables the per-guild triggers are off meanwhile: they would otherwise
 * upsert a guild row for every per-member row deleted and inserted.
 */
export function deriveAll(
  sqlite: Database.Database,
  to: Target = mainTables,
  log?: Logger,
  tables: readonly DerivedTable[] = DERIVED_TABLES,
): void {
  const paused = to === mainTables ? pauseTriggers(sqlite, GUILD_TRIGGERS) : () => {};
  for (const table of tables) sqlite.exec(`delete from ${to(table)}`);
  for (const step of steps(to).filter((s) => tables.includes(s.table))) {
    const started = performance.now();
    // Triggers on member_totals (and member_weeks, when not paused) may have counted already.
    if (step.table === "streak_counts" || (GUILD_TABLES as readonly string[]).includes(step.table))
      sqlite.exec(`delete from ${to(step.table)}`);
    const { changes } = sqlite.prepare(step.sql).run();
    if (step.table === "member_totals") fillCurrentUntil(sqlite, to);
    log?.info("derived table filled", {
      table: step.table,
      rows: changes,
      ms: Math.round(performance.now() - started),
    });
  }
  paused();
}

/** Drops those of `triggers` that are installed; the returned function puts them back. */
function pauseTriggers(sqlite: Database.Database, triggers: Record<string, string>): () => void {
  const installed = Object.keys(triggers).filter((name) =>
    sqlite.prepare("select 1 from sqlite_master where type = 'trigger' and name = ?").get(name),
  );
  for (const name of installed) sqlite.exec(`drop trigger ${name}`);
  return () => {
    for (const name of installed) sqlite.exec(`create trigger ${name} ${triggers[name]}`);
  };
}

/**
 * Brings the derived tables up to `DERIVED_VERSION`: a database from before them
 * (or from an older version) is backfilled in one transaction, with a log line
 * per table. A database at the version but without the per-guild tables gets
 * only those. A database already current costs two reads.
 */
export function ensureDerived(sqlite: Database.Database, log?: Logger): boolean {
  const versionOf = (name: string) =>
    sqlite.prepare("select version from derived_meta where name = ?").pluck().get(name) as number | undefined;
  const mark = (name: string, version: number) =>
    sqlite
      .prepare(
        "insert into derived_meta (name, version) values (?, ?) on conflict do update set version = excluded.version",
      )
      .run(name, version);
  const current = (name: string, version: number) => versionOf(name) === version;
  if (current("totals", DERIVED_VERSION) && current("guild_tables", GUILD_TABLES_VERSION)) return false;
  // IMMEDIATE and checked again inside: of shards starting together, one backfills.
  return sqlite
    .transaction(() => {
      const version = versionOf("totals");
      if (version === DERIVED_VERSION) {
        const guilds = versionOf("guild_tables");
        if (guilds === GUILD_TABLES_VERSION) return false;
        log?.info("backfilling per-guild totals", {
          from_version: guilds ?? 0,
          to_version: GUILD_TABLES_VERSION,
        });
        deriveAll(sqlite, mainTables, log, GUILD_TABLES);
        mark("guild_tables", GUILD_TABLES_VERSION);
        return true;
      }
      log?.info("backfilling derived totals", { from_version: version ?? 0, to_version: DERIVED_VERSION });
      deriveAll(sqlite, mainTables, log);
      mark("totals", DERIVED_VERSION);
      mark("guild_tables", GUILD_TABLES_VERSION);
      return true;
    })
    .immediate();
}
