/**
 * The SQL the bot's hot paths run, as fixed prepared statements over the
 * derived tables (the "floor" of bench/scale.ts), written once and run on
 * both engines (./engine.ts): each leaderboard period × metric, the profile
 * reads, the weekly check-in summary read, and the `/log hours` write path.
 * Each operation returns its answer, so the two engines can be shown to agree
 * before they are timed.
 *
 * Boards order by a plain `score desc`, as the domain code does. PostgreSQL's
 * DESC means NULLS FIRST, so the twin schema's board indexes are declared
 * `DESC NULLS FIRST` (migrations/pg/0002) and the plain form walks them;
 * `order: "nulls last"` keeps the other spelling to show what a mismatch
 * costs (a sort of the whole board). SQLite orders NULLs last under DESC, and
 * the scores are NOT NULL on both, so the answers are the same.
 *
 * This is the SQL floor, not the bot's domain code (which runs on both
 * engines too, src/db/tables.ts). Ties on a board are broken by user id here (the bot
 * breaks them by display name in code), the same on both engines; user ids are
 * equal-length digit strings, so every collation orders them alike.
 */
import { METRICS, type Metric } from "../../src/leaderboards/leaderboard";
import { PERIOD_NAMES, type PeriodName } from "../../src/leaderboards/periods";
import { addDays, weekStart } from "../../src/time/dates";
import { type Engine, one, type Row, scalar, sql, transaction } from "./engine";

export type { PeriodName };

/** What every operation needs to know about the seeded data. */
export interface Scene {
  guildId: string;
  now: Date;
}

export interface BoardAnswer {
  top: Array<[string, number, string | null]>;
  score: number;
  /** 1 + members with a higher score; null when the caller is not on the board */
  rank: number | null;
  participants: number;
}

const COLUMN = { hours: "minutes", build: "build_minutes", projects: "projects" } as const;

const top = (row: Row): [string, number, string | null] => [
  String(row.user_id),
  Number(row.score),
  (row.display_name as string | null) ?? null,
];

/** Top 10 of an inner select (user_id, score) with names, in board order. */
const named = (inner: string) => `select t.user_id, t.score, m.display_name from (${inner}) t
left join members m on m.guild_id = $1 and m.user_id = t.user_id order by t.score desc, t.user_id`;

/** One board's floor: top 10 with names, the caller's score and rank, the participant count. */
export function board(
  scene: Scene,
  period: PeriodName,
  metric: Metric,
  order: "nulls last" | "plain" = "plain",
): (engine: Engine, caller: string) => Promise<BoardAnswer> {
  const id = `${period}_${metric}${order === "plain" ? "" : "_nulls_last"}`;
  const desc = order === "plain" ? "desc" : "desc nulls last";
  const now = scene.now.getTime();
  const g = scene.guildId;
  if (metric === "streak") {
    const best = sql(
      `board_top_${id}`,
      named(
        `select user_id, last_run as score from member_totals where guild_id = $1 and current_until > $2 and last_run > 0 order by last_run ${desc}, user_id limit 10`,
      ),
    );
    const own = sql(
      `board_own_${id}`,
      "select last_run as s from member_totals where guild_id = $1 and user_id = $2 and current_until > $3",
    );
    const above = sql(
      "streak_above",
      "select coalesce(sum(members), 0) as n from streak_counts where guild_id = $1 and current_until > $2 and last_run > $3",
    );
    return async (engine, caller) => {
      const rows = await engine.all(best, [g, now]);
      const score = await scalar(engine, own, [g, caller, now]);
      const rank = score > 0 ? 1 + (await scalar(engine, above, [g, now, score])) : null;
      const participants = await scalar(engine, above, [g, now, 0]);
      return { top: rows.map(top), score, rank, participants };
    };
  }
  const col = COLUMN[metric];
  const day = scene.now.toISOString().slice(0, 10);
  const [table, scope, key] =
    period === "week"
      ? ["member_weeks", "and week_start = $2", weekStart(day)]
      : period === "month"
        ? ["member_months", "and month = $2", day.slice(0, 7)]
        : ["member_totals", "and $2 = '*'", "*"];
  const best = sql(
    `board_top_${id}`,
    named(
      `select user_id, ${col} as score from ${table} where guild_id = $1 ${scope} and ${col} > 0 order by ${col} ${desc}, user_id limit 10`,
    ),
  );
  const own = sql(
    `board_own_${id}`,
    `select ${col} as s from ${table} where guild_id = $1 ${scope} and user_id = $3`,
  );
  const above = sql(
    `board_above_${id}`,
    `select count(*) as n from ${table} where guild_id = $1 ${scope} and ${col} > $3`,
  );
  const size = sql(
    "board_size",
    "select members from board_sizes where guild_id = $1 and scope = $2 and metric = $3",
  );
  return async (engine, caller) => {
    const rows = await engine.all(best, [g, key]);
    const score = await scalar(engine, own, [g, key, caller]);
    const rank = score > 0 ? 1 + (await scalar(engine, above, [g, key, score])) : null;
    const participants = await scalar(engine, size, [g, key, metric]);
    return { top: rows.map(top), score, rank, participants };
  };
}

/** Every board, period by period, in the order the bench runs them. */
export function boards(scene: Scene) {
  return PERIOD_NAMES.flatMap((period) =>
    METRICS.map((metric) => ({
      label: `board ${period} × ${metric}`,
      run: board(scene, period, metric),
    })),
  );
}

