/**
 * Leaderboards read from the derived tables (src/db/totals-schema.ts): the top
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
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { addDays, isoWeekday, type LocalDate } from "../time/dates";
import { rankMembers } from "./rank";

export type BoardMetric = "hours" | "build" | "streak" | "projects";

export interface BoardRequest {
  guildId: string;
  metric: BoardMetric;
  /** inclusive local dates; null = unbounded */
  from: LocalDate | null;
  to: LocalDate | null;
  now: Date;
  limit: number;
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

/** Where one board's scores live: a table, the rows of this board, and its `board_sizes` scope. */
interface Source {
  table: string;
  where: SQL;
  score: SQL;
  scope: string | null;
}

function lastDayOfMonth(month: string): LocalDate {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  return addDays(next, -1);
}

/** The per-period table that answers `from..to` exactly, if there is one. */
function sourceOf(r: BoardRequest): Source | null {
  const g = sql`guild_id = ${r.guildId}`;
  if (r.metric === "streak") {
    return {
      table: "member_totals",
      where: sql`${g} and current_until > ${r.now.getTime()}`,
      score: sql`last_run`,
      scope: null,
    };
  }
  const score = sql`${sql.identifier(COLUMN[r.metric])}`;
  if (r.from === null && r.to === null) return { table: "member_totals", where: g, score, scope: "*" };
  if (r.from === null || r.to === null) return null;
  if (isoWeekday(r.from) === 1 && r.to === addDays(r.from, 6)) {
    return { table: "member_weeks", where: sql`${g} and week_start = ${r.from}`, score, scope: r.from };
  }
  const month = r.from.slice(0, 7);
  if (r.from === `${month}-01` && r.to === lastDayOfMonth(month)) {
    return { table: "member_months", where: sql`${g} and month = ${month}`, score, scope: month };
  }
  return null;
}

interface Scored {
  userId: string;
  score: number;
}

function withNames(
  db: Db,
  guildId: string,
  rows: readonly Scored[],
): Array<Scored & { displayName: string }> {
  if (rows.length === 0) return [];
  const names = new Map(
    db
      .all<{ userId: string; displayName: string }>(
        sql`select user_id as userId, display_name as displayName from members
where guild_id = ${guildId} and user_id in (${sql.join(
          rows.map((r) => sql`${r.userId}`),
          sql`, `,
        )})`,
      )
      .map((n) => [n.userId, n.displayName]),
  );
  return rows.map((r) => ({ ...r, displayName: names.get(r.userId) ?? r.userId }));
}

function rankAll(db: Db, r: BoardRequest, rows: readonly Scored[]): Board {
  const ranked = rankMembers(withNames(db, r.guildId, rows), (x) => x.score);
  const top = ranked.slice(0, r.limit);
  const at = r.callerId === undefined ? -1 : ranked.findIndex((x) => x.userId === r.callerId);
  const caller = at >= r.limit ? (ranked[at] ?? null) : null;
  const plain = (x: BoardRow): BoardRow => ({
    userId: x.userId,
    displayName: x.displayName,
    rank: x.rank,
    score: x.score,
  });
  return { top: top.map(plain), caller: caller ? plain(caller) : null, participants: ranked.length };
}

/** A cohort or an arbitrary range: sum the members' days (bounded by members × days). */
function summedOverDays(db: Db, r: BoardRequest, userIds: readonly string[] | undefined): Scored[] {
  if (r.metric === "streak") {
    return db.all<Scored>(sql`select user_id as userId, iif(current_until > ${r.now.getTime()}, last_run, 0) as score
from member_totals where guild_id = ${r.guildId}${among(userIds)}`);
  }
  const col = sql.identifier(COLUMN[r.metric]);
  return db.all<Scored>(sql`select user_id as userId, sum(${col}) as score from member_days
where guild_id = ${r.guildId}${among(userIds)}${r.from !== null ? sql` and local_date >= ${r.from}` : sql``}${
    r.to !== null ? sql` and local_date <= ${r.to}` : sql``
  } group by user_id`);
}

function among(userIds: readonly string[] | undefined): SQL {
  if (userIds === undefined) return sql``;
  return sql` and user_id in (${sql.join(
    userIds.map((u) => sql`${u}`),
    sql`, `,
  )})`;
}

function participantsOf(db: Db, r: BoardRequest, s: Source): number {
  if (s.scope === null) {
    return db.get<{ n: number }>(sql`select count(*) as n from member_totals where ${s.where}`)?.n ?? 0;
  }
  return (
    db.get<{ n: number }>(
      sql`select members as n from board_sizes where guild_id = ${r.guildId} and scope = ${s.scope} and metric = ${r.metric}`,
    )?.n ?? 0
  );
}

/** Standings of one board: top `limit`, the caller's line when outside it, and how many scored. */
export function board(db: Db, r: BoardRequest): Board {
  if (r.userIds !== undefined && r.userIds.length === 0) return { top: [], caller: null, participants: 0 };
  const s = r.userIds === undefined ? sourceOf(r) : null;
  if (s === null) return rankAll(db, r, summedOverDays(db, r, r.userIds));
  const from = sql.identifier(s.table);
  let rows: Scored[] = [];
  if (r.limit > 0) {
    rows = db.all<Scored>(sql`select user_id as userId, ${s.score} as score from ${from}
where ${s.where} and ${s.score} > 0 order by ${s.score} desc limit ${r.limit}`);
    const edge = rows.length === r.limit ? rows.at(-1)?.score : undefined;
    if (edge !== undefined) {
      // Everyone tied with the last one shown: names decide which of them make the top.
      const tied = db.all<Scored>(sql`select user_id as userId, ${s.score} as score from ${from}
where ${s.where} and ${s.score} = ${edge}`);
      rows = [...rows.filter((x) => x.score > edge), ...tied];
    }
  }
  const ranked = rankMembers(withNames(db, r.guildId, rows), (x) => x.score);
  const top = ranked
    .slice(0, r.limit)
    .map(({ userId, displayName, rank, score }) => ({ userId, displayName, rank, score }));
  let caller: BoardRow | null = null;
  if (r.callerId !== undefined && !top.some((x) => x.userId === r.callerId)) {
    const own = db.get<{ score: number }>(
      sql`select ${s.score} as score from ${from} where ${s.where} and user_id = ${r.callerId}`,
    )?.score;
    if (own !== undefined && own > 0) {
      const above =
        db.get<{ n: number }>(sql`select count(*) as n from ${from} where ${s.where} and ${s.score} > ${own}`)
          ?.n ?? 0;
      const [named] = withNames(db, r.guildId, [{ userId: r.callerId, score: own }]);
      caller = {
        userId: r.callerId,
        displayName: named?.displayName ?? r.callerId,
        rank: above + 1,
        score: own,
      };
    }
  }
  return { top, caller, participants: participantsOf(db, r, s) };
}
