/**
 * The derived tables recomputed from `entries` on PostgreSQL: the port of
 * src/totals/derive.ts (bulk fill) and src/totals/verify.ts (compare with a
 * recomputation), for `npm run db:copy`'s check and the trigger tests.
 */
import type pg from "pg";
import { DERIVED_TABLES, type DerivedTable, GUILD_TABLES } from "../../totals/derive";
import { pgMondayOf } from "./triggers";

export type PgTarget = (table: DerivedTable) => string;
export const pgMainTables: PgTarget = (t) => t;
export const pgVerifyTables: PgTarget = (t) => `pg_temp.v_${t}`;

const SCORES = "minutes, build_minutes, projects";
const SUMS = "sum(minutes), sum(build_minutes), sum(projects)";

function steps(to: PgTarget): Array<{ table: DerivedTable; sql: string }> {
  const days = to("member_days");
  const boards = ["hours:minutes", "build:build_minutes", "projects:projects"].flatMap((pair) => {
    const [metric, column] = pair.split(":") as [string, string];
    return [
      `select guild_id, week_start, '${metric}', count(*) from ${to("member_weeks")} where ${column} > 0 group by 1, 2`,
      `select guild_id, month, '${metric}', count(*) from ${to("member_months")} where ${column} > 0 group by 1, 2`,
      `select guild_id, '*', '${metric}', count(*) from ${to("member_totals")} where ${column} > 0 group by 1`,
    ];
  });
  return [
    {
      table: "member_days",
      sql: `insert into ${days} (guild_id, user_id, local_date, ${SCORES}, hours_entries)
select guild_id, user_id, local_date,
  coalesce(sum(minutes) filter (where type = 'hours'), 0),
  coalesce(sum(minutes) filter (where type = 'hours' and kind = 'build'), 0),
  count(*) filter (where type = 'project'), count(*) filter (where type = 'hours')
from entries where removed_at is null
group by guild_id, user_id, local_date`,
    },
    {
      table: "member_weeks",
      sql: `insert into ${to("member_weeks")} (guild_id, week_start, user_id, ${SCORES})
select guild_id, ${pgMondayOf("local_date")}, user_id, ${SUMS} from ${days} group by 1, 2, 3`,
    },
    {
      table: "guild_weeks",
      sql: `insert into ${to("guild_weeks")} (guild_id, week_start, members, ${SCORES}, checked_in)
select w.guild_id, w.week_start, count(*), ${SUMS}, count(c.user_id)
from ${to("member_weeks")} w left join checkins c
  on c.guild_id = w.guild_id and c.user_id = w.user_id and c.week_start = w.week_start
group by w.guild_id, w.week_start`,
    },
    {
      table: "member_months",
      sql: `insert into ${to("member_months")} (guild_id, month, user_id, ${SCORES})
select guild_id, substr(local_date, 1, 7), user_id, ${SUMS} from ${days} group by 1, 2, 3`,
    },
    {
      table: "member_totals",
      sql: `insert into ${to("member_totals")} (guild_id, user_id, ${SCORES}, hours_entries, last_day, last_run, longest_run, current_until)
with sums as (
  select guild_id, user_id, sum(minutes) as minutes, sum(build_minutes) as build_minutes,
    sum(projects) as projects, sum(hours_entries) as hours_entries
  from ${days} group by guild_id, user_id
), islands as (
  select guild_id, user_id, max(local_date) as last_day, count(*) as len from (
    select guild_id, user_id, local_date,
      local_date::date - (row_number() over (partition by guild_id, user_id order by local_date))::integer as island
    from ${days} where minutes > 0
  ) d group by guild_id, user_id, island
), runs as (
  select distinct on (guild_id, user_id) guild_id, user_id, last_day, len as last_run
  from islands order by guild_id, user_id, last_day desc
), longest as (
  select guild_id, user_id, max(len) as longest_run from islands group by guild_id, user_id
)
select s.guild_id, s.user_id, s.minutes, s.build_minutes, s.projects, s.hours_entries,
  r.last_day, coalesce(r.last_run, 0), coalesce(l.longest_run, 0),
  shiplog_current_until(r.last_day, coalesce(
    (select m.timezone from members m where m.guild_id = s.guild_id and m.user_id = s.user_id),
    (select g.timezone from guilds g where g.id = s.guild_id), 'UTC'))
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
      sql: `insert into ${to("board_sizes")} (guild_id, scope, metric, members)\n${boards.join("\nunion all\n")}`,
    },
  ];
}

/** Empties the target tables and fills them from `entries` (call inside a transaction). */
export async function pgDeriveAll(client: pg.ClientBase, to: PgTarget = pgMainTables): Promise<void> {
  for (const table of DERIVED_TABLES) await client.query(`delete from ${to(table)}`);
  for (const step of steps(to)) {
    // triggers on member_totals and member_weeks may have counted already: start these tables afresh
    if (step.table === "streak_counts" || (GUILD_TABLES as readonly string[]).includes(step.table))
      await client.query(`delete from ${to(step.table)}`);
    await client.query(step.sql);
  }
}

export interface PgVerifyReport {
  ok: boolean;
  /** rows that differ per table (both sides) */
  counts: Record<DerivedTable, number>;
  differences: Array<{ table: DerivedTable; side: "stored" | "expected"; row: Record<string, unknown> }>;
}

/** Recomputes every derived table into temporary tables and lists the rows that differ. */
export async function verifyPgDerived(client: pg.ClientBase, limit = 10): Promise<PgVerifyReport> {
  const counts = Object.fromEntries(DERIVED_TABLES.map((t) => [t, 0])) as Record<DerivedTable, number>;
  const differences: PgVerifyReport["differences"] = [];
  for (const t of DERIVED_TABLES) {
    await client.query(`drop table if exists ${pgVerifyTables(t)}`);
    await client.query(`create temp table v_${t} (like ${t})`);
  }
  await pgDeriveAll(client, pgVerifyTables);
  for (const t of DERIVED_TABLES) {
    for (const [side, a, b] of [
      ["stored", t, pgVerifyTables(t)],
      ["expected", pgVerifyTables(t), t],
    ] as const) {
      const diff = `select * from ${a} except all select * from ${b}`;
      const { rows } = await client.query<{ n: string }>(`select count(*) as n from (${diff}) d`);
      counts[t] += Number(rows[0]?.n ?? 0);
      const sample = await client.query(`${diff} limit ${limit}`);
      for (const row of sample.rows) differences.push({ table: t, side, row });
    }
  }
  for (const t of DERIVED_TABLES) await client.query(`drop table ${pgVerifyTables(t)}`);
  return { ok: differences.length === 0, counts, differences };
}