const PROFILE = {
  guild: sql("profile_guild", "select timezone, build_target_percent from guilds where id = $1"),
  member: sql(
    "profile_member",
    "select display_name, timezone from members where guild_id = $1 and user_id = $2",
  ),
  totals: sql(
    "profile_totals",
    `select minutes, build_minutes, projects, hours_entries, last_day, last_run, longest_run, current_until
from member_totals where guild_id = $1 and user_id = $2`,
  ),
  week: sql(
    "profile_week",
    "select minutes, build_minutes, projects from member_weeks where guild_id = $1 and week_start = $2 and user_id = $3",
  ),
  projects: sql(
    "profile_projects",
    `select id, name, url from entries where guild_id = $1 and user_id = $2 and type = 'project' and removed_at is null
order by created_at desc, id desc limit 10`,
  ),
  stack: sql(
    "profile_stack",
    "select to_stack, at from stack_history where guild_id = $1 and user_id = $2 order by at desc limit 1",
  ),
};

/** The reads behind /profile: guild, member, all-time totals and streak, this week, latest projects, stack. */
export function profile(scene: Scene): (engine: Engine, caller: string) => Promise<Row[]> {
  const g = scene.guildId;
  const monday = weekStart(scene.now.toISOString().slice(0, 10));
  return async (engine, caller) => [
    ...(await engine.all(PROFILE.guild, [g])),
    ...(await engine.all(PROFILE.member, [g, caller])),
    ...(await engine.all(PROFILE.totals, [g, caller])),
    ...(await engine.all(PROFILE.week, [g, monday, caller])),
    ...(await engine.all(PROFILE.projects, [g, caller])),
    ...(await engine.all(PROFILE.stack, [g, caller])),
  ];
}

const SUMMARY = {
  week: sql(
    "summary_week",
    `select members as active, minutes, projects, checked_in from guild_weeks where guild_id = $1 and week_start = $2`,
  ),
  top: sql(
    "summary_top",
    named(
      "select user_id, minutes as score from member_weeks where guild_id = $1 and week_start = $2 and minutes > 0 order by minutes desc, user_id limit 10",
    ),
  ),
  ever: sql("summary_ever", "select members as n from guild_totals where guild_id = $1"),
  recent: sql(
    "summary_recent",
    "select count(*) as n from member_totals where guild_id = $1 and last_day between $2 and $3",
  ),
};

/**
 * The big-guild weekly check-in summary read (src/checkins/summary.ts): the
 * closed week's totals (one row of guild_weeks), its top 10 with names, the
 * members who ever logged (one row of guild_totals) and those who logged in the
 * last 7 days (an index range). Left out: the top 10's details (an IN list of
 * their ids) and the few members ahead of the guild's zone (SQLite date
 * functions the PostgreSQL dialect module will spell its own way).
 */
export function checkinSummary(scene: Scene): (engine: Engine) => Promise<Row[]> {
  const g = scene.guildId;
  const today = scene.now.toISOString().slice(0, 10);
  const closed = addDays(weekStart(today), -7);
  return async (engine) => [
    ...(await engine.all(SUMMARY.week, [g, closed])),
    ...(await engine.all(SUMMARY.top, [g, closed])),
    ...(await engine.all(SUMMARY.ever, [g])),
    ...(await engine.all(SUMMARY.recent, [g, addDays(today, -6), today])),
  ];
}

const WRITE = {
  guild: sql(
    "write_guild",
    "select timezone, daily_cap_minutes, build_target_percent, checkins_channel_id from guilds where id = $1",
  ),
  member: sql(
    "write_member",
    "select display_name, timezone from members where guild_id = $1 and user_id = $2",
  ),
  prior: sql("write_prior", "select id from entries where interaction_id = $1"),
  used: sql(
    "write_used",
    `select coalesce(sum(minutes), 0) as m from entries
where guild_id = $1 and user_id = $2 and local_date = $3 and type = 'hours' and removed_at is null`,
  ),
  insert: sql(
    "write_insert",
    `insert into entries (guild_id, user_id, type, interaction_id, created_at, local_date, minutes, kind)
values ($1, $2, 'hours', $3, $4, $5, $6, 'build') returning id`,
  ),
  after: sql(
    "write_after",
    "select minutes, build_minutes, last_run, current_until from member_totals where guild_id = $1 and user_id = $2",
  ),
};

/**
 * `/log hours` as the bot runs it, in one transaction: guild and member rows,
 * the idempotency look-up, the daily cap sum, the insert (the engine's
 * triggers bring every derived table up to date in the same transaction), the
 * member's totals for the reply, COMMIT. Returns the new id and those totals.
 */
export function logHours(
  scene: Scene,
): (engine: Engine, caller: string, interactionId: string) => Promise<Row> {
  const g = scene.guildId;
  const day = scene.now.toISOString().slice(0, 10);
  const at = scene.now.getTime();
  return (engine, caller, interactionId) =>
    transaction(engine, async () => {
      await one(engine, WRITE.guild, [g]);
      await one(engine, WRITE.member, [g, caller]);
      if (await one(engine, WRITE.prior, [interactionId]))
        throw new Error(`${interactionId} was already logged`);
      await scalar(engine, WRITE.used, [g, caller, day]);
      const inserted = await one(engine, WRITE.insert, [g, caller, interactionId, at, day, 15]);
      const after = await one(engine, WRITE.after, [g, caller]);
      return { id: Number(inserted?.id), ...after };
    });
}
