/**
 * `/cohort export` (SPEC §3.11): a CSV with one row per member per cohort week,
 * from week 1 through the current week (the final week once the cohort has
 * ended, early or on its own).
 *
 * Columns: member_id, display_name, week_start (first day of the 7-day cohort
 * week), hours and build_hours (decimal hours, at most 2 places), checked_in
 * (`yes`/`no`: a check-in for the calendar week whose Thursday falls in that
 * cohort week — see data.ts), projects (shipped that week). Entries count on
 * the member's own local day and only up to the guild's today (or the day the
 * cohort was ended), as in the status.
 *
 * The file is RFC 4180 (CRLF line ends; cells with a comma, quote, CR or LF
 * quoted, quotes doubled). Cells starting with `=`, `+`, `-`, `@`, tab or
 * carriage return get a `'` prefix first, so spreadsheets do not run them.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { dialectSql } from "../db/dialect";
import { rawAll } from "../db/raw";
import { cohortMembers, members } from "../db/tables";
import { transaction } from "../db/tx";
import type { LocalDate } from "../time/dates";
import { cohortProgress, cohortWeekStart } from "./calendar";
import type { Cohort } from "./cohort";
import { byName, checkinWeeks } from "./data";
import { cohortTimeZone } from "./queries";

export const CSV_HEADER = [
  "member_id",
  "display_name",
  "week_start",
  "hours",
  "build_hours",
  "checked_in",
  "projects",
] as const;

export interface CohortCsv {
  filename: string;
  csv: string;
  /** data rows, without the header */
  rows: number;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV cell: formula-looking text neutralised with a `'`, then quoted if needed. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(",");
}

/** `Spring Backend!` → `cohort-spring-backend.csv`; a name with no letters or digits falls back to the id. */
export function csvFilename(c: Pick<Cohort, "id" | "name">): string {
  const slug = c.name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `cohort-${slug || c.id}.csv`;
}

/** Minutes as decimal hours with at most 2 places: 90 → `1.5`, 0 → `0`. */
function hours(minutes: number): string {
  return String(Number((minutes / 60).toFixed(2)));
}

interface WeekTotals {
  userId: string;
  week: number;
  minutes: number;
  buildMinutes: number;
  projects: number;
}

/**
 * Each member's hours, build hours and projects per cohort week (0-based: whole
 * 7-day blocks since the start), from the derived per-day rows of these members.
 */
async function weekTotals(
  db: Db,
  c: Cohort,
  userIds: readonly string[],
  from: LocalDate,
  to: LocalDate,
): Promise<WeekTotals[]> {
  return await rawAll<WeekTotals>(
    db,
    sql`select user_id as "userId",
  cast((${dialectSql().dayNumber(sql.raw("local_date"))} - ${dialectSql().dayNumber(from)}) / 7 as integer) as week,
  sum(minutes) as minutes, sum(build_minutes) as "buildMinutes", sum(projects) as projects
from member_days
where guild_id = ${c.guildId} and user_id in ${dialectSql().inJsonList(JSON.stringify(userIds))}
  and local_date between ${from} and ${to}
group by user_id, week`,
  );
}

type Roster = Array<{ userId: string; displayName: string }>;

async function rosterOf(db: Db, c: Cohort): Promise<Roster> {
  return (
    await db
      .select({
        userId: cohortMembers.userId,
        displayName: sql<string>`coalesce(${members.displayName}, ${cohortMembers.userId})`,
      })
      .from(cohortMembers)
      .leftJoin(members, and(eq(members.guildId, c.guildId), eq(members.userId, cohortMembers.userId)))
      .where(eq(cohortMembers.cohortId, c.id))
  ).sort(byName);
}

/** The CSV lines of some members, in roster order. */
async function memberLines(
  db: Db,
  c: Cohort,
  roster: Roster,
  range: { from: LocalDate; to: LocalDate; throughWeek: number },
): Promise<string[]> {
  const totals = await weekTotals(
    db,
    c,
    roster.map((m) => m.userId),
    range.from,
    range.to,
  );
  const byKey = new Map(totals.map((t) => [`${t.userId}:${t.week + 1}`, t]));
  const checked = await checkinWeeks(db, c, 1, range.throughWeek);
  const weekStarts = Array.from({ length: range.throughWeek }, (_, i) => cohortWeekStart(c, i + 1));
  const lines: string[] = [];
  for (const m of roster) {
    const weeks = checked.get(m.userId);
    weekStarts.forEach((start, i) => {
      const t = byKey.get(`${m.userId}:${i + 1}`);
      lines.push(
        csvLine([
          m.userId,
          m.displayName,
          start,
          hours(t?.minutes ?? 0),
          hours(t?.buildMinutes ?? 0),
          weeks?.has(i + 1) ? "yes" : "no",
          String(t?.projects ?? 0),
        ]),
      );
    });
  }
  return lines;
}

const done = (filename: string, lines: readonly string[]): CohortCsv => ({
  filename,
  csv: `${lines.join("\r\n")}\r\n`,
  rows: lines.length - 1,
});

export async function cohortCsv(db: Db, c: Cohort, guildToday: LocalDate): Promise<CohortCsv> {
  const filename = csvFilename(c);
  const range = cohortProgress(c, guildToday, await cohortTimeZone(db, c));
  const header = csvLine(CSV_HEADER);
  if (range.throughWeek === 0) return done(filename, [header]);
  return transaction(db, async (tx) =>
    done(filename, [header, ...(await memberLines(tx, c, await rosterOf(tx, c), range))]),
  );
}

/** Members per slice of the sliced export. */
export const CSV_SLICE = 250;

/**
 * The same file as `cohortCsv`, built a slice of members at a time with a turn
 * of the event loop between slices, so a cohort of thousands never stalls the
 * bot. Each slice reads in its own short transaction.
 */
export async function cohortCsvSliced(db: Db, c: Cohort, guildToday: LocalDate): Promise<CohortCsv> {
  const filename = csvFilename(c);
  const range = cohortProgress(c, guildToday, await cohortTimeZone(db, c));
  const lines = [csvLine(CSV_HEADER)];
  if (range.throughWeek === 0) return done(filename, lines);
  const roster = await rosterOf(db, c);
  for (let i = 0; i < roster.length; i += CSV_SLICE) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    const slice = roster.slice(i, i + CSV_SLICE);
    lines.push(...(await transaction(db, async (tx) => memberLines(tx, c, slice, range))));
  }
  return done(filename, lines);
}
