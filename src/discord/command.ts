import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { Clock } from "../clock";
import type { Db } from "../db/client";
import type { Logger } from "../log";
import type { MemberRef } from "../members/members";

/** What every handler receives: the store, the clock and the caller, never globals. */
export interface CommandContext {
  db: Db;
  clock: Clock;
  log: Logger;
  /** the calling member in the guild the interaction came from */
  caller: MemberRef;
}

export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;

export interface Command {
  definition: CommandDefinition;
  execute(interaction: ChatInputCommandInteraction<"cached">, ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction<"cached">, ctx: CommandContext): Promise<void>;
  /** buttons whose custom id starts with `${definition.name}:` are routed here */
  button?(interaction: ButtonInteraction<"cached">, ctx: CommandContext): Promise<void>;
}

/** Identity helper so command files get type checking without a class hierarchy. */
export function defineCommand(command: Command): Command {
  return command;
}
