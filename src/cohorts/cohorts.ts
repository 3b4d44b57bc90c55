/**
 * Time-boxed cohorts (SPEC §3.11): creating, finding, joining, leaving and
 * ending them, and the calendar of a run.
 *
 * A cohort runs `weeks` 7-day blocks from `start_date`, a local date in the
 * guild's time zone; week 1 starts on the start day whatever weekday it is.
 * Dates of entries (`entries.local_date`, the member's own day) are compared
 * with the cohort's dates as written, as the leaderboards do.
 *
 * A cohort ends either when a moderator ends it (`ended_at`) or on its own
 * after its last day. An ended cohort takes no new members and keeps its
 * member list as its record.
 */
import { and, asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { cohortMembers, cohorts } from "../db/schema";
import { UserError } from "../errors";
import { ensureGuild, findGuild } from "../guilds/settings";
import { type Period, rangeLabel } from "../leaderboards/leaderboard";
import { ensureMember, type MemberRef } from "../members/members";
import { addDays, daysBetween, type LocalDate, parseLocalDate } from "../time/dates";
import { localDate } from "../time/zones";
import { parseInput } from "../validation";

export type Cohort = typeof cohorts.$inferSelect;
export type CohortState = "upcoming" | "running" | "ended";

export const MAX_NAME = 60;
export const MIN_WEEKS = 1;
export const MAX_WEEKS = 52;
/** Inclusive: a start exactly this many days back is accepted. */
export const MAX_START_DAYS_BACK = 30;
export const MAX_START_DAYS_AHEAD = 365;
export const MAX_CAPACITY = 1000;
/** Discord shows at most 25 autocomplete choices. */
export const MAX_SEARCH_RESULTS = 25;

/** How a name is stored and shown: one line, single spaces, composed Unicode. */
export function normaliseName(name: string): string {
  return name.normalize("NFC").replace(/\s+/g, " ").trim();
}

/** The key names are unique by (per guild) and looked up by. */
export function nameKey(name: string): string {
  return normaliseName(name).toLowerCase();
}

/** A user-typed name echoed in an error message, kept short and on one line. */
function quoted(name: string): string {
  const n = normaliseName(name);
  return `"${n.length > MAX_NAME ? `${n.slice(0, MAX_NAME - 1)}…` : n}"`;
}

const snowflake = (what: string) =>
  z
    .string({ error: `Pick a ${what} from the list.` })
    .regex(/^\d{17,20}$/, `Pick a ${what} from the list.`)
    .nullish();

const WEEKS_MESSAGE = `A cohort runs ${MIN_WEEKS} to ${MAX_WEEKS} weeks: give weeks as a whole number in that range, for example 12.`;
const CAPACITY_MESSAGE = `Capacity must be a whole number from 1 to ${MAX_CAPACITY} members, or left out for no limit.`;

const CreateInput = z.object({
  name: z
    .string({ error: "Give the cohort a name, for example `Spring backend`." })
    .transform(normaliseName)
    .pipe(
      z
        .string()
        .min(1, "Give the cohort a name, for example `Spring backend`.")
        .max(MAX_NAME, `A cohort name can be at most ${MAX_NAME} characters — shorten it and try again.`)
        .refine((n) => !/\p{Cc}/u.test(n), "A cohort name cannot contain control characters."),
    ),
  start: z.string({ error: "The start date must be written YYYY-MM-DD, for example 2026-03-02." }).trim(),
  weeks: z
    .number({ error: WEEKS_MESSAGE })
    .refine((w) => Number.isInteger(w) && w >= MIN_WEEKS && w <= MAX_WEEKS, { message: WEEKS_MESSAGE }),
  channelId: snowflake("channel"),
  roleId: snowflake("role"),
  capacity: z
    .number({ error: CAPACITY_MESSAGE })
    .refine((n) => Number.isInteger(n) && n >= 1 && n <= MAX_CAPACITY, { message: CAPACITY_MESSAGE })
    .nullish(),
});

export type CreateCohortInput = z.input<typeof CreateInput>;

/** True for a unique or primary-key violation, also when wrapped by drizzle's DrizzleQueryError. */
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return true;
  }
  return false;
}

/**
 * Creates a cohort (moderators). The start is a local date in the guild's time
 * zone, from 30 days back to 365 days ahead of the guild's today, inclusive.
 */
