import {
  type CommandInteractionOption,
  type GuildBasedChannel,
  type GuildMember,
  type Role,
  ApplicationCommandOptionType as T,
  type User,
} from "discord.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type ArgsOf, buildArgs, type FocusedOf, focusedOf, subcommandOf } from "../../src/discord/args";
import { defineCommand } from "../../src/discord/command";
import { choicesOf, option } from "../../src/discord/options";
import { OUTDATED_COMMAND } from "../../src/errors";
import { expectUserError } from "../helpers/errors";

type Data = CommandInteractionOption<"cached">[];

// Stand-ins for the objects discord.js resolves; the builder only passes them through.
const ana = { id: "830000000000000001", username: "ana", globalName: "Ana" } as unknown as User;
const anaMember = { displayName: "Ana (mod)" } as unknown as GuildMember;
const general = { id: "840000000000000001", name: "general" } as unknown as GuildBasedChannel;
const mods = { id: "850000000000000001", name: "mods" } as unknown as Role;

const flat = [
  option.string("kind", "k", { required: true, choices: choicesOf(["learn", "build"]) }),
  option.number("hours", "h", { required: true }),
  option.string("note", "n", { max_length: 10 }),
  option.boolean("public", "p"),
  option.user("member", "m"),
  option.channel("channel", "c"),
  option.role("role", "r"),
  option.string("topic", "t", { autocomplete: true }),
];

const withSubs = [
  option.subcommand("show", "s", [option.user("member", "m", { required: true })]),
  option.subcommand("peers", "p", [option.string("stack", "s", { autocomplete: true })]),
  option.subcommand("list", "l"),
];

describe("buildArgs: options.data → handler arguments", () => {
  it("reads every declared option once; missing optional ones are present as undefined", () => {
    const data: Data = [
      { name: "kind", type: T.String, value: "build" },
      { name: "hours", type: T.Number, value: 1.5 },
    ];
    expect(buildArgs(flat, data)).toEqual({
      kind: "build",
      hours: 1.5,
      note: undefined,
      public: undefined,
      member: undefined,
      channel: undefined,
      role: undefined,
      topic: undefined,
    });
  });

  it("resolves users with their member, channels and roles from the option itself", () => {
    const data: Data = [
      { name: "kind", type: T.String, value: "learn" },
      { name: "hours", type: T.Number, value: 2 },
      { name: "public", type: T.Boolean, value: false },
      { name: "member", type: T.User, value: ana.id, user: ana, member: anaMember },
      { name: "channel", type: T.Channel, value: general.id, channel: general },
      { name: "role", type: T.Role, value: mods.id, role: mods },
    ];
    const args = buildArgs(flat, data);
    expect(args.member).toEqual({ user: ana, member: anaMember });
    expect(args.channel).toBe(general);
    expect(args.role).toBe(mods);
    expect(args.public).toBe(false);
  });

  it("a user outside the guild comes without a member", () => {
    const data: Data = [
      { name: "kind", type: T.String, value: "learn" },
      { name: "hours", type: T.Number, value: 2 },
      { name: "member", type: T.User, value: ana.id, user: ana },
    ];
    expect(buildArgs(flat, data).member).toEqual({ user: ana, member: undefined });
  });

  it("names the subcommand and reads its own options", () => {
    const show: Data = [
      {
        name: "show",
        type: T.Subcommand,
        options: [{ name: "member", type: T.User, value: ana.id, user: ana, member: anaMember }],
      },
    ];
    expect(subcommandOf(show)).toBe("show");
    expect(buildArgs(withSubs, show)).toEqual({
      subcommand: "show",
      member: { user: ana, member: anaMember },
    });
    expect(buildArgs(withSubs, [{ name: "list", type: T.Subcommand }])).toEqual({ subcommand: "list" });
    expect(buildArgs(withSubs, [{ name: "peers", type: T.Subcommand, options: [] }])).toEqual({
      subcommand: "peers",
      stack: undefined,
    });
  });

  it("a required option that did not arrive, one of another type, or an unknown subcommand, is an outdated command (issue 9)", async () => {
    const outdated = async (
      data: Parameters<typeof buildArgs>[1],
      declared: Parameters<typeof buildArgs>[0] = flat,
    ) =>
      expectUserError(
        () => buildArgs(declared, data),
        new RegExp(`^${OUTDATED_COMMAND.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`),
      );
    await outdated([{ name: "kind", type: T.String, value: "learn" }]);
    await outdated([{ name: "gone", type: T.Subcommand }], withSubs);
    await outdated([{ name: "show", type: T.Subcommand, options: [] }], withSubs);
    await outdated([
      { name: "hours", type: T.String, value: "2" },
      { name: "kind", type: T.String, value: "learn" },
    ]);
    expect(OUTDATED_COMMAND).toMatch(/Reload Discord/);
  });

  it("finds the focused option of an autocomplete, inside its subcommand", () => {
    expect(focusedOf(flat, [{ name: "topic", type: T.String, value: "da", focused: true }])).toEqual({
      name: "topic",
      value: "da",
    });
    const peers: Data = [
      {
        name: "peers",
        type: T.Subcommand,
        options: [{ name: "stack", type: T.String, value: "no", focused: true }],
      },
    ];
    expect(focusedOf(withSubs, peers)).toEqual({ subcommand: "peers", name: "stack", value: "no" });
    expect(focusedOf(flat, [])).toBeUndefined();
  });
});

