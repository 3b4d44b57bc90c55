import type {
  APIApplicationCommandSubcommandOption,
  AutocompleteInteraction,
  ChatInputCommandInteraction,
} from "discord.js";
import type { CommandContext } from "./command";

/** One subcommand in its own file; the command's index.ts dispatches by name. */
export interface Subcommand {
  definition: APIApplicationCommandSubcommandOption;
  execute(interaction: ChatInputCommandInteraction<"cached">, ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction<"cached">, ctx: CommandContext): Promise<void>;
}

export function defineSubcommand(sub: Subcommand): Subcommand {
  return sub;
}

/** Finds the subcommand an interaction names; an unknown name is a programming error. */
export function pickSubcommand(subs: readonly Subcommand[], name: string): Subcommand {
  const sub = subs.find((s) => s.definition.name === name);
  if (!sub) throw new Error(`unknown subcommand ${name}`);
  return sub;
}
