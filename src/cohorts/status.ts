/**
 * `/cohort status` (SPEC §3.11): week N of M and, per member, hours, build
 * share, weeks checked in and projects over the run so far, with members who
 * logged no hours in the last 7 days flagged.
 */
import { QUIET_DAYS } from "../checkins/weekly";
import type { Db } from "../db/client";
import { transaction } from "../db/tx";
import { buildShare } from "../logs/stats";
import { memberName } from "../text/escape";
import { formatHours } from "../text/format";
import { addDays, type LocalDate } from "../time/dates";
import { type CohortState, cohortProgress, cohortState, cohortWeek, cohortWindow, endedOn } from "./calendar";
import { type Cohort, cohortName } from "./cohort";
import { byName, checkinWeeks, cohortMemberTotals } from "./data";
import { cohortTimeZone } from "./queries";

export interface CohortMemberStatus {
  userId: string;
  displayName: string;
  minutes: number;
  buildMinutes: number;
  /** whole percent, null with no hours */
  buildShare: number | null;
  /** cohort weeks 1…throughWeek the member checked in for */
  weeksCheckedIn: number;
  projects: number;
  /** no hours logged in the 7 days up to the guild's today */
  quiet: boolean;
}

export interface CohortStatus {
  name: string;
  state: CohortState;
  /** the current week while running, else null */
  week: number | null;
  weeks: number;
  firstDay: LocalDate;
  lastDay: LocalDate;
  /** the day a moderator ended it, if one did */
  endedOn: LocalDate | null;
  /** entries count from `firstDay` to `countedTo` (before `firstDay` = nothing yet) */
  countedTo: LocalDate;
  /** weeks that have begun: 0 before the start, at most `weeks` */
  throughWeek: number;
  /** by minutes, most first, then by name */
  members: CohortMemberStatus[];
}

export async function cohortStatus(db: Db, c: Cohort, guildToday: LocalDate): Promise<CohortStatus> {
  const timeZone = await cohortTimeZone(db, c);
  const progress = cohortProgress(c, guildToday, timeZone);
  const state = cohortState(c, guildToday);
  const recent = { from: addDays(guildToday, -(QUIET_DAYS - 1)), to: guildToday };
  return transaction(db, async (tx) => {
    const totals = await cohortMemberTotals(tx, c, progress, recent);
    const checked = await checkinWeeks(tx, c, 1, progress.throughWeek);
    const list = totals
      .map(
        (m): CohortMemberStatus => ({
          userId: m.userId,
          displayName: m.displayName,
          minutes: m.minutes,
          buildMinutes: m.buildMinutes,
          buildShare: buildShare(m),
          weeksCheckedIn: checked.get(m.userId)?.size ?? 0,
          projects: m.projects,
          quiet: m.recentHours === 0,
        }),
      )
      .sort((a, b) => b.minutes - a.minutes || byName(a, b));
    const { firstDay, lastDay } = cohortWindow(c);
    return {
      name: c.name,
      state,
      week: state === "running" ? cohortWeek(c, guildToday) : null,
      weeks: c.weeks,
      firstDay,
      lastDay,
      endedOn: endedOn(c, timeZone),
      countedTo: progress.to,
      throughWeek: progress.throughWeek,
      members: list,
    };
  });
}

/** Longest page `statusPages` makes, under Discord's 4096 for an embed description. */
export const MAX_PAGE = 4000;

/** `Week 3 of 12`, `Starts 2026-03-02 · 12 weeks`, `Ended 2026-04-10, in week 6 of 12`, `Ended · 12 weeks`. */
export function statusHeading(s: CohortStatus): string {
  switch (s.state) {
    case "running":
      return `Week ${s.week ?? s.throughWeek} of ${s.weeks}`;
    case "upcoming":
      return `Starts ${s.firstDay} · ${s.weeks} ${s.weeks === 1 ? "week" : "weeks"}`;
    case "ended":
      if (s.endedOn === null || s.endedOn >= s.lastDay) {
        return `Ended · all ${s.weeks} ${s.weeks === 1 ? "week" : "weeks"} (${s.firstDay} to ${s.lastDay})`;
      }
      return s.throughWeek === 0
        ? `Ended ${s.endedOn}, before it started`
        : `Ended ${s.endedOn}, in week ${s.throughWeek} of ${s.weeks}`;
  }
}

function memberLine(m: CohortMemberStatus, rank: number, weeksSoFar: number): string {
  const parts = [
    m.buildShare === null ? formatHours(m.minutes) : `${formatHours(m.minutes)} (${m.buildShare}% build)`,
  ];
  if (weeksSoFar > 0) {
    parts.push(`checked in ${m.weeksCheckedIn}/${weeksSoFar} ${weeksSoFar === 1 ? "week" : "weeks"}`);
  }
  parts.push(`${m.projects} ${m.projects === 1 ? "project" : "projects"}`);
  return `${rank}. **${memberName(m.displayName)}** — ${parts.join(" · ")}${m.quiet ? " 💤" : ""}`;
}

/**
 * The status as text pages for embeds: a heading ("Week N of M") on each page,
 * then `pageSize` member lines at most, each page within MAX_PAGE characters.
 * Names are escaped display names, never mentions.
 */
export function statusPages(status: CohortStatus, pageSize = 10): string[] {
  const size = Math.max(1, Math.floor(pageSize));
  const heading = `**${cohortName(status.name)}** — ${statusHeading(status)}`;
  const legend = status.members.some((m) => m.quiet)
    ? `💤 no hours logged in the last ${QUIET_DAYS} days`
    : "";
  if (status.members.length === 0) {
    return [`${heading}\n\nNobody is in this cohort yet. Join with \`/cohort join\`.`];
  }
  const lines = status.members.map((m, i) => memberLine(m, i + 1, status.throughWeek));
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  // Room for the heading, the page counter and the legend around the lines.
  const room = MAX_PAGE - heading.length - legend.length - 40;
  for (const line of lines) {
    if (current.length > 0 && (current.length >= size || length + line.length + 1 > room)) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    current.push(line);
    length += line.length + 1;
  }
  chunks.push(current);
  return chunks.map((chunk, i) => {
    const counter = chunks.length > 1 ? ` · page ${i + 1} of ${chunks.length}` : "";
    const parts = [`${heading}${counter}`, "", ...chunk];
    if (legend) parts.push("", legend);
    return parts.join("\n");
  });
}
