/** Interactions the stand-in sends: who, where, and the payload Discord would deliver. */
import { randomBytes } from "node:crypto";
import {
  type APIApplicationCommandInteractionDataOption,
  type APIAutocompleteApplicationCommandInteractionData,
  type APIChatInputApplicationCommandInteractionData,
  type APIDMChannel,
  type APIInteraction,
  type APIInteractionDataResolved,
  type APIMessage,
  type APIMessageComponentInteractionData,
  type APIModalSubmission,
  type APIThreadChannel,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  type InteractionResponseType,
  type InteractionType,
  type Locale,
  ApplicationCommandOptionType as OptionType,
} from "discord-api-types/v10";
import { inDm } from "./dms";
import { BOT_PERMISSIONS, MEMBER_PERMISSIONS, snowflake } from "./payloads";
import type { Commands } from "./routes/commands";
import { assertSnowflake, type GuildState, type World } from "./state";
import type { CallbackData, InteractionInput, MessageBody, UploadedFile } from "./types";
import { asObject, SNOWFLAKE_RE } from "./validate";

export interface CallbackRecord {
  type: InteractionResponseType;
  data?: CallbackData;
  files: UploadedFile[];
  /** the HTTP status the stand-in answered with */
  status: number;
}

export interface InteractionState {
  id: string;
  token: string;
  type: InteractionType;
  /** command name or custom id, for messages */
  name: string;
  guildId: string;
  channelId: string;
  userId: string;
  payload: APIInteraction;
  callbacks: CallbackRecord[];
  acked: boolean;
  originalMessageId: string | null;
  /** edits of @original when the callback came: final() waits for one more after a deferral */
  editBaseline: number;
  /** the message a component sits on */
  sourceMessageId: string | null;
  followUps: Array<{ id: string; payload: MessageBody; files: UploadedFile[] }>;
}

type AutocompleteData = APIAutocompleteApplicationCommandInteractionData &
  Required<Pick<APIAutocompleteApplicationCommandInteractionData, "options">>;

/** What kind of interaction, with its data (and, for components, the message they sit on). */
export type InteractionKind =
  | { type: InteractionType.ApplicationCommand; data: APIChatInputApplicationCommandInteractionData }
  | { type: InteractionType.ApplicationCommandAutocomplete; data: AutocompleteData }
  | { type: InteractionType.MessageComponent; data: APIMessageComponentInteractionData; message: APIMessage }
  | { type: InteractionType.ModalSubmit; data: APIModalSubmission; message?: APIMessage };

const EN_US = "en-US" as Locale;
const LEAF_VALUE: Partial<Record<OptionType, "string" | "number" | "boolean">> = {
  [OptionType.String]: "string",
  [OptionType.Integer]: "number",
  [OptionType.Number]: "number",
  [OptionType.Boolean]: "boolean",
  [OptionType.User]: "string",
  [OptionType.Channel]: "string",
  [OptionType.Role]: "string",
  [OptionType.Mentionable]: "string",
  [OptionType.Attachment]: "string",
};

type CommandInteractionType =
  | InteractionType.ApplicationCommand
  | InteractionType.ApplicationCommandAutocomplete;
export type DataOption<T extends CommandInteractionType> = APIApplicationCommandInteractionDataOption<T>;

/** Narrows options a test or the demo gave to what Discord would send, or says what is wrong. */
export function toOptions<T extends CommandInteractionType>(
  list: readonly unknown[],
  path = "options",
): DataOption<T>[] {
  return list.map((raw, i) => {
    const here = `${path}[${i}]`;
    const option = asObject(raw);
    if (!option || typeof option.name !== "string" || typeof option.type !== "number") {
      throw new Error(`stand-in: ${here} needs a name and a numeric type: ${JSON.stringify(raw)}`);
    }
    const { name, type } = option;
    if (type === OptionType.Subcommand || type === OptionType.SubcommandGroup) {
      const options = toOptions<T>(Array.isArray(option.options) ? option.options : [], `${here}.options`);
      return { name, type, options } as DataOption<T>;
    }
    const expected = LEAF_VALUE[type as OptionType];
    if (expected === undefined || typeof option.value !== expected) {
      throw new Error(`stand-in: ${here} (${name}) has a ${typeof option.value} value for type ${type}`);
    }
    const leaf = { name, type, value: option.value, ...(option.focused === true ? { focused: true } : {}) };
    return leaf as DataOption<T>;
  });
}

/** what a resolved thread channel carries besides its id, name and type */
function threadFields(thread: APIThreadChannel) {
  return {
    ...(thread.parent_id ? { parent_id: thread.parent_id } : {}),
    ...(thread.thread_metadata ? { thread_metadata: structuredClone(thread.thread_metadata) } : {}),
  };
}

export class Interactions {
  readonly byId = new Map<string, InteractionState>();
  readonly byToken = new Map<string, InteractionState>();

  constructor(
    private readonly world: World,
    private readonly commands: Commands,
    /** the DM channel with this id (dms.ts), for presses in DMs */
    private readonly dmChannel: (channelId: string) => APIDMChannel | undefined = () => undefined,
  ) {}

  guild(guildId: string | undefined, fallback: string): GuildState {
    const guild = this.world.guilds.get(guildId ?? fallback);
    if (!guild) throw new Error(`stand-in: unknown guild ${guildId}; pass it in opts.guilds`);
    return guild;
  }

