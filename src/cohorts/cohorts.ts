/**
 * Starting and ending time-boxed cohorts (SPEC §3.11). The calendar of a run is
 * in calendar.ts, who is in one in membership.ts, finding and listing them in
 * queries.ts.
 *
 * A cohort ends either when a moderator ends it (`ended_at`) or on its own
 * after its last day. An ended cohort takes no new members and keeps its
 * member list as its record.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { dialectSql } from "../db/dialect";
import { one } from "../db/raw";
import { cohorts } from "../db/tables";
import { transaction } from "../db/tx";
import { UserError } from "../errors";
import { ensureGuild } from "../guilds/settings";
import { addDays, parseLocalDate } from "../time/dates";
import { localDate } from "../time/zones";
import { parseInput } from "../validation";
import { cohortWindow, endedOn } from "./calendar";
import { type Cohort, MAX_NAME, normaliseName, quotedName } from "./cohort";
import { findCohort } from "./queries";

export const MIN_WEEKS = 1;
export const MAX_WEEKS = 52;
/** Inclusive: a start exactly this many days back is accepted. */
export const MAX_START_DAYS_BACK = 30;
export const MAX_START_DAYS_AHEAD = 365;
export const MAX_CAPACITY = 1000;

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
    if (dialectSql().isUniqueViolation(code)) return true;
  }
  return false;
}

/**
 * Creates a cohort (moderators). The start is a local date in the guild's time
 * zone, from 30 days back to 365 days ahead of the guild's today, inclusive.
 */
export async function createCohort(
  db: Db,
  guildId: string,
  raw: CreateCohortInput,
  createdBy: string,
  now: Date,
): Promise<Cohort> {
  const input = parseInput(CreateInput, raw);
  const start = parseLocalDate(input.start);
  if (start === null) {
    throw new UserError(
      `${quotedName(input.start)} is not a date: write the start as YYYY-MM-DD, for example 2026-03-02.`,
    );
  }
  try {
    return await transaction(db, async (tx) => {
      const guild = await ensureGuild(tx, guildId, now);
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
      return await one(
        tx
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
          .returning(),
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new UserError(
        `A cohort named ${quotedName(input.name)} already exists in this server (names are compared regardless of case). Pick another name, for example "${input.name.slice(0, MAX_NAME - 5)} 2".`,
      );
    }
    throw error;
  }
}

/**
 * A moderator ends a cohort now: it takes no more members and gets no more
 * check-ins. Refused when it has already ended, by a moderator or on its own.
 */
export async function endCohort(
  db: Db,
  guildId: string,
  name: string,
  by: string,
  now: Date,
): Promise<Cohort> {
  return transaction(db, async (tx) => {
    const cohort = await findCohort(tx, guildId, name);
    const timeZone = (await ensureGuild(tx, guildId, now)).timezone;
    const ended = endedOn(cohort, timeZone);
    if (ended !== null) throw new UserError(`${quotedName(cohort.name)} already ended on ${ended}.`);
    const { lastDay } = cohortWindow(cohort);
    if (localDate(now, timeZone) > lastDay) {
      throw new UserError(
        `${quotedName(cohort.name)} already ended on its own after its last day, ${lastDay}.`,
      );
    }
    return (await one(
      tx.update(cohorts).set({ endedAt: now, endedBy: by }).where(eq(cohorts.id, cohort.id)).returning(),
    )) as Cohort;
  });
}
