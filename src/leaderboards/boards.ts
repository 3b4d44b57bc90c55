/**
 * Leaderboards read from the derived tables (src/db/schema-totals.ts): the top
 * is an index walk (`ORDER BY score DESC LIMIT n`, plus the members tied with
 * the last one, whose order is decided by name), the caller's rank one index
 * count (`score > theirs`), and the participant count one row of `board_sizes`.
 * Display names are read only for the members shown.
 *
 * A guild-wide week (Monday–Sunday), calendar month or all time reads its
 * per-period table; a cohort (a list of members) or any other date range sums
 * `member_days` over those members and days. Streaks are "as of now": a run is
 * current while `current_until > now`.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { dialectSql } from "../db/dialect";
import { prepared } from "../db/prepared";
import { rawAll } from "../db/raw";
import { addDays, isoWeekday, type LocalDate } from "../time/dates";
import { compareTies, type RankRow, rankMembers } from "./rank";

export type BoardMetric = "hours" | "build" | "streak" | "projects";

export interface BoardRequest {
  guildId: string;
  metric: BoardMetric;
  /** inclusive local dates; null = unbounded */
  from: LocalDate | null;
  to: LocalDate | null;
  now: Date;
  limit: number;
  /** standings before the page (page N starts at N × limit) */
  offset: number;
  callerId?: string | undefined;
  userIds?: readonly string[] | undefined;
}

export interface BoardRow {
  userId: string;
  displayName: string;
  rank: number;
  score: number;
}

export interface Board {
  top: BoardRow[];
  caller: BoardRow | null;
  participants: number;
}

const COLUMN = { hours: "minutes", build: "build_minutes", projects: "projects" } as const;

/** Where one board's scores live: a table, the rows of this board (SQL with its parameters), and its `board_sizes` scope. */
interface Source {
  table: string;
  where: string;
  params: unknown[];
  score: string;
  scope: string | null;
}

function lastDayOfMonth(month: string): LocalDate {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  return addDays(next, -1);
}

/** The per-period table that answers `from..to` exactly, if there is one. */
function sourceOf(r: BoardRequest): Source | null {
  if (r.metric === "streak") {
    const where = "guild_id = ? and current_until > ?";
    return {
      table: "member_totals",
      where,
      params: [r.guildId, r.now.getTime()],
      score: "last_run",
      scope: null,
    };
  }
  const score = COLUMN[r.metric];
  if (r.from === null && r.to === null) {
    return { table: "member_totals", where: "guild_id = ?", params: [r.guildId], score, scope: "*" };
  }
  if (r.from === null || r.to === null) return null;
  if (isoWeekday(r.from) === 1 && r.to === addDays(r.from, 6)) {
    const where = "guild_id = ? and week_start = ?";
    return { table: "member_weeks", where, params: [r.guildId, r.from], score, scope: r.from };
  }
  const month = r.from.slice(0, 7);
  if (r.from === `${month}-01` && r.to === lastDayOfMonth(month)) {
    const where = "guild_id = ? and month = ?";
    return { table: "member_months", where, params: [r.guildId, month], score, scope: month };
  }
  return null;
}

interface Scored {
  userId: string;
  score: number;
}

async function withNames(
  db: Db,
  guildId: string,
  rows: readonly Scored[],
): Promise<Array<Scored & { displayName: string }>> {
  if (rows.length === 0) return [];
  const names = new Map<string, string>();
  const one = prepared(db, "select display_name from members where guild_id = ? and user_id = ?");
  if (rows.length <= 20) {
    for (const r of rows) {
      const name = await one.value<string>(guildId, r.userId);
      if (name !== undefined) names.set(r.userId, name);
    }
  } else {
    for (const n of await rawAll<{ userId: string; displayName: string }>(
      db,
      sql`select user_id as "userId", display_name as "displayName" from members
where guild_id = ${guildId} and user_id in ${dialectSql().inJsonList(JSON.stringify(rows.map((r) => r.userId)))}`,
    )) {
      names.set(n.userId, n.displayName);
    }
  }
  return rows.map((r) => ({ ...r, displayName: names.get(r.userId) ?? r.userId }));
}

const plain = (x: BoardRow): BoardRow => ({
  userId: x.userId,
  displayName: x.displayName,
  rank: x.rank,
  score: x.score,
});

async function rankAll(db: Db, r: BoardRequest, rows: readonly Scored[]): Promise<Board> {
  const ranked = rankMembers(await withNames(db, r.guildId, rows), (x) => x.score);
  const top = ranked.slice(r.offset, r.offset + r.limit);
  const at = r.callerId === undefined ? -1 : ranked.findIndex((x) => x.userId === r.callerId);
  const caller = at >= 0 && (at < r.offset || at >= r.offset + r.limit) ? (ranked[at] ?? null) : null;
  return { top: top.map(plain), caller: caller ? plain(caller) : null, participants: ranked.length };
}