  /** a new interaction (or, for a known `interactionId`, the same one again, as Discord redelivers) */
  create(
    kind: InteractionKind,
    name: string,
    input: InteractionInput,
    defaultGuildId: string,
    sourceMessageId: string | null = null,
  ): InteractionState {
    if (input.interactionId !== undefined && !input.forgeInteractionId) {
      const existing = this.byId.get(input.interactionId);
      if (existing) return existing;
      assertSnowflake(input.interactionId, "interaction id");
    }
    const dm = input.channelId === undefined ? undefined : this.dmChannel(input.channelId);
    const where = dm ? this.inDm(dm, input) : this.inGuild(input, defaultGuildId);
    const id = input.interactionId ?? snowflake();
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString("base64url")}`).toString(
      "base64url",
    );
    const payload = {
      id,
      application_id: this.world.applicationId,
      token,
      version: 1,
      ...where.payload,
      app_permissions: BOT_PERMISSIONS,
      locale: EN_US,
      entitlements: [],
      attachment_size_limit: 10_485_760,
      ...kind,
    } satisfies APIInteraction;
    const { guildId, channelId, userId } = where;
    const state: InteractionState = {
      id,
      token,
      type: kind.type,
      name,
      guildId,
      channelId,
      userId,
      payload,
      callbacks: [],
      acked: false,
      originalMessageId: null,
      editBaseline: 0,
      sourceMessageId,
      followUps: [],
    };
    this.byId.set(id, state);
    this.byToken.set(token, state);
    return state;
  }

  /** a press in a guild channel: the guild, the channel and the member */
  private inGuild(input: InteractionInput, defaultGuildId: string) {
    const guild = this.guild(input.guildId, defaultGuildId);
    const channelId = input.channelId ?? guild.channelIds[0] ?? "";
    const channel = this.world.channels.get(channelId);
    if (!channel || this.world.guildOf(channelId) !== guild.id) {
      throw new Error(`stand-in: unknown channel ${channelId} in guild ${guild.id}; pass it in opts.guilds`);
    }
    const userId = input.userId ?? this.world.defaultUserId;
    assertSnowflake(userId, "user id");
    this.world.ensureUser(userId, input.username);
    const member = this.world.ensureMember(guild, userId);
    if (input.roles) member.roles = [...input.roles];
    const payload = {
      guild_id: guild.id,
      guild: { id: guild.id, locale: EN_US, features: [] },
      channel_id: channelId,
      channel: structuredClone(channel),
      member: { ...this.world.memberObject(member), permissions: input.permissions ?? MEMBER_PERMISSIONS },
      guild_locale: EN_US,
      authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guild.id },
      context: InteractionContextType.Guild,
    };
    return { guildId: guild.id, channelId, userId, payload };
  }

  /** a press in the bot's DM with a user: no guild, no member; only that user can press there */
  private inDm(channel: APIDMChannel, input: InteractionInput) {
    const payload = inDm(channel);
    if (input.userId !== undefined && input.userId !== payload.user.id) {
      throw new Error(`stand-in: DM channel ${channel.id} is ${payload.user.id}'s, not ${input.userId}'s`);
    }
    if (input.guildId !== undefined) throw new Error("stand-in: a DM interaction has no guild");
    return { guildId: "0", channelId: channel.id, userId: payload.user.id, payload };
  }

  /** data of a chat-input command: the registered command's id, options, and what they mention */
  commandData<T extends CommandInteractionType>(
    name: string,
    guild: GuildState,
    options: DataOption<T>[] | undefined,
    resolve: boolean,
  ) {
    const found = this.commands.find(name, guild.id);
    const data: {
      id: string;
      name: string;
      type: ApplicationCommandType.ChatInput;
      guild_id?: string;
      options?: DataOption<T>[];
      resolved?: APIInteractionDataResolved;
    } = {
      id: found.id,
      name,
      type: ApplicationCommandType.ChatInput,
    };
    if (found.guildId) data.guild_id = found.guildId;
    if (options) data.options = options;
    const resolved = resolve ? this.resolve(options ?? [], guild) : undefined;
    if (resolved) data.resolved = resolved;
    return data;
  }

  /** `resolved` for user/channel/role/mentionable options, from what the stand-in knows */
  private resolve(
    options: DataOption<CommandInteractionType>[],
    guild: GuildState,
  ): APIInteractionDataResolved | undefined {
    const resolved: Required<Pick<APIInteractionDataResolved, "users" | "members" | "roles" | "channels">> = {
      users: {},
      members: {},
      roles: {},
      channels: {},
    };
    const walk = (list: DataOption<CommandInteractionType>[]) => {
      for (const option of list) {
        if ("options" in option) walk(option.options ?? []);
        if (!("value" in option) || typeof option.value !== "string" || !SNOWFLAKE_RE.test(option.value))
          continue;
        const value = option.value;
        // Any guild's role, as a forged payload could name it; the bot must check ownership.
        const role =
          guild.roles.find((r) => r.id === value) ??
          [...this.world.guilds.values()].flatMap((g) => g.roles).find((r) => r.id === value);
        const channel = this.world.channels.get(value);
        if (option.type === OptionType.User || (option.type === OptionType.Mentionable && !role)) {
          const { user, ...member } = this.world.memberObject(this.world.ensureMember(guild, value));
          resolved.users[value] = user;
          resolved.members[value] = { ...member, permissions: MEMBER_PERMISSIONS };
        } else if (role && (option.type === OptionType.Role || option.type === OptionType.Mentionable)) {
          resolved.roles[value] = structuredClone(role);
        } else if (option.type === OptionType.Channel && channel) {
          const base = { id: value, name: channel.name ?? "", permissions: BOT_PERMISSIONS };
          resolved.channels[value] =
            channel.type === ChannelType.GuildText
              ? { ...base, type: channel.type }
              : { ...base, type: channel.type, ...threadFields(channel) };
        }
      }
    };
    walk(options);
    const kept = Object.entries(resolved).filter(([, map]) => Object.keys(map).length > 0);
    return kept.length > 0 ? Object.fromEntries(kept) : undefined;
  }
}
