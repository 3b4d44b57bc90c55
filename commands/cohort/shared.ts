import type { ChatInputCommandInteraction } from "discord.js";
import type { ResolvedUser } from "../../src/discord/args";
import { cohortChoices } from "../../src/discord/choices";
import type { CommandContext, ComponentRoute } from "../../src/discord/command";
import { option } from "../../src/discord/options";
import { defineSubcommand, type Subcommand } from "../../src/discord/subcommand";

type Interaction = ChatInputCommandInteraction<"cached">;

/** The cohort a subcommand acts on, picked from the server's cohorts. */
const cohortOption = <const N extends "name" | "cohort">(name: N) =>
  option.string(name, "The cohort", { required: true, autocomplete: true, max_length: 60 });

interface Common {
  name: string;
  description: string;
  moderator?: boolean;
  components?: readonly ComponentRoute[];
}

/** A subcommand acting on one cohort named in its `name` option (autocompleted). */
export function namedCohortSubcommand(
  spec: Common & { execute(interaction: Interaction, name: string, ctx: CommandContext): Promise<void> },
): Subcommand {
  return defineSubcommand({
    ...spec,
    options: [cohortOption("name")],
    execute: (interaction, args, ctx) => spec.execute(interaction, args.name, ctx),
    autocomplete: cohortChoices,
  });
}

/** A moderator subcommand acting on a member of the cohort in its `cohort` option. */
export function cohortMemberSubcommand(
  spec: Common & {
    execute(
      interaction: Interaction,
      cohort: string,
      member: ResolvedUser,
      ctx: CommandContext,
    ): Promise<void>;
  },
): Subcommand {
  return defineSubcommand({
    ...spec,
    moderator: true,
    options: [cohortOption("cohort"), option.user("member", "The member", { required: true })],
    execute: (interaction, args, ctx) => spec.execute(interaction, args.cohort, args.member, ctx),
    autocomplete: cohortChoices,
  });
}
