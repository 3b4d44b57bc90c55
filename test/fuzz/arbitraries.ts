/**
 * fast-check generators for interactions, derived from the command definitions
 * the bot registers (API JSON), so a new command, subcommand or option is fuzzed
 * without touching this file. Most values follow the definition (to reach the
 * code behind validation); a share are hostile: far too long, mentions,
 * Markdown, odd Unicode, wrong option types, ids from another guild, missing or
 * unknown options, and malformed shapes Discord itself would never send.
 */
import fc from "fast-check";

/** The option types Discord sends (ApplicationCommandOptionType). */
const SUB = 1;
const GROUP = 2;
const STRING = 3;
const INTEGER = 4;
const BOOLEAN = 5;
const USER = 6;
const CHANNEL = 7;
const ROLE = 8;
const MENTIONABLE = 9;
const NUMBER = 10;

export interface OptionDefinition {
  type: number;
  name: string;
  required?: boolean;
  options?: readonly OptionDefinition[];
  choices?: ReadonlyArray<{ name: string; value: string | number }>;
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
}

export interface CommandDefinitionLike {
  name: string;
  options?: readonly OptionDefinition[];
}

/** Ids the generated values draw on: the calling guild's, another guild's, and unknown ones. */
export interface IdPool {
  guildId: string;
  /** members of the calling guild */
  users: readonly string[];
  channels: readonly string[];
  roles: readonly string[];
  /** another guild the bot is in */
  otherGuildId: string;
  otherChannels: readonly string[];
  otherRoles: readonly string[];
}

export interface GeneratedCommand {
  name: string;
  options: unknown[];
}

const snowflake = fc.bigInt({ min: 10n ** 16n, max: 2n ** 63n - 1n }).map(String);