export function createCohort(
  db: Db,
  guildId: string,
  raw: CreateCohortInput,
  createdBy: string,
  now: Date,
): Cohort {
  const input = parseInput(CreateInput, raw);
  const start = parseLocalDate(input.start);
  if (start === null) {
    throw new UserError(
      `${quoted(input.start)} is not a date: write the start as YYYY-MM-DD, for example 2026-03-02.`,
    );
  }
  try {
    return db.transaction((tx) => {
      const guild = ensureGuild(tx, guildId, now);
      const today = localDate(now, guild.timezone);
      const earliest = addDays(today, -MAX_START_DAYS_BACK);
      const latest = addDays(today, MAX_START_DAYS_AHEAD);
      if (start < earliest) {
        throw new UserError(
          `The start can be at most ${MAX_START_DAYS_BACK} days in the past: pick ${earliest} or later (dates are in the server's time zone, ${guild.timezone}).`,
        );
      }
      if (start > latest) {
        throw new UserError(
          `The start can be at most ${MAX_START_DAYS_AHEAD} days ahead: pick ${latest} or earlier.`,
        );
      }
      return tx
        .insert(cohorts)
        .values({
          guildId,
          name: input.name,
          nameKey: input.name.toLowerCase(),
          startDate: start,
          weeks: input.weeks,
          channelId: input.channelId ?? null,
          roleId: input.roleId ?? null,
          capacity: input.capacity ?? null,
          createdBy,
          createdAt: now,
        })
        .returning()
        .get();
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new UserError(
        `A cohort named ${quoted(input.name)} already exists in this server (names are compared regardless of case). Pick another name, for example "${input.name.slice(0, MAX_NAME - 5)} 2".`,
      );
    }
    throw error;
  }
}

/** The guild's cohort with this name, regardless of case, or undefined. */
export function getCohort(db: Db, guildId: string, name: string): Cohort | undefined {
  return db
    .select()
    .from(cohorts)
    .where(and(eq(cohorts.guildId, guildId), eq(cohorts.nameKey, nameKey(name))))
    .get();
}

/** The guild's cohort with this name, regardless of case; a UserError when there is none. */
export function findCohort(db: Db, guildId: string, name: string): Cohort {
  const cohort = getCohort(db, guildId, name);
  if (!cohort) {
    throw new UserError(`No cohort named ${quoted(name)} in this server. /cohort list shows them.`);
  }
  return cohort;
}

/**
 * Names for autocomplete: those containing `query` (regardless of case), names
 * starting with it first, cohorts that have not ended before ended ones.
 */
export function searchCohorts(db: Db, guildId: string, query: string): string[] {
  const q = nameKey(query).slice(0, 100);
  const at = sql`instr(${cohorts.nameKey}, ${q})`;
  return db
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
    .all()
    .map((r) => r.name);
}

// ---------------------------------------------------------------------------
// The calendar of a run. Pure functions of the cohort row and the guild's today.

/** The planned run: first and last local day, inclusive. */
export function cohortWindow(c: Pick<Cohort, "startDate" | "weeks">): {
  firstDay: LocalDate;
  lastDay: LocalDate;
} {
  return { firstDay: c.startDate, lastDay: addDays(c.startDate, 7 * c.weeks - 1) };
}

/** Week number (1-based 7-day blocks from the start) of a local date, or null outside the run. */
export function cohortWeek(c: Pick<Cohort, "startDate" | "weeks">, date: LocalDate): number | null {
  const d = daysBetween(c.startDate, date);
  if (d < 0 || d >= 7 * c.weeks) return null;
  return Math.floor(d / 7) + 1;
}

/** First day of cohort week `week`. */
export function cohortWeekStart(c: Pick<Cohort, "startDate">, week: number): LocalDate {
  return addDays(c.startDate, 7 * (week - 1));
}

export function cohortState(
  c: Pick<Cohort, "startDate" | "weeks" | "endedAt">,
  guildToday: LocalDate,
): CohortState {
  if (c.endedAt !== null || guildToday > cohortWindow(c).lastDay) return "ended";
  return guildToday < c.startDate ? "upcoming" : "running";
}

/** The guild-local day a moderator ended the cohort, or null when nobody did. */
export function endedOn(c: Pick<Cohort, "endedAt">, timeZone: string): LocalDate | null {
  return c.endedAt === null ? null : localDate(c.endedAt, timeZone);
}

export interface CohortProgress {
  /** the start day */
  from: LocalDate;
  /**
   * the last day that counts so far: the guild's today, the last planned day or
   * the day it was ended, whichever is first; before `from` when nothing counts yet
   */
  to: LocalDate;
  /** weeks 1…throughWeek have begun (the last one possibly partly); 0 before the start */
  throughWeek: number;
}

/** How much of the run has happened as of the guild's today (`timeZone` places an early end). */
export function cohortProgress(
  c: Pick<Cohort, "startDate" | "weeks" | "endedAt">,
  guildToday: LocalDate,
  timeZone: string,
): CohortProgress {
  const { firstDay, lastDay } = cohortWindow(c);
  let to = guildToday < lastDay ? guildToday : lastDay;
  const ended = endedOn(c, timeZone);
  if (ended !== null && ended < to) to = ended;
  return { from: firstDay, to, throughWeek: to < firstDay ? 0 : (cohortWeek(c, to) ?? 0) };
}

/**
 * The cohort's leaderboard period (SPEC §3.4): from the start to the guild's
 * today, the last planned day or the day it was ended, whichever is first.
 * Before the start the period is empty (it ends before it begins).
 */
export function cohortPeriod(
  c: Pick<Cohort, "name" | "startDate" | "weeks" | "endedAt">,
  guildToday: LocalDate,
  timeZone: string,
): Period {
  const { from, to } = cohortProgress(c, guildToday, timeZone);
  const label = to < from ? `${c.name} · starts ${from}` : `${c.name} · ${rangeLabel(from, to)}`;
  return { from, to, label };
}

/** The guild's local today and time zone, for the calendar functions above. */
export function guildDay(db: Db, guildId: string, now: Date): { today: LocalDate; timeZone: string } {
  const timeZone = findGuild(db, guildId)?.timezone ?? "UTC";
  return { today: localDate(now, timeZone), timeZone };
}

/** The guild's time zone, for a cohort's early end date. */
export function cohortTimeZone(db: Db, c: Pick<Cohort, "guildId">): string {
  return findGuild(db, c.guildId)?.timezone ?? "UTC";
}

// ---------------------------------------------------------------------------
// Membership.

export interface MembershipChange {
  cohort: Cohort;
  /** the cohort's role, to add (join, add) or remove (leave, remove) in Discord; null when it has none */
  roleId: string | null;
  /** members after the change */
  members: number;
  /** add only: true when a moderator added someone past the capacity */
  overCapacity: boolean;
}

function isMember(db: Db, cohortId: number, userId: string): boolean {
  return (
    db
      .select({ userId: cohortMembers.userId })
      .from(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
      .get() !== undefined
  );
}

function memberCount(db: Db, cohortId: number): number {
  return (
    db.select({ n: count() }).from(cohortMembers).where(eq(cohortMembers.cohortId, cohortId)).get()?.n ?? 0
  );
}

function stateNow(db: Db, c: Cohort, now: Date): CohortState {
  return cohortState(c, localDate(now, ensureGuild(db, c.guildId, now).timezone));
}

function endedMessage(c: Cohort, action: string): string {
  return `${quoted(c.name)} has ended, so ${action}. /cohort list shows the cohorts that are open.`;
}

/**
 * A member joins an upcoming or running cohort (SPEC §3.11). Refused when it has
 * ended, when they are already in it, or when it is full.
 */
export function joinCohort(
  db: Db,
  guildId: string,
  name: string,
  ref: MemberRef,
  now: Date,
): MembershipChange {
  return db.transaction((tx) => {
    const cohort = findCohort(tx, guildId, name);
    if (stateNow(tx, cohort, now) === "ended")
      throw new UserError(endedMessage(cohort, "it takes no new members"));
    if (isMember(tx, cohort.id, ref.userId)) {
      throw new UserError(
        `You are already in ${quoted(cohort.name)}. /cohort status ${cohort.name} shows how it goes.`,
      );
    }
    const before = memberCount(tx, cohort.id);
    if (cohort.capacity !== null && before >= cohort.capacity) {
      throw new UserError(
        `${quoted(cohort.name)} is full (${cohort.capacity} of ${cohort.capacity} places taken). Ask a moderator, or pick another cohort from /cohort list.`,
      );
    }
    ensureMember(tx, ref, now);
    tx.insert(cohortMembers).values({ cohortId: cohort.id, userId: ref.userId, joinedAt: now }).run();
    return { cohort, roleId: cohort.roleId, members: before + 1, overCapacity: false };
  });
}

/**
 * A moderator adds a member to an upcoming or running cohort. The capacity
 * limits self-service joins only: a moderator may add past it (reported in
 * `overCapacity`), since there is no other way to make room.
 */
export function addToCohort(
  db: Db,
  guildId: string,
  name: string,
  ref: MemberRef,
  now: Date,
): MembershipChange {
  return db.transaction((tx) => {
    const cohort = findCohort(tx, guildId, name);
    if (stateNow(tx, cohort, now) === "ended")
      throw new UserError(endedMessage(cohort, "nobody can be added"));
    if (isMember(tx, cohort.id, ref.userId)) {
      throw new UserError(`That member is already in ${quoted(cohort.name)}.`);
    }
    ensureMember(tx, ref, now);
    tx.insert(cohortMembers).values({ cohortId: cohort.id, userId: ref.userId, joinedAt: now }).run();
    const members = memberCount(tx, cohort.id);
    return {
      cohort,
      roleId: cohort.roleId,
      members,
      overCapacity: cohort.capacity !== null && members > cohort.capacity,
    };
  });
}

function dropMember(db: Db, cohort: Cohort, userId: string): MembershipChange {
  db.delete(cohortMembers)
    .where(and(eq(cohortMembers.cohortId, cohort.id), eq(cohortMembers.userId, userId)))
    .run();
  return { cohort, roleId: cohort.roleId, members: memberCount(db, cohort.id), overCapacity: false };
}

/**
 * A member leaves a cohort. Refused when they are not in it, and once it has
 * ended: an ended cohort's member list is its record (its report and export);
 * a moderator can still remove someone from it.
 */
export function leaveCohort(
  db: Db,
  guildId: string,
  name: string,
  userId: string,
  now: Date,
): MembershipChange {
  return db.transaction((tx) => {
    const cohort = findCohort(tx, guildId, name);
    if (!isMember(tx, cohort.id, userId)) {
      throw new UserError(`You are not in ${quoted(cohort.name)}, so there is nothing to leave.`);
    }
    if (stateNow(tx, cohort, now) === "ended") {
      throw new UserError(
        `${quoted(cohort.name)} has ended and its member list is kept as its record. Ask a moderator if you need to be taken off it.`,
      );
    }
    return dropMember(tx, cohort, userId);
  });
}

/** A moderator removes a member from a cohort, ended or not. Refused when they are not in it. */
export function removeFromCohort(
  db: Db,
  guildId: string,
  name: string,
  userId: string,
  _now: Date,
): MembershipChange {
  return db.transaction((tx) => {
    const cohort = findCohort(tx, guildId, name);
    if (!isMember(tx, cohort.id, userId)) {
      throw new UserError(
        `That member is not in ${quoted(cohort.name)}. /cohort status ${cohort.name} lists its members.`,
      );
    }
    return dropMember(tx, cohort, userId);
  });
}

/** User ids of a cohort's members, for `leaderboard(…, { userIds })`. */
export function cohortMemberIds(db: Db, cohortId: number): string[] {
  return db
    .select({ userId: cohortMembers.userId })
    .from(cohortMembers)
    .where(eq(cohortMembers.cohortId, cohortId))
    .orderBy(asc(cohortMembers.userId))
    .all()
    .map((r) => r.userId);
}

/** The cohorts a member is in, in this guild, newest start first (for /profile). */
export function memberCohorts(db: Db, guildId: string, userId: string): Cohort[] {
  return db
    .select({ cohort: cohorts })
    .from(cohortMembers)
    .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
    .where(and(eq(cohorts.guildId, guildId), eq(cohortMembers.userId, userId)))
    .orderBy(sql`${cohorts.startDate} desc`, asc(cohorts.nameKey))
    .all()
    .map((r) => r.cohort);
}

/**
 * A moderator ends a cohort now: it takes no more members and gets no more
 * check-ins. Refused when it has already ended, by a moderator or on its own.
 */
export function endCohort(db: Db, guildId: string, name: string, by: string, now: Date): Cohort {
  return db.transaction((tx) => {
    const cohort = findCohort(tx, guildId, name);
    const timeZone = ensureGuild(tx, guildId, now).timezone;
    const ended = endedOn(cohort, timeZone);
    if (ended !== null) throw new UserError(`${quoted(cohort.name)} already ended on ${ended}.`);
    const { lastDay } = cohortWindow(cohort);
    if (localDate(now, timeZone) > lastDay) {
      throw new UserError(`${quoted(cohort.name)} already ended on its own after its last day, ${lastDay}.`);
    }
    return tx
      .update(cohorts)
      .set({ endedAt: now, endedBy: by })
      .where(eq(cohorts.id, cohort.id))
      .returning()
      .get() as Cohort;
  });
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
export function listCohorts(db: Db, guildId: string, guildToday: LocalDate): CohortSummary[] {
  return db
    .select({ cohort: cohorts, members: count(cohortMembers.userId) })
    .from(cohorts)
    .leftJoin(cohortMembers, eq(cohortMembers.cohortId, cohorts.id))
    .where(eq(cohorts.guildId, guildId))
    .groupBy(cohorts.id)
    .all()
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

/** The guild's cohort with this id, or undefined when there is none or it belongs to another guild. */
export function findCohortById(db: Db, guildId: string, id: number): Cohort | undefined {
  return db
    .select()
    .from(cohorts)
    .where(and(eq(cohorts.id, id), eq(cohorts.guildId, guildId)))
    .get();
}
