import {
  type APIApplicationCommandAttachmentOption,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandBooleanOption,
  type APIApplicationCommandChannelOption,
  type APIApplicationCommandIntegerOption,
  type APIApplicationCommandMentionableOption,
  type APIApplicationCommandNumberOption,
  type APIApplicationCommandRoleOption,
  type APIApplicationCommandStringOption,
  type APIApplicationCommandSubcommandOption,
  type APIApplicationCommandUserOption,
  ApplicationCommandOptionType as T,
} from "discord.js";

/** Everything of an option but what the builder's arguments give (distributes over unions). */
type Extras<O> = O extends unknown ? Omit<O, "type" | "name" | "description"> : never;

/**
 * A typed option builder: `option.string("name", "desc", { required: true, max_length: 60 })`
 * returns `{ type, name, description, required, max_length }` with the literal name,
 * `required: true` and choice values kept in its type, so handlers' arguments can be
 * typed from the definition. Keys come out in the order written (the registration
 * hash depends on it).
 */
function basic<Type extends T, Api>(type: Type) {
  function make<const N extends string>(
    name: N,
    description: string,
  ): { type: Type; name: N; description: string };
  function make<const N extends string, const E extends Extras<Api>>(
    name: N,
    description: string,
    extra: E,
  ): { type: Type; name: N; description: string } & E;
  function make(name: string, description: string, extra?: object) {
    return { type, name, description, ...extra };
  }
  return make;
}

export const option = {
  string: basic<T.String, APIApplicationCommandStringOption>(T.String),
  integer: basic<T.Integer, APIApplicationCommandIntegerOption>(T.Integer),
  number: basic<T.Number, APIApplicationCommandNumberOption>(T.Number),
  boolean: basic<T.Boolean, APIApplicationCommandBooleanOption>(T.Boolean),
  user: basic<T.User, APIApplicationCommandUserOption>(T.User),
  channel: basic<T.Channel, APIApplicationCommandChannelOption>(T.Channel),
  role: basic<T.Role, APIApplicationCommandRoleOption>(T.Role),
  mentionable: basic<T.Mentionable, APIApplicationCommandMentionableOption>(T.Mentionable),
  attachment: basic<T.Attachment, APIApplicationCommandAttachmentOption>(T.Attachment),
  subcommand<const N extends string, const O extends APIApplicationCommandBasicOption[] = []>(
    name: N,
    description: string,
    options?: O,
  ) {
    const sub = options
      ? { type: T.Subcommand, name, description, options }
      : { type: T.Subcommand, name, description };
    return sub as { type: T.Subcommand; name: N; description: string; options?: O };
  },
};

/** Choices whose shown name is the value itself (`kind: build`), literal types kept. */
export function choicesOf<const V extends string>(values: readonly V[]): { name: V; value: V }[] {
  return values.map((v) => ({ name: v, value: v }));
}

/** The required `kind` option naming a kind of scheduled post, offered as choices. */
export const postKindOption = <const V extends string>(kinds: readonly V[]) =>
  option.string("kind", "Which post", { required: true, choices: choicesOf(kinds) });

/** Options a handler can read; subcommand groups are not used by shiplog. */
export type CommandOption = APIApplicationCommandBasicOption | APIApplicationCommandSubcommandOption;
