/**
 * Finding, listing and searching a guild's cohorts, and who is in them. Every
 * lookup is scoped to a guild: another guild's cohort is never found.
 */
import { and, asc, count, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { dialectSql } from "../db/dialect";
import { first } from "../db/raw";
import { cohortMembers, cohorts } from "../db/tables";
import { UserError } from "../errors";
import { findGuild } from "../guilds/settings";
import type { LocalDate } from "../time/dates";
import { localDate } from "../time/zones";
import { type CohortState, cohortState, cohortWeek } from "./calendar";
import { type Cohort, nameKey, quotedName } from "./cohort";

/** Discord shows at most 25 autocomplete choices. */
export const MAX_SEARCH_RESULTS = 25;

/** The guild's cohort with this name, regardless of case, or undefined. */
export async function getCohort(db: Db, guildId: string, name: string): Promise<Cohort | undefined> {
  return await first(
    db
      .select()
      .from(cohorts)
      .where(and(eq(cohorts.guildId, guildId), eq(cohorts.nameKey, nameKey(name))))
      .limit(1),
  );
}

/** The guild's cohort with this id, or undefined when there is none or it belongs to another guild. */
export async function findCohortById(db: Db, guildId: string, id: number): Promise<Cohort | undefined> {
  return await first(
    db
      .select()
      .from(cohorts)
      .where(and(eq(cohorts.guildId, guildId), eq(cohorts.id, id)))
      .limit(1),
  );
}

/** The guild's cohort with this name, regardless of case; a UserError when there is none. */
export async function findCohort(db: Db, guildId: string, name: string): Promise<Cohort> {
  const cohort = await getCohort(db, guildId, name);
  if (!cohort) {
    throw new UserError(`No cohort named ${quotedName(name)} in this server. /cohort list shows them.`);
  }
  return cohort;
}

/**
 * Names for autocomplete: those containing `query` (regardless of case), names
 * starting with it first, cohorts that have not ended before ended ones.
 */
export async function searchCohorts(db: Db, guildId: string, query: string): Promise<string[]> {
  const q = nameKey(query).slice(0, 100);
  const at = dialectSql().position(q, cohorts.nameKey);
  return (
    await db
      .select({ name: cohorts.name })
      .from(cohorts)
      .where(and(eq(cohorts.guildId, guildId), q === "" ? undefined : sql`${at} > 0`))
      .orderBy(
        sql`${at} = 1 desc`,
        sql`${cohorts.endedAt} is not null`,
        sql`${cohorts.startDate} desc`,
        asc(cohorts.nameKey),
      )
      .limit(MAX_SEARCH_RESULTS)
  ).map((r) => r.name);
}

/** The guild's local today and time zone, for the calendar functions. */
export async function guildDay(
  db: Db,
  guildId: string,
  now: Date,
): Promise<{ today: LocalDate; timeZone: string }> {
  const timeZone = (await findGuild(db, guildId))?.timezone ?? "UTC";
  return { today: localDate(now, timeZone), timeZone };
}

/** The guild's time zone, for a cohort's early end date. */
export async function cohortTimeZone(db: Db, c: Pick<Cohort, "guildId">): Promise<string> {
  return (await findGuild(db, c.guildId))?.timezone ?? "UTC";
}

/** User ids of a cohort's members, for `leaderboard(…, { userIds })`. */
export async function cohortMemberIds(db: Db, cohortId: number): Promise<string[]> {
  return (
    await db
      .select({ userId: cohortMembers.userId })
      .from(cohortMembers)
      .where(eq(cohortMembers.cohortId, cohortId))
      .orderBy(asc(cohortMembers.userId))
  ).map((r) => r.userId);
}

/** The cohorts a member is in, in this guild, newest start first (for /profile). */
export async function memberCohorts(db: Db, guildId: string, userId: string): Promise<Cohort[]> {
  return (
    await db
      .select({ cohort: cohorts })
      .from(cohortMembers)
      .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
      .where(and(eq(cohorts.guildId, guildId), eq(cohortMembers.userId, userId)))
      .orderBy(sql`${cohorts.startDate} desc`, asc(cohorts.nameKey))
  ).map((r) => r.cohort);
}

export interface CohortSummary {
  cohort: Cohort;
  state: CohortState;
  /** the current week while running, else null */
  week: number | null;
  weeks: number;
  members: number;
}

const STATE_ORDER: Record<CohortState, number> = { running: 0, upcoming: 1, ended: 2 };

/** The guild's cohorts with their member counts: running, then upcoming, then ended. */
export async function listCohorts(db: Db, guildId: string, guildToday: LocalDate): Promise<CohortSummary[]> {
  return (
    await db
      .select({ cohort: cohorts, members: count(cohortMembers.userId) })
      .from(cohorts)
      .leftJoin(cohortMembers, eq(cohortMembers.cohortId, cohorts.id))
      .where(eq(cohorts.guildId, guildId))
      .groupBy(cohorts.id)
  )
    .map(({ cohort, members }) => {
      const state = cohortState(cohort, guildToday);
      return {
        cohort,
        state,
        week: state === "running" ? cohortWeek(cohort, guildToday) : null,
        weeks: cohort.weeks,
        members,
      };
    })
    .sort(
      (a, b) =>
        STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
        (a.state === "ended"
          ? b.cohort.startDate.localeCompare(a.cohort.startDate)
          : a.cohort.startDate.localeCompare(b.cohort.startDate)) ||
        a.cohort.nameKey.localeCompare(b.cohort.nameKey),
    );
}
