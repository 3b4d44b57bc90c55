import {
  type ApplicationCommandOptionChoiceData,
  ApplicationIntegrationType,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  InteractionContextType,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { Clock } from "../clock";
import type { Db } from "../db/client";
import { UserError } from "../errors";
import type { Logger } from "../log";
import type { MemberRef } from "../members/members";
import type { LivenessDeps } from "../projects/liveness";
import type { ArgsOf, CommandArgs, Focused, FocusedOf } from "./args";
import type { CustomId } from "./custom-id";
import type { CommandOption } from "./options";

/** What a handler committed, so a reply that fails afterwards can still say so (issue 9). */
export interface SavedNote {
  /** e.g. "entry #123 (2 h of build)" */
  what: string;
  /** how to take it back, e.g. "`/log undo`" */
  undo?: string;
}

/** What every handler receives: the store, the clock and the caller, never globals. */
export interface CommandContext {
  db: Db;
  clock: Clock;
  log: Logger;
  /** the calling member in the guild the interaction came from */
  caller: MemberRef;
  /** the key signed custom ids are sealed with (src/db/secrets.ts) */
  signingKey: Uint8Array;
  /** how project URLs are checked live: the system's DNS and TCP, or a test network */
  network: LivenessDeps;
  /** note what was committed, before replying: the error boundary tells the member if the reply fails */
  saved(note: SavedNote): void;
}

/** What a signed custom id written in this context is sealed with. */
export const sealOf = (ctx: CommandContext) => ({ secret: ctx.signingKey, guildId: ctx.caller.guildId });

export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;
export type Choices = ApplicationCommandOptionChoiceData<string | number>[];

/** A button or a form (modal) submission whose custom id a codec owns. */
export type ComponentRoute =
  | {
      readonly codec: CustomId<unknown>;
      readonly kind: "button";
      readonly dm?: undefined;
      run(interaction: ButtonInteraction<"cached">, ctx: CommandContext): Promise<void>;
    }
  | {
      readonly codec: CustomId<unknown>;
      readonly kind: "modal";
      readonly dm?: undefined;
      run(interaction: ModalSubmitInteraction<"cached">, ctx: CommandContext): Promise<void>;
    }
  | DmRoute;

/**
 * A button or form that also works in a DM (a reminder's Log time, SPEC §3.17). A DM
 * has no server, so the server is the custom id's `guild`; the boundary lets the
 * presser act there only if they opted in to a reminder there. In a server it is
 * checked like any other route (the id's guild must be the interaction's).
 */
export type DmRoute = {
  readonly codec: CustomId<unknown>;
  readonly dm: { guildOf(customId: string): string };
} & (
  | { readonly kind: "button"; run(interaction: ButtonInteraction, ctx: CommandContext): Promise<void> }
  | { readonly kind: "modal"; run(interaction: ModalSubmitInteraction, ctx: CommandContext): Promise<void> }
);

export const OTHER_GUILD =
  "This button belongs to another server: use the buttons in this server's own posts and replies.";

/**
 * Decodes a custom id (a UserError when it is malformed, forged or outdated). A
 * custom id with a `guild` field acts only in that guild (SPEC §3.14): a press
 * or a form sent from anywhere else is refused before the handler runs.
 */
function decodeIn<V>(codec: CustomId<V>, id: string, ctx: CommandContext): V {
  // A signed codec also checks its MAC, owner and expiry against the press (issue 9, defect 8).
  const values = codec.decode(id, { ...sealOf(ctx), userId: ctx.caller.userId, now: ctx.clock.now() });
  const guild = (values as { guild?: unknown }).guild;
  if (typeof guild === "string" && guild !== ctx.caller.guildId) throw new UserError(OTHER_GUILD);
  return values;
}

type Handler<I, V> = (interaction: I, values: V, ctx: CommandContext) => Promise<void>;

/** The route's `run`: the handler with the custom id's values decoded and checked. */
const decoded =
  <I extends { customId: string }, V>(codec: CustomId<V>, handler: Handler<I, V>) =>
  (interaction: I, ctx: CommandContext) =>
    handler(interaction, decodeIn(codec, interaction.customId, ctx), ctx);

/** Routes buttons whose custom id `codec` owns to `handler`, with the id's values decoded. */
export function onButton<V>(
  codec: CustomId<V>,
  handler: Handler<ButtonInteraction<"cached">, V>,
): ComponentRoute {
  return { codec: codec as CustomId<unknown>, kind: "button", run: decoded(codec, handler) };
}

/** Routes form submissions whose custom id `codec` owns to `handler` (read the fields with a Form). */
export function onModal<V>(
  codec: CustomId<V>,
  handler: Handler<ModalSubmitInteraction<"cached">, V>,
): ComponentRoute {
  return { codec: codec as CustomId<unknown>, kind: "modal", run: decoded(codec, handler) };
}

const inDms = <V extends { guild: string }>(codec: CustomId<V>) => ({
  guildOf: (id: string) => codec.decode(id).guild,
});

/** Like onButton, and also pressed in a DM (see DmRoute): the id's `guild` is where it acts. */
export function onDmButton<V extends { guild: string }>(
  codec: CustomId<V>,
  handler: Handler<ButtonInteraction, V>,
): DmRoute {
  return {
    codec: codec as CustomId<unknown>,
    kind: "button",
    dm: inDms(codec),
    run: decoded(codec, handler),
  };
}

/** Like onModal, and also submitted in a DM (see DmRoute). */
export function onDmModal<V extends { guild: string }>(
  codec: CustomId<V>,
  handler: Handler<ModalSubmitInteraction, V>,
): DmRoute {
  return { codec: codec as CustomId<unknown>, kind: "modal", dm: inDms(codec), run: decoded(codec, handler) };
}

/** A loaded command as the registry and the boundary see it; built by defineCommand. */
export interface Command {
  /** exactly what is registered with Discord (and hashed) */
  readonly definition: CommandDefinition;
  readonly components: readonly ComponentRoute[];
  /** whether the boundary refuses non-moderators for this subcommand (or the command) */
  moderatorOnly(subcommand: string | undefined): boolean;
  execute(
    interaction: ChatInputCommandInteraction<"cached">,
    args: CommandArgs,
    ctx: CommandContext,
  ): Promise<void>;
  autocomplete?(focused: Focused, ctx: CommandContext): Choices | Promise<Choices>;
}

/**
 * The definition every shiplog command shares: guild only, installed to guilds, and
 * for moderator commands hidden from members by default (the boundary enforces it
 * regardless, since server admins can change command permissions).
 */
export function guildCommand<const O extends CommandOption[]>(spec: {
  name: string;
  description: string;
  moderator?: boolean | undefined;
  options?: O | undefined;
}) {
  return {
    name: spec.name,
    description: spec.description,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    ...(spec.moderator ? { default_member_permissions: String(PermissionFlagsBits.ManageGuild) } : {}),
    ...(spec.options ? { options: spec.options } : {}),
  } satisfies CommandDefinition;
}

/** What a command or a subcommand file declares; `A` is typed from `options`. */
export interface HandlerSpec<O, A> {
  name: string;
  description: string;
  /** only moderators may run it: checked by the boundary before `execute` */
  moderator?: boolean;
  options?: O;
  execute(interaction: ChatInputCommandInteraction<"cached">, args: A, ctx: CommandContext): Promise<void>;
  autocomplete?(focused: FocusedOf<O>, ctx: CommandContext): Choices | Promise<Choices>;
  components?: readonly ComponentRoute[];
}

export type CommandSpec<O extends CommandOption[]> = HandlerSpec<O, ArgsOf<O>>;

/** The spec's handlers with their typed arguments erased, as the boundary calls them. */
export function handlersOf<O, A>(
  spec: HandlerSpec<O, A>,
): Pick<Command, "components" | "execute" | "autocomplete"> {
  return {
    components: spec.components ?? [],
    execute: spec.execute as Command["execute"],
    ...(spec.autocomplete ? { autocomplete: spec.autocomplete as NonNullable<Command["autocomplete"]> } : {}),
  };
}

/** A command in one file: its options type its handler's arguments. */
export function defineCommand<const O extends CommandOption[] = []>(spec: CommandSpec<O>): Command {
  const moderator = spec.moderator ?? false;
  return {
    definition: guildCommand(spec),
    moderatorOnly: () => moderator,
    ...handlersOf(spec),
  };
}
