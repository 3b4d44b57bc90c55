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
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { cohortMembers, entries, members } from "../db/schema";
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

export function cohortCsv(db: Db, c: Cohort, guildToday: LocalDate): CohortCsv {
  const filename = csvFilename(c);
  const { from, to, throughWeek } = cohortProgress(c, guildToday, cohortTimeZone(db, c));
  const lines = [csvLine(CSV_HEADER)];
  if (throughWeek === 0) return { filename, csv: `${lines[0]}\r\n`, rows: 0 };

  return db.transaction((tx) => {
    const roster = tx
      .select({
        userId: cohortMembers.userId,
        displayName: sql<string>`coalesce(${members.displayName}, ${cohortMembers.userId})`,
      })
      .from(cohortMembers)
      .leftJoin(members, and(eq(members.guildId, c.guildId), eq(members.userId, cohortMembers.userId)))
      .where(eq(cohortMembers.cohortId, c.id))
      .all()
      .sort(byName);

    // One grouped query: each member's hours, build hours and projects per cohort week
    // (0-based week index: whole 7-day blocks since the start; dates are never before it).
    const week = sql<number>`cast((julianday(${entries.localDate}) - julianday(${from})) / 7 as integer)`;
    const totals = tx
      .select({
        userId: entries.userId,
        week,
        minutes: sql<number>`coalesce(sum(case when ${entries.type} = 'hours' then ${entries.minutes} end), 0)`,
        buildMinutes: sql<number>`coalesce(sum(case when ${entries.type} = 'hours' and ${entries.kind} = 'build' then ${entries.minutes} end), 0)`,
        projects: sql<number>`count(case when ${entries.type} = 'project' then 1 end)`,
      })
      .from(entries)
      .innerJoin(
        cohortMembers,
        and(eq(cohortMembers.cohortId, c.id), eq(cohortMembers.userId, entries.userId)),
      )
      .where(
        and(
          eq(entries.guildId, c.guildId),
          isNull(entries.removedAt),
          sql`${entries.localDate} between ${from} and ${to}`,
        ),
      )
      .groupBy(entries.userId, week)
      .all();
    const byKey = new Map(totals.map((t) => [`${t.userId}:${t.week + 1}`, t]));
    const checked = checkinWeeks(tx, c, 1, throughWeek);

    const weekStarts = Array.from({ length: throughWeek }, (_, i) => cohortWeekStart(c, i + 1));
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
    return { filename, csv: `${lines.join("\r\n")}\r\n`, rows: lines.length - 1 };
  });
}
