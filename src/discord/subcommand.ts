import type { APIApplicationCommandBasicOption, APIApplicationCommandSubcommandOption } from "discord.js";
import { OUTDATED_COMMAND, UserError } from "../errors";
import type { OptionArgs } from "./args";
import { type Command, type ComponentRoute, guildCommand, type HandlerSpec, handlersOf } from "./command";
import { option } from "./options";

/** One subcommand in its own file; defineCommandWithSubcommands dispatches to it by name. */
export interface Subcommand extends Pick<Command, "components" | "execute" | "autocomplete"> {
  readonly definition: APIApplicationCommandSubcommandOption;
  readonly moderator: boolean;
}

export type SubcommandSpec<O extends APIApplicationCommandBasicOption[]> = HandlerSpec<O, OptionArgs<O>>;

export function defineSubcommand<const O extends APIApplicationCommandBasicOption[] = []>(
  spec: SubcommandSpec<O>,
): Subcommand {
  return {
    definition: option.subcommand(spec.name, spec.description, spec.options),
    moderator: spec.moderator ?? false,
    ...handlersOf(spec),
  };
}

/**
 * A command whose subcommands live in their own files (commands/log/, commands/cohort/):
 * the definition lists them in the given order, and each brings its own handler,
 * autocomplete, buttons and moderator flag.
 */
export function defineCommandWithSubcommands(spec: {
  name: string;
  description: string;
  moderator?: boolean;
  subcommands: readonly Subcommand[];
  /** buttons and forms that belong to the command as a whole (Log time on /log) */
  components?: readonly ComponentRoute[];
}): Command {
  const pick = (name: string | undefined): Subcommand => {
    const sub = spec.subcommands.find((s) => s.definition.name === name);
    if (!sub) throw new UserError(OUTDATED_COMMAND);
    return sub;
  };
  return {
    definition: guildCommand({ ...spec, options: spec.subcommands.map((s) => s.definition) }),
    components: [...spec.subcommands.flatMap((s) => s.components), ...(spec.components ?? [])],
    moderatorOnly: (name) => (spec.moderator ?? false) || pick(name).moderator,
    execute: (interaction, args, ctx) => pick(args.subcommand).execute(interaction, args, ctx),
    autocomplete: (focused, ctx) => pick(focused.subcommand).autocomplete?.(focused, ctx) ?? [],
  };
}