/** A cohort or an arbitrary range: sum the members' days (bounded by members × days). */
async function summedOverDays(
  db: Db,
  r: BoardRequest,
  userIds: readonly string[] | undefined,
): Promise<Scored[]> {
  const among =
    userIds === undefined ? sql`` : sql` and user_id in ${dialectSql().inJsonList(JSON.stringify(userIds))}`;
  if (r.metric === "streak") {
    return await rawAll<Scored>(
      db,
      sql`select user_id as "userId", case when current_until > ${r.now.getTime()} then last_run else 0 end as score
from member_totals where guild_id = ${r.guildId}${among}`,
    );
  }
  const col = sql.identifier(COLUMN[r.metric]);
  const from = r.from !== null ? sql` and local_date >= ${r.from}` : sql``;
  const to = r.to !== null ? sql` and local_date <= ${r.to}` : sql``;
  return await rawAll<Scored>(
    db,
    sql`select user_id as "userId", sum(${col}) as score from member_days
where guild_id = ${r.guildId}${among}${from}${to} group by user_id`,
  );
}

const CURRENT = "where guild_id = ? and current_until > ?";

async function participantsOf(db: Db, r: BoardRequest, s: Source): Promise<number> {
  if (s.scope === null) {
    // Streaks: a sum over the few (current_until, last_run) counters still current.
    return (
      (await prepared(db, `select coalesce(sum(members), 0) from streak_counts ${CURRENT}`).value<number>(
        ...s.params,
      )) ?? 0
    );
  }
  const size = await prepared(
    db,
    "select members from board_sizes where guild_id = ? and scope = ? and metric = ?",
  ).value<number>(r.guildId, s.scope, r.metric);
  return size ?? 0;
}

/** The source's conditions with its columns qualified by `t.`, for a join with `members m`. */
const qualified = (s: Source): string =>
  s.where.replace(/\b(guild_id|week_start|month|current_until)\b/g, "t.$1");

/** `select userId, score, displayName` from the source joined with the members' names. */
const named = (s: Source): string =>
  `select t.user_id as "userId", t.${s.score} as score, coalesce(m.display_name, t.user_id) as "displayName"
from ${s.table} t left join members m on m.guild_id = t.guild_id and m.user_id = t.user_id
where ${qualified(s)}`;

type Named = Scored & { displayName: string };

/** The caller's line when they scored but are not in `top`: their score with their name, and one index count. */
async function callerOf(
  db: Db,
  r: BoardRequest,
  s: Source,
  top: readonly BoardRow[],
): Promise<BoardRow | null> {
  if (r.callerId === undefined || top.some((x) => x.userId === r.callerId)) return null;
  const own = await prepared<Named>(db, `${named(s)} and t.user_id = ?`).get(...s.params, r.callerId);
  if (own === undefined || own.score <= 0) return null;
  const count =
    s.scope === null
      ? `select coalesce(sum(members), 0) from streak_counts ${CURRENT} and last_run > ?`
      : `select count(*) from ${s.table} where ${s.where} and ${s.score} > ?`;
  const above = (await prepared(db, count).value<number>(...s.params, own.score)) ?? 0;
  return { userId: r.callerId, displayName: own.displayName, rank: above + 1, score: own.score };
}

/** The first `k` of equally scored rows in tie order, without sorting them all (a tie can hold thousands). */
function firstByTies<T extends RankRow>(rows: readonly T[], k: number): T[] {
  const best: T[] = [];
  for (const row of rows) {
    if (best.length === k && compareTies(row, best[k - 1] as T) >= 0) continue;
    let at = best.length;
    while (at > 0 && compareTies(row, best[at - 1] as T) < 0) at--;
    best.splice(at, 0, row);
    if (best.length > k) best.pop();
  }
  return best;
}

/**
 * Standings of one board: top `limit`, the caller's line when outside it, and how many scored.
 * A guild-wide board is four prepared statements in the common case (the top with names, one
 * row past it to see whether a tie crosses the cut, the caller's score and rank, the size); the
 * members tied at the cut are read only when the row past it shares the last score.
 */
export async function board(db: Db, r: BoardRequest): Promise<Board> {
  if (r.userIds !== undefined && r.userIds.length === 0) return { top: [], caller: null, participants: 0 };
  const s = r.userIds === undefined ? sourceOf(r) : null;
  if (s === null) return rankAll(db, r, await summedOverDays(db, r, r.userIds));
  let rows: Named[] = [];
  const n = r.offset + r.limit;
  if (r.limit > 0) {
    // A literal LIMIT is measurably faster than a bound one (≈ 8 µs of ≈ 45); the first two
    // pages of a board and the posts' tops stay a few statements, deeper pages bind it.
    const literal = n + 1 <= 21;
    const first = await prepared<Named>(
      db,
      `${named(s)} and t.${s.score} > 0 order by t.${s.score} desc limit ${literal ? n + 1 : "?"}`,
    ).all(...s.params, ...(literal ? [] : [n + 1]));
    const edge = first[n - 1]?.score;
    const past = first[n]?.score;
    if (edge === undefined || past === undefined || past < edge) rows = first.slice(0, n);
    else {
      // Everyone tied with the last one shown: names decide which of them make the top.
      const tied = await prepared<Named>(db, `${named(s)} and t.${s.score} = ?`).all(...s.params, edge);
      const above = first.filter((x) => x.score > edge);
      rows = [...above, ...firstByTies(tied, n - above.length)];
    }
  }
  const top = rankMembers(rows, (x) => x.score)
    .slice(r.offset, r.offset + r.limit)
    .map(plain);
  return { top, caller: await callerOf(db, r, s, top), participants: await participantsOf(db, r, s) };
}