/** Text a member could type to cause trouble. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "@everyone",
    "@here",
    "<@&123456789012345678>",
    "<@123456789012345678>",
    "**bold** __under__ ~~strike~~ ||spoiler|| `code` ```block```",
    "[Click here](https://evil.example/login)",
    "https://example.com/)[Click here](https://evil.example/login)",
    "\u202eevil\u202c",
    "\u200b\u200b\u200b",
    "\ud800",
    "👩‍💻🚀".repeat(40),
    "line1\nline2\r\n> quote\n# heading",
    "' OR 1=1 --",
    "%s%n%x",
    "",
    " ",
    "null",
    "today",
    "2026-02-30",
    "http://[::ffff:0:127.0.0.1]/",
    "http://localhost.localdomain/",
    "javascript:alert(1)",
  ),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer({ min: 101, max: 6000 }).map((n) => "x".repeat(n)),
);

/** A value of the option's declared type, mostly within its declared limits. */
function validValue(option: OptionDefinition, ids: IdPool): fc.Arbitrary<unknown> {
  if (option.choices && option.choices.length > 0) {
    return fc.constantFrom(...option.choices.map((c) => c.value));
  }
  switch (option.type) {
    case STRING: {
      const max = option.max_length ?? 100;
      const min = option.min_length ?? 0;
      return fc.oneof(
        fc.string({ minLength: min, maxLength: Math.min(max, 60) }),
        fc.constantFrom("https://myapp.fly.dev", "today", "yesterday", "Europe/Berlin", "go", "databases"),
      );
    }
    case INTEGER:
      return fc.integer({ min: option.min_value ?? -1000, max: option.max_value ?? 1000 });
    case NUMBER:
      return fc.double({
        min: option.min_value ?? -1000,
        max: option.max_value ?? 1000,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case BOOLEAN:
      return fc.boolean();
    case USER:
      return fc.constantFrom(...ids.users);
    case CHANNEL:
      return fc.constantFrom(...ids.channels);
    case ROLE:
      return fc.constantFrom(...ids.roles);
    case MENTIONABLE:
      return fc.constantFrom(...ids.users, ...ids.roles);
    default:
      return fc.constant(null);
  }
}

/** A value Discord would not send for this option, or one from the wrong guild. */
function hostileValue(option: OptionDefinition, ids: IdPool): fc.Arbitrary<unknown> {
  const foreign = fc.constantFrom(
    ids.otherGuildId,
    ...ids.otherChannels,
    ...ids.otherRoles,
    ids.guildId, // @everyone as a role, the guild as a channel
  );
  switch (option.type) {
    case STRING:
      return hostileText;
    case INTEGER:
    case NUMBER:
      return fc.oneof(
        fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.5, -0),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      );
    case USER:
    case CHANNEL:
    case ROLE:
    case MENTIONABLE:
      return fc.oneof(foreign, snowflake);
    default:
      return fc.oneof(hostileText, fc.integer());
  }
}

/** One option as Discord sends it; sometimes with a type other than declared. */
function optionPayload(option: OptionDefinition, ids: IdPool): fc.Arbitrary<unknown> {
  const declared = fc.oneof(
    { weight: 6, arbitrary: validValue(option, ids) },
    { weight: 3, arbitrary: hostileValue(option, ids) },
  );
  return fc.oneof(
    { weight: 9, arbitrary: declared.map((value) => ({ name: option.name, type: option.type, value })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(STRING, INTEGER, BOOLEAN, NUMBER, USER, ROLE, CHANNEL), hostileText)
        .map(([type, value]) => ({ name: option.name, type, value })),
    },
  );
}

/** The leaf options of a subcommand (or of a command without subcommands). */
function leafOptions(options: readonly OptionDefinition[], ids: IdPool): fc.Arbitrary<unknown[]> {
  const parts = options.map((option) =>
    option.required
      ? fc.oneof(
          { weight: 19, arbitrary: optionPayload(option, ids).map((o) => [o]) },
          { weight: 1, arbitrary: fc.constant([]) },
        )
      : fc.oneof(
          fc.constant([]),
          optionPayload(option, ids).map((o) => [o]),
        ),
  );
  const unknown = fc.oneof(
    { weight: 19, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.constant([{ name: "not-an-option", type: STRING, value: "x" }]) },
  );
  return fc.tuple(...parts, unknown).map((lists) => lists.flat());
}

function branch(option: OptionDefinition, ids: IdPool): fc.Arbitrary<unknown> {
  const children = option.options ?? [];
  if (option.type === GROUP) {
    const subs = children.filter((c) => c.type === SUB);
    return fc
      .oneof(...subs.map((s) => branch(s, ids)))
      .map((sub) => ({ name: option.name, type: GROUP, options: [sub] }));
  }
  return leafOptions(children, ids).map((options) => ({ name: option.name, type: SUB, options }));
}

/** Interactions for one command definition, covering every subcommand. */
export function commandInteraction(
  definition: CommandDefinitionLike,
  ids: IdPool,
): fc.Arbitrary<GeneratedCommand> {
  const options = definition.options ?? [];
  const branches = options.filter((o) => o.type === SUB || o.type === GROUP);
  const body =
    branches.length > 0
      ? fc.oneof(
          { weight: 19, arbitrary: fc.oneof(...branches.map((b) => branch(b, ids))).map((b) => [b]) },
          // a subcommand this version does not have (a stale registration)
          { weight: 1, arbitrary: fc.constant<unknown[]>([{ name: "retired", type: SUB, options: [] }]) },
        )
      : leafOptions(options, ids);
  return body.map((opts) => ({ name: definition.name, options: opts }));
}

/** Interactions for every command, weighted evenly, plus a command that no longer exists. */
export function anyCommandInteraction(
  definitions: readonly CommandDefinitionLike[],
  ids: IdPool,
): fc.Arbitrary<GeneratedCommand> {
  return fc.oneof(
    { weight: 39, arbitrary: fc.oneof(...definitions.map((d) => commandInteraction(d, ids))) },
    { weight: 1, arbitrary: fc.constant<GeneratedCommand>({ name: "retired-command", options: [] }) },
  );
}
