import type {
  APIApplicationCommandBasicOption,
  APIApplicationCommandSubcommandOption,
  ChatInputCommandInteraction,
} from "discord.js";
import type { CommandArgs, Focused, FocusedOf, OptionArgs } from "./args";
import {
  type Choices,
  type Command,
  type CommandContext,
  type ComponentRoute,
  guildCommand,
} from "./command";
import { option } from "./options";

/** One subcommand in its own file; defineCommandWithSubcommands dispatches to it by name. */
export interface Subcommand {
  readonly definition: APIApplicationCommandSubcommandOption;
  readonly moderator: boolean;
  readonly components: readonly ComponentRoute[];
  execute(
    interaction: ChatInputCommandInteraction<"cached">,
    args: CommandArgs,
    ctx: CommandContext,
  ): Promise<void>;
  autocomplete?(focused: Focused, ctx: CommandContext): Choices | Promise<Choices>;
}

export interface SubcommandSpec<O extends APIApplicationCommandBasicOption[]> {
  name: string;
  description: string;
  /** only moderators may run it: checked by the boundary before `execute` */
  moderator?: boolean;
  options?: O;
  execute(
    interaction: ChatInputCommandInteraction<"cached">,
    args: OptionArgs<O>,
    ctx: CommandContext,
  ): Promise<void>;
  autocomplete?(focused: FocusedOf<O>, ctx: CommandContext): Choices | Promise<Choices>;
  components?: readonly ComponentRoute[];
}

export function defineSubcommand<const O extends APIApplicationCommandBasicOption[] = []>(
  spec: SubcommandSpec<O>,
): Subcommand {
  return {
    definition: option.subcommand(spec.name, spec.description, spec.options),
    moderator: spec.moderator ?? false,
    components: spec.components ?? [],
    execute: spec.execute as Subcommand["execute"],
    ...(spec.autocomplete
      ? { autocomplete: spec.autocomplete as NonNullable<Subcommand["autocomplete"]> }
      : {}),
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
}): Command {
  const pick = (name: string | undefined): Subcommand => {
    const sub = spec.subcommands.find((s) => s.definition.name === name);
    if (!sub) throw new Error(`unknown /${spec.name} subcommand ${name}`);
    return sub;
  };
  return {
    definition: guildCommand({ ...spec, options: spec.subcommands.map((s) => s.definition) }),
    components: spec.subcommands.flatMap((s) => s.components),
    moderatorOnly: (name) => (spec.moderator ?? false) || pick(name).moderator,
    execute: (interaction, args, ctx) => pick(args.subcommand).execute(interaction, args, ctx),
    autocomplete: (focused, ctx) => pick(focused.subcommand).autocomplete?.(focused, ctx) ?? [],
  };
}
