import type { ApplicationCommandOptionChoiceData } from "discord.js";
import { searchCohorts } from "../cohorts/queries";
import type { Db } from "../db/client";
import { TOPICS } from "../roadmap/topics";
import { searchStacks } from "../stacks/catalog";
import { searchTimeZones } from "../time/zone-names";
import type { CommandContext } from "./command";
import { option } from "./options";

/** The required, autocompleted `stack` option of /pick-stack and /config stack-role. */
export const stackOption = (description: string) =>
  option.string("stack", description, { required: true, autocomplete: true, max_length: 64 });

/** Autocomplete choices shared by several commands (Discord allows 25, names ≤ 100 chars). */
export async function stackChoices(
  db: Db,
  guildId: string,
  query: string,
): Promise<ApplicationCommandOptionChoiceData<string>[]> {
  return (await searchStacks(db, guildId, query)).map((s) => ({
    name: `${s.label} (${s.id})`.slice(0, 100),
    value: s.id,
  }));
}

export function topicChoices(query: string): ApplicationCommandOptionChoiceData<string>[] {
  const q = query.trim().toLowerCase();
  return TOPICS.filter((t) => t.includes(q)).map((t) => ({ name: t, value: t }));
}

export function timeZoneChoices(
  query: string,
  extra: readonly string[] = [],
): ApplicationCommandOptionChoiceData<string>[] {
  const q = query.trim().toLowerCase();
  const fixed = extra.filter((x) => q === "" || x.includes(q)).map((x) => ({ name: x, value: x }));
  const zones = searchTimeZones(query).map((z) => ({ name: z.label, value: z.name }));
  return [...fixed, ...zones].slice(0, 25);
}

/** Autocomplete for an option naming one of this server's cohorts. */
export async function cohortChoices(
  focused: { value: string },
  { db, caller }: CommandContext,
): Promise<ApplicationCommandOptionChoiceData<string>[]> {
  return (await searchCohorts(db, caller.guildId, focused.value)).map((n) => ({ name: n, value: n }));
}
