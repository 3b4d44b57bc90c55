import {
  type APIApplicationCommandOption,
  type Attachment,
  type CommandInteractionOption,
  type GuildBasedChannel,
  type GuildMember,
  type Role,
  ApplicationCommandOptionType as T,
  type User,
} from "discord.js";
import { OUTDATED_COMMAND, Outdated } from "../errors";

/** A user option: the user, and their member in this guild when Discord resolved it. */
export interface ResolvedUser {
  user: User;
  member: GuildMember | undefined;
}

/** How the guild shows a user option's member: nickname, else global name, else username. */
export function displayNameOf({ user, member }: ResolvedUser): string {
  return member?.displayName ?? user.globalName ?? user.username;
}

type Simplify<X> = { [K in keyof X]: X[K] } & {};
type Elements<Os> = Os extends readonly unknown[] ? Os[number] : never;
type NameOf<O> = O extends { name: infer N extends string } ? N : never;

/** The value a handler gets for one option: choices become their literal union. */
type ValueOf<O> = O extends { choices: readonly { value: infer V }[] }
  ? V
  : O extends { type: T.String }
    ? string
    : O extends { type: T.Integer | T.Number }
      ? number
      : O extends { type: T.Boolean }
        ? boolean
        : O extends { type: T.User }
          ? ResolvedUser
          : O extends { type: T.Channel }
            ? GuildBasedChannel
            : O extends { type: T.Role }
              ? Role
              : O extends { type: T.Mentionable }
                ? ResolvedUser | Role
                : O extends { type: T.Attachment }
                  ? Attachment
                  : never;

type ArgValue<O> = O extends { required: true } ? ValueOf<O> : ValueOf<O> | undefined;

/** Arguments of a list of plain options: every declared name is a key; optional ones may be undefined. */
export type OptionArgs<Os> = Simplify<{
  [K in NameOf<Elements<Os>>]: ArgValue<Extract<Elements<Os>, { name: K }>>;
}>;

type Subcommands<Os> = Extract<Elements<Os>, { type: T.Subcommand }>;
type SubOptions<S> = S extends { options?: infer O } ? NonNullable<O> : [];

type Scoped<Os, What> = What extends "args" ? OptionArgs<Os> : Focusable<Os>;
type PerSubcommand<Os, What extends "args" | "focused"> = [Subcommands<Os>] extends [never]
  ? Scoped<Os, What>
  : Subcommands<Os> extends infer S
    ? S extends { name: infer N extends string }
      ? Simplify<{ subcommand: N } & Scoped<SubOptions<S>, What>>
      : never
    : never;

/**
 * What a handler receives for a command's options (yuudachi's ArgumentsOf): with
 * subcommands, a union discriminated by `subcommand`, so a switch over it is
 * checked for completeness; a renamed option is a compile error where it is read.
 */
export type ArgsOf<Os> = PerSubcommand<Os, "args">;

type FocusedOption<O> = O extends { name: infer N extends string; type: infer Ty }
  ? { name: N; value: Ty extends T.String ? string : number }
  : never;
type Focusable<Os> = FocusedOption<Extract<Elements<Os>, { autocomplete: true }>>;

/** The option being typed in an autocomplete, as `{ name, value }` (and `subcommand`). */
export type FocusedOf<Os> = PerSubcommand<Os, "focused">;

/** The untyped shapes the boundary passes around; handlers see them through ArgsOf/FocusedOf. */
export type CommandArgs = { subcommand?: string } & Record<string, unknown>;
export interface Focused {
  subcommand?: string;
  name: string;
  value: string | number;
}

type Data = readonly CommandInteractionOption<"cached">[];
type Declared = readonly APIApplicationCommandOption[] | undefined;

function stale(): never {
  throw new Outdated(OUTDATED_COMMAND);
}

function resolved<V>(value: V | undefined): V {
  return value === undefined ? stale() : value;
}

function argValue(o: CommandInteractionOption<"cached">): unknown {
  const user = () => ({ user: resolved(o.user), member: o.member ?? undefined });
  switch (o.type) {
    case T.User:
      return user();
    case T.Channel:
      return resolved(o.channel);
    case T.Role:
      return resolved(o.role);
    case T.Mentionable:
      return o.user ? user() : resolved(o.role);
    case T.Attachment:
      return resolved(o.attachment);
    default:
      return o.value;
  }
}

/**
 * The chosen subcommand (if the command has subcommands) with its declared options
 * and the options Discord sent for it. Nested options carry the same resolved
 * objects as top-level ones (discord.js types them loosely).
 */
function scope(declared: Declared, data: Data): { subcommand?: string; declared: Declared; data: Data } {
  const first = data[0];
  if (first?.type === T.SubcommandGroup) stale();
  if (first?.type !== T.Subcommand) return { declared, data };
  const sub = declared?.find((d) => d.type === T.Subcommand && d.name === first.name);
  if (!sub || sub.type !== T.Subcommand) stale();
  return { subcommand: first.name, declared: sub.options, data: (first.options ?? []) as Data };
}

/** The subcommand an interaction names, if any (for log lines and the moderator check). */
export function subcommandOf(data: Data): string | undefined {
  const first = data[0];
  return first?.type === T.Subcommand ? first.name : undefined;
}

/**
 * Builds a handler's arguments once from `interaction.options.data`: every declared
 * option is a key (undefined when not given), resolved users, members, channels and
 * roles included. A missing required option or one of another type is a stale
 * registration or a malformed payload: the member is told the command is outdated.
 */
export function buildArgs(declared: Declared, data: Data): CommandArgs {
  const s = scope(declared, data);
  const args: CommandArgs = s.subcommand === undefined ? {} : { subcommand: s.subcommand };
  for (const d of s.declared ?? []) {
    const given = s.data.find((o) => o.name === d.name);
    if (!given && "required" in d && d.required) stale();
    if (given && given.type !== d.type) stale();
    args[d.name] = given ? argValue(given) : undefined;
  }
  return args;
}

/** The option being typed in an autocomplete interaction, or undefined when none is focused. */
export function focusedOf(declared: Declared, data: Data): Focused | undefined {
  const s = scope(declared, data);
  const focused = s.data.find((o) => o.focused);
  if (!focused || (typeof focused.value !== "string" && typeof focused.value !== "number")) return undefined;
  const option = { name: focused.name, value: focused.value };
  return s.subcommand === undefined ? option : { subcommand: s.subcommand, ...option };
}