describe("ArgsOf: handler arguments typed from the definition", () => {
  it("required options are plain, optional ones may be undefined, choices are literal unions", () => {
    type A = ArgsOf<typeof flat>;
    expectTypeOf<A["kind"]>().toEqualTypeOf<"learn" | "build">();
    expectTypeOf<A["hours"]>().toEqualTypeOf<number>();
    expectTypeOf<A["note"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<A["public"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<A["channel"]>().toEqualTypeOf<GuildBasedChannel | undefined>();
    expectTypeOf<A["role"]>().toEqualTypeOf<Role | undefined>();
    expectTypeOf<NonNullable<A["member"]>["member"]>().toEqualTypeOf<GuildMember | undefined>();
    expectTypeOf<FocusedOf<typeof flat>>().toEqualTypeOf<{ name: "topic"; value: string }>();
  });

  it("subcommands are a union discriminated by `subcommand`", () => {
    type A = ArgsOf<typeof withSubs>;
    expectTypeOf<A["subcommand"]>().toEqualTypeOf<"show" | "peers" | "list">();
    expectTypeOf<Extract<A, { subcommand: "peers" }>>().toEqualTypeOf<{
      subcommand: "peers";
      stack: string | undefined;
    }>();
    expectTypeOf<FocusedOf<typeof withSubs>>().toEqualTypeOf<{
      subcommand: "peers";
      name: "stack";
      value: string;
    }>();
  });

  it("reading an option the definition does not declare does not compile", () => {
    const command = defineCommand({
      name: "probe",
      description: "type-level only",
      options: [option.string("goals", "g", { required: true })],
      async execute(_interaction, args) {
        expectTypeOf(args.goals).toEqualTypeOf<string>();
        // @ts-expect-error `goal` is not an option of /probe: a renamed option breaks the build
        void args.goal;
      },
    });
    const subcommands = defineCommand({
      name: "probe-subs",
      description: "type-level only",
      options: withSubs,
      async execute(_interaction, args) {
        switch (args.subcommand) {
          case "show":
            expectTypeOf(args.member.user).toEqualTypeOf<User>();
            // @ts-expect-error `stack` belongs to another subcommand
            void args.stack;
            return;
          case "peers":
          case "list":
            return;
          default:
            // every subcommand is handled, so nothing is left here
            expectTypeOf(args).toBeNever();
        }
      },
    });
    expect(command.definition.options).toEqual([
      { type: T.String, name: "goals", description: "g", required: true },
    ]);
    expect(subcommands.definition.options).toHaveLength(3);
  });
});
