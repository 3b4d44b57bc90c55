import type { Cohort } from "../../src/cohorts/cohort";
import { type CreateCohortInput, createCohort } from "../../src/cohorts/cohorts";
import type { Store } from "../../src/db/client";
import { logHours } from "../../src/logs/hours";
import type { MemberRef } from "../../src/members/members";
import { logProject } from "../../src/projects/log";
import { GUILD, interactionId } from "../helpers/store";

export const MOD = "400000000000000001";

export const noon = (day: string) => new Date(`${day}T12:00:00Z`);

export const ref = (userId: string, displayName: string, guildId = GUILD): MemberRef => ({
  guildId,
  userId,
  displayName,
});

/** Logs hours on `day` (UTC noon; members here use the guild's UTC zone unless a test sets one). */
export async function hours(
  s: Store,
  who: MemberRef,
  day: string,
  h: number,
  kind: "learn" | "build" = "build",
) {
  return (await logHours(s.db, who, interactionId(), { hours: h, kind }, noon(day))).entry;
}

export async function project(
  s: Store,
  who: MemberRef,
  day: string,
  name = "api",
  url = "https://api.example.com",
) {
  return (await logProject(s.db, who, interactionId(), { name, url }, noon(day))).entry;
}

export async function cohort(
  s: Store,
  input: Partial<CreateCohortInput> & { start: string },
  now: Date,
  guildId = GUILD,
): Promise<Cohort> {
  return createCohort(s.db, guildId, { name: "Spring backend", weeks: 12, ...input }, MOD, now);
}
