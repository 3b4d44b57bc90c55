/**
 * A local stand-in for Discord: REST v10 over HTTP and the JSON gateway over WebSocket, both on
 * 127.0.0.1 with a random port. A real discord.js Client is pointed at it with
 * `rest: { api: standin.apiUrl }`; it never touches the real Discord.
 *
 * Behaviour mirrors what discord.js 14.28 (@discordjs/ws 1.2, @discordjs/rest 2.6) needs:
 * - login: GET /gateway/bot, then the gateway at `${url}?v=10&encoding=json` (HELLO, heartbeat ACKs,
 *   IDENTIFY -> READY + one GUILD_CREATE per guild when the Guilds intent is set, RESUME -> RESUMED with replay).
 * - interactions are dispatched as INTERACTION_CREATE with every field discord.js reads; callbacks,
 *   webhook edits and follow-ups are recorded and answered like Discord does (including the common errors:
 *   10062 unknown interaction, 40060 already acknowledged, 10015 unknown webhook, 50006 empty message,
 *   50035 invalid form body).
 * - anything no route matches is recorded in `unhandled` and answered 404.
 */
import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { PermissionFlagsBits } from "discord-api-types/v10";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { type MultipartPart, parseMultipart } from "./multipart";

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

export interface GuildOptions {
  id: string;
  name?: string;
  /** `overwrites` are the channel's permission_overwrites (e.g. deny the bot's role Send Messages) */
  channels?: Array<{
    id: string;
    name: string;
    overwrites?: Array<{ id: string; type: 0 | 1; allow: string; deny: string }>;
  }>;
  /** extra roles besides @everyone (id = guild id) and the bot's managed role */
  roles?: Array<{ id: string; name: string; permissions?: string }>;
  ownerId?: string;
}

export interface StandInOptions {
  guilds?: GuildOptions[];
  /** the bot's permissions (app_permissions in interactions and its managed role); default BOT_PERMISSIONS */
  appPermissions?: string;
  /** default timeout for command()/button()/final()/waitFor...(); default 5000 ms */
  timeoutMs?: number;
  botUsername?: string;
  /** heartbeat_interval sent in HELLO; default 41250 ms (lower it to exercise heartbeats in a test) */
  heartbeatIntervalMs?: number;
}

export interface UploadedFile {
  name: string;
  filename: string;
  contentType?: string;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** without the /api/v10 prefix and without query, percent-decoded (e.g. /webhooks/1/tok/messages/@original) */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** parsed JSON, or for multipart: { payload, files }; undefined when there was no body */
  body: unknown;
}

export interface CommandInput {
  name: string;
  /** options as Discord sends them, e.g. [sub("hours", [opt("hours", 10, 2)])] */
  options?: unknown[];
  userId?: string;
  username?: string;
  guildId?: string;
  channelId?: string;
  /** member permissions bitfield as a numeric string; default MEMBER_PERMISSIONS (no Manage Guild) */
  permissions?: string;
  /** the member's role ids; when omitted the roles the stand-in knows for this member are used */
  roles?: string[];
  /** resolved data for user/role/channel options; merged over what the stand-in resolves itself */
  resolved?: unknown;
  /** reuse a given interaction id: if known, the identical payload (same token) is delivered again */
  interactionId?: string;
  locale?: string;
  /** how long to wait for the bot's callback; default opts.timeoutMs (5000) */
  timeoutMs?: number;
}

export interface ComponentInput {
  customId: string;
  userId?: string;
  username?: string;
  guildId?: string;
  channelId?: string;
  /** the message the component is on: a message the stand-in knows (bot message / reply) or a new id */
  messageId?: string;
  permissions?: string;
  roles?: string[];
  locale?: string;
  interactionId?: string;
  timeoutMs?: number;
}

export interface InteractionResult {
  interactionId: string;
  token: string;
  /** the callback body: { type, data } (for multipart callbacks: the payload_json part) */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary payload fields
  callback: { type: number; data?: any };
  /** files attached to the callback (multipart) */
  files: UploadedFile[];
  /** HTTP status the stand-in answered the callback with (204/200, or 4xx when Discord would reject it) */
  status: number;
  /**
   * The latest content (merged payload) of @original: for type 4/7 immediately; for type 5/6 once the bot
   * has edited @original at least once; for other types the callback data.
   */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary payload fields
  final(ms?: number): Promise<any>;
  /** follow-up payloads posted via POST /webhooks/{app}/{token} so far */
  followUps(): unknown[];
  /** resolves once at least `count` follow-ups were posted */
  waitForFollowUps(count: number, ms?: number): Promise<unknown[]>;
}

export interface ChannelMessage {
  channelId: string;
  id: string;
  /** the JSON payload (for multipart: the payload_json part) */
  body: unknown;
  files: UploadedFile[];
}

export interface ThreadRecord {
  channelId: string;
  messageId: string | null;
  id: string;
  body: unknown;
}

export interface StandIn {
  /** "http://127.0.0.1:PORT/api": give to discord.js as rest.api */
  apiUrl: string;
  /** "ws://127.0.0.1:PORT/gateway" */
  gatewayUrl: string;
  token: string;
  applicationId: string;
  botUserId: string;
  defaultGuildId: string;
  /** first text channel of the default guild (interactions go there unless channelId is given) */
  defaultChannelId: string;
  /** the user interactions come from unless userId is given */
  defaultUserId: string;
  requests: RecordedRequest[];
  unhandled: RecordedRequest[];
  commandPuts: Array<{ path: string; guildId: string | null; body: unknown[] }>;
  channelMessages: ChannelMessage[];
  threads: ThreadRecord[];
  /** message edits via PATCH /channels/{id}/messages/{mid} */
  messageEdits: Array<{ channelId: string; messageId: string; body: unknown }>;
  /** every gateway payload the client sent except heartbeats */
  gatewayPayloads: Array<{ op: number; d: unknown }>;
  /** problems on the gateway (bad frames, unsupported compression, ...); tests may assert it is empty */
  protocolErrors: string[];
  readonly identifyCount: number;
  readonly resumeCount: number;
  /** heartbeats (op 1) received and ACKed */
  readonly heartbeatCount: number;

  waitForIdentify(ms?: number): Promise<void>;
  command(input: CommandInput): Promise<InteractionResult>;
  autocomplete(input: CommandInput & { focused: string }): Promise<InteractionResult>;
  button(input: ComponentInput): Promise<InteractionResult>;
  select(input: ComponentInput & { values: string[]; componentType?: number }): Promise<InteractionResult>;
  modalSubmit(input: ComponentInput & { fields: Record<string, string> }): Promise<InteractionResult>;
  failChannel(channelId: string, status: number, code: number, message: string): void;
  /** make every request matching `predicate` answer with a Discord error until cleared */
  fail(predicate: (r: RecordedRequest) => boolean, status: number, code: number, message: string): void;
  clearFailures(): void;
  waitForRequest(predicate: (r: RecordedRequest) => boolean, ms?: number): Promise<RecordedRequest>;
  /** resolves with the first truthy value `check` returns, re-evaluated whenever the stand-in's state changes */
  waitFor<T>(check: () => T | undefined | null | false, ms?: number, what?: string): Promise<T>;
  connectionCount(): number;
  waitForConnectionCount(count: number, ms?: number): Promise<void>;
  /** send a dispatch event (op 0) to every ready gateway session; returns how many got it */
  dispatch(t: string, d: unknown): number;
  /** close every gateway socket with `code` (4000 makes discord.js resume, 1000 makes it re-identify) */
  disconnect(code?: number, reason?: string): void;
  /** the member roles the stand-in currently knows (changed by PUT/DELETE member role routes) */
  memberRoles(guildId: string, userId: string): string[];
  /** add a text channel to a guild (and send CHANNEL_CREATE to ready sessions) */
  addChannel(guildId: string, channel: { id?: string; name: string }): string;
  /** the current full message object for a message id the stand-in knows */
  message(id: string): Record<string, unknown> | undefined;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Helpers for tests
// ---------------------------------------------------------------------------------------------

const P = PermissionFlagsBits;
/** a plain member: View Channel | Send Messages | Use Application Commands */
export const MEMBER_PERMISSIONS = (P.ViewChannel | P.SendMessages | P.UseApplicationCommands).toString();
/** a plain member plus Manage Guild */
export const MANAGER_PERMISSIONS = (BigInt(MEMBER_PERMISSIONS) | P.ManageGuild).toString();
/** every permission (what Discord sends for administrators) */
export const ADMIN_PERMISSIONS = Object.values(PermissionFlagsBits)
  .reduce((all, bit) => all | bit, 0n)
  .toString();
/** what the bot gets by default */
export const BOT_PERMISSIONS = (
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.CreatePublicThreads |
  P.ManageThreads |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.AddReactions |
  P.UseExternalEmojis |
  P.ManageRoles |
  P.UseApplicationCommands
).toString();

/** Option types as Discord sends them, and the ephemeral message flag, for test payloads. */
export const STRING = 3;
export const INTEGER = 4;
export const BOOLEAN = 5;
export const USER = 6;
export const CHANNEL = 7;
export const ROLE = 8;
export const NUMBER = 10;
export const EPHEMERAL = 64;

export interface CommandOption {
  name: string;
  type: number;
  value?: unknown;
  options?: CommandOption[];
  focused?: boolean;
}

/** a subcommand option (type 1) with its options */
export function sub(name: string, options: Array<{ name: string; type: number; value: unknown }> = []) {
  return { name, type: 1, options };
}

/** a subcommand group option (type 2) */
export function group(name: string, subcommands: Array<ReturnType<typeof sub>>) {
  return { name, type: 2, options: subcommands };
}

/** a leaf option, e.g. opt("hours", 10, 2) (3 string, 4 integer, 5 boolean, 6 user, 7 channel, 8 role, 10 number) */
export function opt(name: string, type: number, value: unknown) {
  return { name, type, value };
}

const DISCORD_EPOCH = 1_420_070_400_000n;
let lastSnowflake = 0n;
/** increasing, realistic snowflakes (timestamp-based, 19 digits) */
export function snowflake(): string {
  const fromClock = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
  lastSnowflake = fromClock > lastSnowflake ? fromClock : lastSnowflake + 1n;
  return lastSnowflake.toString();
}

export async function startStandIn(opts: StandInOptions = {}): Promise<StandIn> {
  const standin = new DiscordStandIn(opts);
  await standin.listen();
  return standin;
}

// ---------------------------------------------------------------------------------------------
// Implementation
// ---------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;
interface Reply {
  status: number;
  body?: unknown;
}
interface Failure {
  predicate: (r: RecordedRequest) => boolean;
  status: number;
  code: number;
  message: string;
}
interface RouteContext {
  req: RecordedRequest;
  params: Map<string, string>;
  payload: Json;
  files: UploadedFile[];
}
interface Route {
  method: string;
  pattern: string[];
  auth: boolean;
  handle: (ctx: RouteContext) => Reply;
}
interface MemberState {
  userId: string;
  roles: string[];
  joinedAt: string;
  nick: string | null;
}
interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  botRoleId: string;
  channelIds: string[];
  roles: Json[];
  members: Map<string, MemberState>;
  joinedAt: string;
}
interface StoredMessage {
  id: string;
  channelId: string;
  author: Json;
  payload: Json;
  attachments: Json[];
  createdAt: string;
  editedAt: string | null;
  edits: number;
  loading: boolean;
  deleted: boolean;
  type: number;
  webhookId: string | null;
  interactionMetadata: Json | null;
}
interface CallbackRecord {
  type: number;
  data?: unknown;
  files: UploadedFile[];
  status: number;
}
interface InteractionState {
  id: string;
  token: string;
  type: number;
  name: string;
  guildId: string;
  channelId: string;
  userId: string;
  payload: Json;
  callbacks: CallbackRecord[];
  acked: boolean;
  originalMessageId: string | null;
  editBaseline: number;
  sourceMessageId: string | null;
  followUps: Array<{ id: string; payload: unknown; files: UploadedFile[] }>;
}
interface Session {
  id: string;
  seq: number;
  intents: number;
  conn: GatewayConn | null;
  buffer: Array<{ s: number; text: string }>;
}
interface GatewayConn {
  ws: WebSocket;
  session: Session | null;
  ready: boolean;
  readyOrder: number;
}

const API_PREFIX = "/api/v10";
const SNOWFLAKE_RE = /^\d{17,20}$/;
const HEARTBEAT_INTERVAL = 41_250;
const LOADING = 128;
const INTENT_GUILDS = 1;
const INTENT_GUILD_MEMBERS = 2;
const MAX_REPLAY = 1000;

/** interaction type -> callback types Discord accepts for it */
const ALLOWED_CALLBACKS: Record<number, number[]> = {
  2: [4, 5, 9, 10, 12],
  3: [4, 5, 6, 7, 9, 10, 12],
  4: [8],
  5: [4, 5, 6, 7, 10, 12],
};

function discordError(status: number, code: number, message: string): Reply {
  return { status, body: { message, code } };
}

function formError(path: Array<string | number>, code: string, message: string): Reply {
  let errors: Json = { _errors: [{ code, message }] };
  for (const key of [...path].reverse()) errors = { [String(key)]: errors };
  return { status: 400, body: { message: "Invalid Form Body", code: 50035, errors } };
}

function asObject(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function nonEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

const CHAT_NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateName(name: unknown, path: Array<string | number>, chatInput: boolean): Reply | null {
  if (typeof name !== "string") return formError(path, "BASE_TYPE_REQUIRED", "This field is required");
  if (chatInput && (!CHAT_NAME_RE.test(name) || name !== name.toLowerCase())) {
    return formError(
      path,
      "APPLICATION_COMMAND_INVALID_NAME",
      `Command name is invalid: ${JSON.stringify(name)}`,
    );
  }
  if (name.length < 1 || name.length > 32) {
    return formError(path, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.");
  }
  return null;
}

function validateDescription(description: unknown, path: Array<string | number>): Reply | null {
  if (typeof description !== "string") return formError(path, "BASE_TYPE_REQUIRED", "This field is required");
  if (description.length < 1 || description.length > 100) {
    return formError(path, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
  }
  return null;
}

function validateOptions(options: unknown, path: Array<string | number>, depth: number): Reply | null {
  if (options === undefined || options === null) return null;
  if (!Array.isArray(options)) return formError(path, "BASE_TYPE_ARRAY", "Must be an array");
  if (options.length > 25) return formError(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
  const names = new Set<string>();
  let sawOptional = false;
  let sawSub = false;
  let sawLeaf = false;
  for (const [index, raw] of options.entries()) {
    const here = [...path, index];
    const option = asObject(raw);
    if (!option) return formError(here, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    const err =
      validateName(option.name, [...here, "name"], true) ??
      validateDescription(option.description, [...here, "description"]);
    if (err) return err;
    const name = String(option.name);
    if (names.has(name))
      return formError(
        [...here, "name"],
        "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
        "Option names must be unique",
      );
    names.add(name);
    const type = option.type;
    if (typeof type !== "number" || type < 1 || type > 11) {
      return formError([...here, "type"], "BASE_TYPE_CHOICES", "Value must be one of {1..11}.");
    }
    if (type === 1 || type === 2) {
      sawSub = true;
      if ((type === 2 && depth > 0) || depth > 1) {
        return formError(
          [...here, "type"],
          "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
          "Subcommands nested too deep",
        );
      }
      if (
        type === 2 &&
        Array.isArray(option.options) &&
        option.options.some((o) => asObject(o)?.type !== 1)
      ) {
        return formError(
          [...here, "options"],
          "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
          "Groups may only contain subcommands",
        );
      }
      const nested = validateOptions(option.options, [...here, "options"], depth + 1);
      if (nested) return nested;
    } else {
      sawLeaf = true;
      if (option.required === true && sawOptional) {
        return formError(
          [...here, "required"],
          "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
          "Required options must be placed before non-required options",
        );
      }
      if (option.required !== true) sawOptional = true;
      if (Array.isArray(option.choices) && option.choices.length > 25) {
        return formError([...here, "choices"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
      }
      if (option.autocomplete === true && nonEmptyArray(option.choices)) {
        return formError(
          [...here, "autocomplete"],
          "APPLICATION_COMMAND_OPTIONS_AUTOCOMPLETE_INVALID",
          "Autocomplete options may not have choices",
        );
      }
    }
  }
  if (sawSub && sawLeaf) {
    return formError(
      path,
      "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
      "Subcommands cannot be mixed with other options",
    );
  }
  return null;
}

function validateCommand(raw: unknown, path: Array<string | number>): Reply | null {
  const command = asObject(raw);
  if (!command) return formError(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
  const type = typeof command.type === "number" ? command.type : 1;
  if (type === 1) {
    return (
      validateName(command.name, [...path, "name"], true) ??
      validateDescription(command.description, [...path, "description"]) ??
      validateOptions(command.options, [...path, "options"], 0)
    );
  }
  return validateName(command.name, [...path, "name"], false);
}

function validateCommandList(body: unknown): Reply | null {
  if (!Array.isArray(body)) return formError([], "BASE_TYPE_ARRAY", "Must be an array");
  if (body.length > 100) return formError([], "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.");
  const seen = new Set<string>();
  for (const [index, raw] of body.entries()) {
    const err = validateCommand(raw, [index]);
    if (err) return err;
    const command = raw as Json;
    const key = `${typeof command.type === "number" ? command.type : 1}:${String(command.name)}`;
    if (seen.has(key)) {
      return formError(
        [index, "name"],
        "APPLICATION_COMMANDS_DUPLICATE_NAME",
        "Application command names must be unique",
      );
    }
    seen.add(key);
  }
  return null;
}

/** checks Discord applies to a message payload; `creating` adds the empty-message check */
function validateMessage(payload: Json, fileCount: number, path: string[], creating: boolean): Reply | null {
  const content = payload.content;
  if (content !== undefined && content !== null && typeof content !== "string") {
    return formError([...path, "content"], "BASE_TYPE_BAD_TYPE", "Must be a string.");
  }
  if (typeof content === "string" && content.length > 2000) {
    return formError([...path, "content"], "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.");
  }
  if (Array.isArray(payload.embeds) && payload.embeds.length > 10) {
    return formError([...path, "embeds"], "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.");
  }
  if (Array.isArray(payload.components) && payload.components.length > 40) {
    return formError([...path, "components"], "BASE_TYPE_MAX_LENGTH", "Must be 40 or fewer in length.");
  }
  if (creating) {
    const empty =
      !(typeof content === "string" && content.length > 0) &&
      !nonEmptyArray(payload.embeds) &&
      !nonEmptyArray(payload.components) &&
      !nonEmptyArray(payload.sticker_ids) &&
      payload.poll === undefined &&
      fileCount === 0;
    if (empty) return discordError(400, 50006, "Cannot send an empty message");
  }
  return null;
}

class DiscordStandIn implements StandIn {
  apiUrl = "";
  gatewayUrl = "";
  readonly token: string;
  readonly applicationId = snowflake();
  readonly botUserId: string;
  readonly defaultGuildId: string;
  readonly defaultChannelId: string;
  readonly defaultUserId = snowflake();
  readonly requests: RecordedRequest[] = [];
  readonly unhandled: RecordedRequest[] = [];
  readonly commandPuts: Array<{ path: string; guildId: string | null; body: unknown[] }> = [];
  readonly channelMessages: ChannelMessage[] = [];
  readonly threads: ThreadRecord[] = [];
  readonly messageEdits: Array<{ channelId: string; messageId: string; body: unknown }> = [];
  readonly gatewayPayloads: Array<{ op: number; d: unknown }> = [];
  readonly protocolErrors: string[] = [];
  identifyCount = 0;
  resumeCount = 0;
  heartbeatCount = 0;

  private readonly timeoutMs: number;
  private readonly appPermissions: string;
  private readonly botUsername: string;
  private readonly heartbeatInterval: number;
  private readonly appOwnerId = snowflake();
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly events = new EventEmitter();
  private readonly routes: Route[] = [];
  private readonly failures: Failure[] = [];
  private readonly guilds = new Map<string, GuildState>();
  private readonly channels = new Map<string, Json>();
  private readonly users = new Map<string, Json>();
  private readonly dmChannels = new Map<string, string>();
  private readonly messages = new Map<string, StoredMessage>();
  private readonly attachments = new Map<string, UploadedFile>();
  private readonly interactions = new Map<string, InteractionState>();
  private readonly interactionsByToken = new Map<string, InteractionState>();
  private readonly commands = new Map<string, Json[]>();
  private readonly commandIds = new Map<string, string>();
  private readonly sessions = new Map<string, Session>();
  private readonly conns = new Set<GatewayConn>();
  private readyCounter = 0;
  private closed = false;

  constructor(opts: StandInOptions) {
    this.events.setMaxListeners(0);
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.appPermissions = opts.appPermissions ?? BOT_PERMISSIONS;
    this.botUsername = opts.botUsername ?? "shiplog";
    this.heartbeatInterval = opts.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL;
    this.botUserId = this.applicationId;
    this.token = `${Buffer.from(this.applicationId).toString("base64url")}.${randomBytes(4).toString("base64url")}.${randomBytes(27).toString("base64url")}`;

    this.users.set(this.botUserId, {
      id: this.botUserId,
      username: this.botUsername,
      discriminator: "0",
      global_name: null,
      avatar: null,
      bot: true,
      verified: true,
      mfa_enabled: false,
      flags: 0,
      public_flags: 0,
      email: null,
    });
    this.ensureUser(this.appOwnerId, "app-owner");
    this.ensureUser(this.defaultUserId, "tester");

    const guildOptions: GuildOptions[] = opts.guilds ?? [
      {
        id: snowflake(),
        name: "Shiplog Test Guild",
        channels: [
          { id: snowflake(), name: "general" },
          { id: snowflake(), name: "study-log" },
        ],
      },
    ];
    if (guildOptions.length === 0) throw new Error("startStandIn: opts.guilds must not be empty");
    for (const g of guildOptions) this.addGuild(g);
    const first = this.guilds.values().next().value as GuildState;
    this.defaultGuildId = first.id;
    const firstChannel = first.channelIds[0];
    if (!firstChannel) throw new Error("startStandIn: the first guild needs at least one channel");
    this.defaultChannelId = firstChannel;

    this.server = createServer((req, res) => this.onHttpRequest(req, res));
    this.server.on("upgrade", (req, socket, head) => this.onUpgrade(req, socket, head));
    this.wss = new WebSocketServer({ noServer: true });
    this.defineRoutes();
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const { port } = this.server.address() as AddressInfo;
    this.apiUrl = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
  }

  // ---- state setup -------------------------------------------------------------------------

  private addGuild(g: GuildOptions): void {
    this.assertSnowflake(g.id, "guild id");
    const ownerId = g.ownerId ?? snowflake();
    this.ensureUser(ownerId, "guild-owner");
    const botRoleId = snowflake();
    const state: GuildState = {
      id: g.id,
      name: g.name ?? `Guild ${g.id.slice(-4)}`,
      ownerId,
      botRoleId,
      channelIds: [],
      roles: [
        this.makeRole(g.id, "@everyone", MEMBER_PERMISSIONS, 0),
        {
          ...this.makeRole(botRoleId, this.botUsername, this.appPermissions, 1),
          managed: true,
          tags: { bot_id: this.botUserId },
        },
      ],
      members: new Map(),
      joinedAt: new Date().toISOString(),
    };
    for (const role of g.roles ?? []) {
      this.assertSnowflake(role.id, "role id");
      state.roles.push(this.makeRole(role.id, role.name, role.permissions ?? "0", state.roles.length));
    }
    this.guilds.set(g.id, state);
    state.members.set(ownerId, { userId: ownerId, roles: [], joinedAt: state.joinedAt, nick: null });
    state.members.set(this.botUserId, {
      userId: this.botUserId,
      roles: [botRoleId],
      joinedAt: state.joinedAt,
      nick: null,
    });
    for (const channel of g.channels ?? [{ id: snowflake(), name: "general" }])
      this.addChannelTo(state, channel.id, channel.name, channel.overwrites ?? []);
  }

  private addChannelTo(guild: GuildState, id: string, name: string, overwrites: unknown[] = []): Json {
    this.assertSnowflake(id, "channel id");
    if (this.channels.has(id)) throw new Error(`stand-in: channel id ${id} is used twice`);
    const channel: Json = {
      id,
      type: 0,
      guild_id: guild.id,
      name,
      position: guild.channelIds.length,
      permission_overwrites: overwrites,
      parent_id: null,
      topic: null,
      nsfw: false,
      last_message_id: null,
      rate_limit_per_user: 0,
      default_auto_archive_duration: 1440,
      flags: 0,
    };
    this.channels.set(id, channel);
    guild.channelIds.push(id);
    return channel;
  }

  addChannel(guildId: string, channel: { id?: string; name: string }): string {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`stand-in: unknown guild ${guildId}`);
    const created = this.addChannelTo(guild, channel.id ?? snowflake(), channel.name);
    this.broadcast("CHANNEL_CREATE", created, INTENT_GUILDS);
    this.changed();
    return String(created.id);
  }

  private makeRole(id: string, name: string, permissions: string, position: number): Json {
    return {
      id,
      name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions,
      managed: false,
      mentionable: false,
      flags: 0,
    };
  }

  private assertSnowflake(id: string, what: string): void {
    if (!SNOWFLAKE_RE.test(id)) {
      throw new Error(
        `stand-in: ${what} ${JSON.stringify(id)} must be a numeric snowflake string (17-20 digits)`,
      );
    }
  }

  private ensureUser(id: string, username?: string): Json {
    const existing = this.users.get(id);
    if (existing) {
      if (username !== undefined && existing.username !== username) {
        existing.username = username;
        existing.global_name = username;
      }
      return existing;
    }
    const name = username ?? `user${id.slice(-6)}`;
    const user: Json = {
      id,
      username: name,
      discriminator: "0",
      global_name: name,
      avatar: null,
      avatar_decoration_data: null,
      public_flags: 0,
    };
    this.users.set(id, user);
    return user;
  }

  private ensureMember(guild: GuildState, userId: string): MemberState {
    let member = guild.members.get(userId);
    if (!member) {
      member = { userId, roles: [], joinedAt: new Date().toISOString(), nick: null };
      guild.members.set(userId, member);
    }
    return member;
  }

  memberRoles(guildId: string, userId: string): string[] {
    return [...(this.guilds.get(guildId)?.members.get(userId)?.roles ?? [])];
  }

  // ---- object builders ---------------------------------------------------------------------

  private get botUser(): Json {
    return this.users.get(this.botUserId) as Json;
  }

  private memberObject(member: MemberState, extra: Json = {}): Json {
    return {
      user: this.ensureUser(member.userId),
      roles: [...member.roles],
      joined_at: member.joinedAt,
      premium_since: null,
      nick: member.nick,
      avatar: null,
      banner: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
      ...extra,
    };
  }

  private guildObject(guild: GuildState, gatewayFields: boolean): Json {
    const base: Json = {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: "en-US",
      features: [],
      roles: clone(guild.roles),
      emojis: [],
      stickers: [],
      application_id: null,
      system_channel_id: guild.channelIds[0] ?? null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      max_members: 500000,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      widget_enabled: false,
      widget_channel_id: null,
      incidents_data: null,
      hub_type: null,
    };
    if (!gatewayFields) return base;
    return {
      ...base,
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      lazy: true,
      member_count: guild.members.size,
      channels: guild.channelIds.map((id) => clone(this.channels.get(id))),
      threads: [],
      // Discord always includes the current user's own member
      members: [this.memberObject(this.ensureMember(guild, this.botUserId))],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  private applicationObject(): Json {
    return {
      id: this.applicationId,
      name: this.botUsername,
      icon: null,
      description: "",
      summary: "",
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: "0".repeat(64),
      flags: 0,
      owner: this.ensureUser(this.appOwnerId),
      team: null,
      bot: this.botUser,
      approximate_guild_count: this.guilds.size,
      redirect_uris: [],
      interactions_endpoint_url: null,
      role_connections_verification_url: null,
      tags: [],
    };
  }

  private buildMessage(rec: StoredMessage): Json {
    const payload = rec.payload;
    const channel = this.channels.get(rec.channelId);
    const guildId = typeof channel?.guild_id === "string" ? channel.guild_id : undefined;
    const flags = (typeof payload.flags === "number" ? payload.flags : 0) | (rec.loading ? LOADING : 0);
    const message: Json = {
      id: rec.id,
      channel_id: rec.channelId,
      author: clone(rec.author),
      content: typeof payload.content === "string" ? payload.content : "",
      timestamp: rec.createdAt,
      edited_timestamp: rec.editedAt,
      tts: payload.tts === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: clone(rec.attachments),
      embeds: Array.isArray(payload.embeds) ? clone(payload.embeds) : [],
      components: Array.isArray(payload.components) ? clone(payload.components) : [],
      pinned: false,
      type: rec.type,
      flags,
    };
    if (guildId) message.guild_id = guildId;
    if (rec.webhookId) {
      message.webhook_id = rec.webhookId;
      message.application_id = this.applicationId;
    }
    if (rec.interactionMetadata) message.interaction_metadata = clone(rec.interactionMetadata);
    const reference = asObject(payload.message_reference);
    if (reference) message.message_reference = { channel_id: rec.channelId, guild_id: guildId, ...reference };
    const thread = this.channels.get(rec.id);
    if (thread && thread.type === 11) message.thread = clone(thread);
    return message;
  }

  message(id: string): Json | undefined {
    const rec = this.messages.get(id);
    return rec && !rec.deleted ? this.buildMessage(rec) : undefined;
  }

  private makeAttachments(files: UploadedFile[], payload: Json, existing: Json[] = []): Json[] {
    const meta = Array.isArray(payload.attachments) ? payload.attachments.map(asObject) : undefined;
    const kept = meta
      ? existing.filter((a) => meta.some((m) => m !== undefined && String(m.id) === String(a.id)))
      : existing;
    const added = files.map((file, index) => {
      const fileIndex = /^files\[(\d+)\]$/.exec(file.name)?.[1] ?? String(index);
      const info = meta?.find((m) => m !== undefined && String(m.id) === fileIndex);
      const id = snowflake();
      this.attachments.set(id, file);
      const url = `${this.apiUrl.replace(/\/api$/, "")}/attachments/${id}/${encodeURIComponent(file.filename)}`;
      const attachment: Json = { id, filename: file.filename, size: file.data.length, url, proxy_url: url };
      if (file.contentType) attachment.content_type = file.contentType;
      if (typeof info?.description === "string") attachment.description = info.description;
      return attachment;
    });
    return [...kept, ...added];
  }

  private storeMessage(init: {
    channelId: string;
    payload: Json;
    files: UploadedFile[];
    id?: string;
    author?: Json;
    type?: number;
    loading?: boolean;
    interaction?: InteractionState;
  }): StoredMessage {
    const rec: StoredMessage = {
      id: init.id ?? snowflake(),
      channelId: init.channelId,
      author: init.author ?? this.botUser,
      payload: clone(init.payload),
      attachments: this.makeAttachments(init.files, init.payload),
      createdAt: new Date().toISOString(),
      editedAt: null,
      edits: 0,
      loading: init.loading ?? false,
      deleted: false,
      type: init.type ?? 0,
      webhookId: init.interaction ? this.applicationId : null,
      interactionMetadata: init.interaction
        ? {
            id: init.interaction.id,
            type: init.interaction.type,
            name: init.interaction.name,
            user: this.ensureUser(init.interaction.userId),
            authorizing_integration_owners: { "0": init.interaction.guildId },
          }
        : null,
    };
    this.messages.set(rec.id, rec);
    const channel = this.channels.get(rec.channelId);
    if (channel) channel.last_message_id = rec.id;
    return rec;
  }

  private editMessage(rec: StoredMessage, payload: Json, files: UploadedFile[]): void {
    const { attachments: _ignored, ...rest } = payload;
    if (files.length > 0 || Array.isArray(payload.attachments)) {
      rec.attachments = this.makeAttachments(files, payload, rec.attachments);
    }
    rec.payload = { ...rec.payload, ...clone(rest) };
    rec.editedAt = new Date().toISOString();
    rec.loading = false;
    rec.edits += 1;
  }

  // ---- waiting -----------------------------------------------------------------------------

  private changed(): void {
    this.events.emit("change");
  }

  waitFor<T>(
    check: () => T | undefined | null | false,
    ms = this.timeoutMs,
    what = "a condition",
  ): Promise<T> {
    return this.until(check, ms, () => what);
  }

  private until<T>(
    check: () => T | undefined | null | false,
    ms: number,
    describe: () => string,
  ): Promise<T> {
    const first = check();
    if (first !== undefined && first !== null && first !== false) return Promise.resolve(first);
    if (this.closed) return Promise.reject(new Error(`stand-in is closed; was waiting for ${describe()}`));
    return new Promise<T>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off("change", onChange);
        this.events.off("closed", onClosed);
      };
      const onChange = () => {
        let value: T | undefined | null | false;
        try {
          value = check();
        } catch (error) {
          cleanup();
          reject(error);
          return;
        }
        if (value !== undefined && value !== null && value !== false) {
          cleanup();
          resolve(value);
        }
      };
      const onClosed = () => {
        cleanup();
        reject(new Error(`stand-in was closed while waiting for ${describe()}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`stand-in: timed out after ${ms} ms waiting for ${describe()}`));
      }, ms);
      this.events.on("change", onChange);
      this.events.on("closed", onClosed);
    });
  }

  waitForRequest(predicate: (r: RecordedRequest) => boolean, ms = this.timeoutMs): Promise<RecordedRequest> {
    return this.until(
      () => this.requests.find(predicate),
      ms,
      () =>
        `a matching request; requests so far:\n${this.requests.map((r) => `  ${r.method} ${r.path}`).join("\n") || "  (none)"}`,
    );
  }

  waitForIdentify(ms = this.timeoutMs): Promise<void> {
    return this.until(
      () => this.readyConn() !== undefined,
      ms,
      () => "a gateway client to identify (IDENTIFY -> READY + GUILD_CREATE)",
    ).then(() => undefined);
  }

  connectionCount(): number {
    return this.conns.size;
  }

  waitForConnectionCount(count: number, ms = this.timeoutMs): Promise<void> {
    return this.until(
      () => this.conns.size === count,
      ms,
      () => `${count} gateway connection(s) (currently ${this.conns.size})`,
    ).then(() => undefined);
  }

  // ---- failures ----------------------------------------------------------------------------

  failChannel(channelId: string, status: number, code: number, message: string): void {
    this.fail(
      (r) => r.method === "POST" && r.path === `/channels/${channelId}/messages`,
      status,
      code,
      message,
    );
  }

  fail(predicate: (r: RecordedRequest) => boolean, status: number, code: number, message: string): void {
    this.failures.push({ predicate, status, code, message });
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  // ---- HTTP --------------------------------------------------------------------------------

  private onHttpRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let reply: Reply;
      try {
        reply = this.handleHttp(req, Buffer.concat(chunks), res);
      } catch (error) {
        console.error("stand-in: internal error", error);
        reply = { status: 500, body: { message: `stand-in internal error: ${String(error)}`, code: 0 } };
      }
      if (res.headersSent) return;
      if (reply.status === 204 || reply.body === undefined) {
        res.writeHead(reply.status);
        res.end();
      } else {
        res.writeHead(reply.status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(reply.body));
      }
    });
  }

  private handleHttp(req: IncomingMessage, raw: Buffer, res: ServerResponse): Reply {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();

    if (method === "GET" && url.pathname.startsWith("/attachments/")) {
      const id = url.pathname.split("/")[2] ?? "";
      const file = this.attachments.get(id);
      if (!file) return { status: 404, body: { message: "Not found", code: 0 } };
      res.writeHead(200, { "Content-Type": file.contentType ?? "application/octet-stream" });
      res.end(file.data);
      return { status: 200 };
    }

    const versioned = url.pathname.startsWith(`${API_PREFIX}/`);
    const rawPath = versioned ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const segments = rawPath
      .split("/")
      .slice(1)
      .map((segment) => {
        try {
          return decodeURIComponent(segment);
        } catch {
          return segment;
        }
      });
    const path = `/${segments.join("/")}`;

    const contentType = String(req.headers["content-type"] ?? "");
    let body: unknown;
    let payload: Json = {};
    let files: UploadedFile[] = [];
    let bodyError: Reply | null = null;
    if (raw.length > 0) {
      if (contentType.startsWith("multipart/form-data")) {
        try {
          const parts = parseMultipart(raw, contentType);
          const json = parts.find((p) => p.name === "payload_json");
          const parsedPayload: unknown = json ? JSON.parse(json.data.toString("utf8")) : {};
          files = parts.filter((p) => p.filename !== undefined).map(toUploadedFile);
          body = { payload: parsedPayload, files };
          payload = asObject(parsedPayload) ?? {};
        } catch (error) {
          body = raw.toString("utf8");
          bodyError = discordError(
            400,
            50109,
            `The request body contains invalid multipart data: ${String(error)}`,
          );
        }
      } else if (contentType.startsWith("application/json")) {
        try {
          body = JSON.parse(raw.toString("utf8"));
          payload = asObject(body) ?? {};
        } catch {
          body = raw.toString("utf8");
          bodyError = discordError(400, 50109, "The request body contains invalid JSON.");
        }
      } else {
        body = raw.toString("utf8");
      }
    }

    const recorded: RecordedRequest = {
      method,
      path,
      query: url.searchParams,
      headers: { ...req.headers },
      body,
    };
    this.requests.push(recorded);

    let reply: Reply;
    const match = versioned ? this.matchRoute(method, segments) : undefined;
    if (!match) {
      this.unhandled.push(recorded);
      reply = discordError(404, 0, "Unknown route");
    } else if (match.route.auth && req.headers.authorization !== `Bot ${this.token}`) {
      reply = discordError(401, 0, "401: Unauthorized");
    } else if (bodyError) {
      reply = bodyError;
    } else {
      const failure = this.failures.find((f) => f.predicate(recorded));
      if (failure) {
        reply = discordError(failure.status, failure.code, failure.message);
      } else {
        try {
          reply = match.route.handle({ req: recorded, params: match.params, payload, files });
        } catch (error) {
          // a bug in the stand-in: make it visible to tests that assert `unhandled` is empty
          this.unhandled.push(recorded);
          throw error;
        }
      }
    }
    this.changed();
    return reply;
  }

  private matchRoute(
    method: string,
    segments: string[],
  ): { route: Route; params: Map<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method || route.pattern.length !== segments.length) continue;
      const params = new Map<string, string>();
      let ok = true;
      for (const [i, part] of route.pattern.entries()) {
        const segment = segments[i] ?? "";
        if (part.startsWith(":")) {
          if (segment === "") {
            ok = false;
            break;
          }
          params.set(part.slice(1), segment);
        } else if (part !== segment) {
          ok = false;
          break;
        }
      }
      if (ok) return { route, params };
    }
    return undefined;
  }

  private route(method: string, pattern: string, auth: boolean, handle: (ctx: RouteContext) => Reply): void {
    this.routes.push({ method, pattern: pattern.split("/").slice(1), auth, handle });
  }

  private defineRoutes(): void {
    const param = (ctx: RouteContext, name: string): string => {
      const value = ctx.params.get(name);
      if (value === undefined) throw new Error(`route parameter ${name} missing`);
      return value;
    };
    const json = (body: unknown, status = 200): Reply => ({ status, body });
    const noContent: Reply = { status: 204 };

    // gateway
    this.route("GET", "/gateway", false, () => json({ url: this.gatewayUrl }));
    this.route("GET", "/gateway/bot", true, () =>
      json({
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      }),
    );

    // application / users
    this.route("GET", "/applications/@me", true, () => json(this.applicationObject()));
    this.route("GET", "/oauth2/applications/@me", true, () => json(this.applicationObject()));
    this.route("GET", "/users/@me", true, () => json(this.botUser));
    this.route("GET", "/users/:user", true, (ctx) => {
      const user = this.users.get(param(ctx, "user"));
      return user ? json(user) : discordError(404, 10013, "Unknown User");
    });
    this.route("POST", "/users/@me/channels", true, (ctx) => {
      const recipient = ctx.payload.recipient_id;
      if (typeof recipient !== "string" || !SNOWFLAKE_RE.test(recipient)) {
        return formError(["recipient_id"], "BASE_TYPE_REQUIRED", "This field is required");
      }
      let id = this.dmChannels.get(recipient);
      if (!id) {
        id = snowflake();
        this.dmChannels.set(recipient, id);
        this.channels.set(id, {
          id,
          type: 1,
          last_message_id: null,
          flags: 0,
          recipients: [this.ensureUser(recipient)],
        });
      }
      return json(this.channels.get(id));
    });

    // application commands
    const commandRoutes = (prefix: string, guildScoped: boolean) => {
      const scopeOf = (ctx: RouteContext): { scope: string; guildId: string | null } | Reply => {
        if (param(ctx, "app") !== this.applicationId) return discordError(403, 50001, "Missing Access");
        if (!guildScoped) return { scope: "global", guildId: null };
        const guildId = param(ctx, "guild");
        if (!this.guilds.has(guildId)) return discordError(403, 50001, "Missing Access");
        return { scope: guildId, guildId };
      };
      const isReply = (value: unknown): value is Reply => asObject(value)?.status !== undefined;
      this.route("PUT", prefix, true, (ctx) => {
        const scope = scopeOf(ctx);
        if (isReply(scope)) return scope;
        const body = ctx.req.body;
        this.commandPuts.push({
          path: ctx.req.path,
          guildId: scope.guildId,
          body: Array.isArray(body) ? clone(body) : [],
        });
        const invalid = validateCommandList(body);
        if (invalid) return invalid;
        const list = (body as Json[]).map((cmd) => this.echoCommand(cmd, scope.scope, scope.guildId));
        this.commands.set(scope.scope, list);
        return json(list);
      });
      this.route("GET", prefix, true, (ctx) => {
        const scope = scopeOf(ctx);
        if (isReply(scope)) return scope;
        return json(this.commands.get(scope.scope) ?? []);
      });
      this.route("POST", prefix, true, (ctx) => {
        const scope = scopeOf(ctx);
        if (isReply(scope)) return scope;
        const invalid = validateCommand(ctx.req.body, []);
        if (invalid) return invalid;
        const echoed = this.echoCommand(ctx.payload, scope.scope, scope.guildId);
        const list = (this.commands.get(scope.scope) ?? []).filter(
          (c) => !(c.name === echoed.name && c.type === echoed.type),
        );
        const existed = list.length !== (this.commands.get(scope.scope) ?? []).length;
        this.commands.set(scope.scope, [...list, echoed]);
        return json(echoed, existed ? 200 : 201);
      });
      this.route("GET", `${prefix}/:command`, true, (ctx) => {
        const scope = scopeOf(ctx);
        if (isReply(scope)) return scope;
        const found = (this.commands.get(scope.scope) ?? []).find((c) => c.id === param(ctx, "command"));
        return found ? json(found) : discordError(404, 10063, "Unknown application command");
      });
      this.route("PATCH", `${prefix}/:command`, true, (ctx) => {
        const scope = scopeOf(ctx);
        if (isReply(scope)) return scope;
        const found = (this.commands.get(scope.scope) ?? []).find((c) => c.id === param(ctx, "command"));
        if (!found) return discordError(404, 10063, "Unknown application command");
        Object.assign(found, clone(ctx.payload), { version: snowflake() });
        return json(found);
      });
      this.route("DELETE", `${prefix}/:command`, true, (ctx) => {
        const scope = scopeOf(ctx);
        if (isReply(scope)) return scope;
        const list = this.commands.get(scope.scope) ?? [];
        const remaining = list.filter((c) => c.id !== param(ctx, "command"));
        if (remaining.length === list.length) return discordError(404, 10063, "Unknown application command");
        this.commands.set(scope.scope, remaining);
        return noContent;
      });
    };
    commandRoutes("/applications/:app/commands", false);
    commandRoutes("/applications/:app/guilds/:guild/commands", true);

    // channels and messages
    this.route("GET", "/channels/:channel", true, (ctx) => {
      const channel = this.channels.get(param(ctx, "channel"));
      return channel ? json(channel) : discordError(404, 10003, "Unknown Channel");
    });
    this.route("POST", "/channels/:channel/messages", true, (ctx) => {
      const channelId = param(ctx, "channel");
      if (!this.channels.has(channelId)) return discordError(404, 10003, "Unknown Channel");
      const invalid = validateMessage(ctx.payload, ctx.files.length, [], true);
      if (invalid) return invalid;
      const rec = this.storeMessage({
        channelId,
        payload: ctx.payload,
        files: ctx.files,
        type: asObject(ctx.payload.message_reference) ? 19 : 0,
      });
      this.channelMessages.push({ channelId, id: rec.id, body: clone(ctx.payload), files: ctx.files });
      return json(this.buildMessage(rec));
    });
    const channelMessage = (ctx: RouteContext): StoredMessage | Reply => {
      const channelId = param(ctx, "channel");
      if (!this.channels.has(channelId)) return discordError(404, 10003, "Unknown Channel");
      const rec = this.messages.get(param(ctx, "message"));
      if (!rec || rec.deleted || rec.channelId !== channelId)
        return discordError(404, 10008, "Unknown Message");
      return rec;
    };
    const isStored = (value: StoredMessage | Reply): value is StoredMessage => "channelId" in value;
    this.route("GET", "/channels/:channel/messages/:message", true, (ctx) => {
      const rec = channelMessage(ctx);
      return isStored(rec) ? json(this.buildMessage(rec)) : rec;
    });
    this.route("PATCH", "/channels/:channel/messages/:message", true, (ctx) => {
      const rec = channelMessage(ctx);
      if (!isStored(rec)) return rec;
      if (rec.author.id !== this.botUserId && Object.keys(ctx.payload).some((k) => k !== "flags")) {
        return discordError(403, 50005, "Cannot edit a message authored by another user");
      }
      const invalid = validateMessage(ctx.payload, ctx.files.length, [], false);
      if (invalid) return invalid;
      this.editMessage(rec, ctx.payload, ctx.files);
      this.messageEdits.push({ channelId: rec.channelId, messageId: rec.id, body: clone(ctx.payload) });
      return json(this.buildMessage(rec));
    });
    this.route("DELETE", "/channels/:channel/messages/:message", true, (ctx) => {
      const rec = channelMessage(ctx);
      if (!isStored(rec)) return rec;
      rec.deleted = true;
      return noContent;
    });
    this.route("PUT", "/channels/:channel/messages/:message/reactions/:emoji/@me", true, (ctx) => {
      const rec = channelMessage(ctx);
      return isStored(rec) ? noContent : rec;
    });
    this.route("POST", "/channels/:channel/typing", true, (ctx) =>
      this.channels.has(param(ctx, "channel")) ? noContent : discordError(404, 10003, "Unknown Channel"),
    );
    const createThread = (ctx: RouteContext, messageId: string | null): Reply => {
      const channelId = param(ctx, "channel");
      const parent = this.channels.get(channelId);
      if (!parent) return discordError(404, 10003, "Unknown Channel");
      if (parent.type !== 0 && parent.type !== 5)
        return discordError(400, 50024, "Cannot execute action on this channel type");
      const name = ctx.payload.name;
      if (typeof name !== "string" || name.length < 1 || name.length > 100) {
        return formError(["name"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
      }
      if (messageId !== null && this.channels.has(messageId)) {
        return discordError(400, 160004, "A thread has already been created for this message");
      }
      const id = messageId ?? snowflake();
      const type =
        messageId !== null
          ? parent.type === 5
            ? 10
            : 11
          : typeof ctx.payload.type === "number"
            ? ctx.payload.type
            : 12;
      const now = new Date().toISOString();
      const thread: Json = {
        id,
        type,
        guild_id: parent.guild_id,
        parent_id: channelId,
        owner_id: this.botUserId,
        name,
        last_message_id: null,
        message_count: 0,
        member_count: 1,
        total_message_sent: 0,
        rate_limit_per_user:
          typeof ctx.payload.rate_limit_per_user === "number" ? ctx.payload.rate_limit_per_user : 0,
        flags: 0,
        thread_metadata: {
          archived: false,
          auto_archive_duration:
            typeof ctx.payload.auto_archive_duration === "number" ? ctx.payload.auto_archive_duration : 1440,
          archive_timestamp: now,
          locked: false,
          create_timestamp: now,
          ...(type === 12 ? { invitable: ctx.payload.invitable !== false } : {}),
        },
        member: { id, user_id: this.botUserId, join_timestamp: now, flags: 0 },
      };
      this.channels.set(id, thread);
      this.threads.push({ channelId, messageId, id, body: clone(ctx.payload) });
      return json(thread, 201);
    };
    this.route("POST", "/channels/:channel/messages/:message/threads", true, (ctx) =>
      createThread(ctx, param(ctx, "message")),
    );
    this.route("POST", "/channels/:channel/threads", true, (ctx) => createThread(ctx, null));

    // guilds
    const guildOf = (ctx: RouteContext): GuildState | undefined => this.guilds.get(param(ctx, "guild"));
    this.route("GET", "/guilds/:guild", true, (ctx) => {
      const guild = guildOf(ctx);
      return guild ? json(this.guildObject(guild, false)) : discordError(404, 10004, "Unknown Guild");
    });
    this.route("GET", "/guilds/:guild/channels", true, (ctx) => {
      const guild = guildOf(ctx);
      return guild
        ? json(guild.channelIds.map((id) => this.channels.get(id)))
        : discordError(404, 10004, "Unknown Guild");
    });
    this.route("GET", "/guilds/:guild/roles", true, (ctx) => {
      const guild = guildOf(ctx);
      return guild ? json(guild.roles) : discordError(404, 10004, "Unknown Guild");
    });
    this.route("POST", "/guilds/:guild/roles", true, (ctx) => {
      const guild = guildOf(ctx);
      if (!guild) return discordError(404, 10004, "Unknown Guild");
      const role = {
        ...this.makeRole(
          snowflake(),
          typeof ctx.payload.name === "string" ? ctx.payload.name : "new role",
          typeof ctx.payload.permissions === "string" ? ctx.payload.permissions : MEMBER_PERMISSIONS,
          guild.roles.length,
        ),
        ...(typeof ctx.payload.color === "number" ? { color: ctx.payload.color } : {}),
        ...(typeof ctx.payload.hoist === "boolean" ? { hoist: ctx.payload.hoist } : {}),
        ...(typeof ctx.payload.mentionable === "boolean" ? { mentionable: ctx.payload.mentionable } : {}),
      };
      guild.roles.push(role);
      this.broadcast("GUILD_ROLE_CREATE", { guild_id: guild.id, role }, INTENT_GUILDS);
      return json(role);
    });
    this.route("GET", "/guilds/:guild/members/:user", true, (ctx) => {
      const guild = guildOf(ctx);
      if (!guild) return discordError(404, 10004, "Unknown Guild");
      const member = guild.members.get(param(ctx, "user"));
      return member ? json(this.memberObject(member)) : discordError(404, 10007, "Unknown Member");
    });
    const memberRole = (ctx: RouteContext, add: boolean): Reply => {
      const guild = guildOf(ctx);
      if (!guild) return discordError(404, 10004, "Unknown Guild");
      const member = guild.members.get(param(ctx, "user"));
      if (!member) return discordError(404, 10007, "Unknown Member");
      const roleId = param(ctx, "role");
      if (!guild.roles.some((r) => r.id === roleId)) return discordError(404, 10011, "Unknown Role");
      const before = member.roles.join(",");
      member.roles = add ? [...new Set([...member.roles, roleId])] : member.roles.filter((r) => r !== roleId);
      if (member.roles.join(",") !== before) {
        this.broadcast(
          "GUILD_MEMBER_UPDATE",
          { guild_id: guild.id, ...this.memberObject(member) },
          INTENT_GUILD_MEMBERS,
        );
      }
      return noContent;
    };
    this.route("PUT", "/guilds/:guild/members/:user/roles/:role", true, (ctx) => memberRole(ctx, true));
    this.route("DELETE", "/guilds/:guild/members/:user/roles/:role", true, (ctx) => memberRole(ctx, false));

    // interactions (no Authorization header: the token in the path is the credential)
    this.route("POST", "/interactions/:id/:token/callback", false, (ctx) => this.onCallback(ctx, param));
    const webhookState = (ctx: RouteContext): InteractionState | Reply => {
      const state = this.interactionsByToken.get(param(ctx, "token"));
      if (param(ctx, "app") !== this.applicationId || !state)
        return discordError(404, 10015, "Unknown Webhook");
      return state;
    };
    const isState = (value: InteractionState | Reply): value is InteractionState => "token" in value;
    const webhookMessage = (ctx: RouteContext, state: InteractionState): StoredMessage | Reply => {
      const ref = param(ctx, "message");
      const id = ref === "@original" ? state.originalMessageId : ref;
      const owned =
        id !== null && (id === state.originalMessageId || state.followUps.some((f) => f.id === id));
      const rec = id === null ? undefined : this.messages.get(id);
      if (!owned || !rec || rec.deleted) return discordError(404, 10008, "Unknown Message");
      return rec;
    };
    this.route("POST", "/webhooks/:app/:token", false, (ctx) => {
      const state = webhookState(ctx);
      if (!isState(state)) return state;
      if (!state.acked) return discordError(404, 10015, "Unknown Webhook");
      const invalid = validateMessage(ctx.payload, ctx.files.length, [], true);
      if (invalid) return invalid;
      const rec = this.storeMessage({
        channelId: state.channelId,
        payload: ctx.payload,
        files: ctx.files,
        type: state.type === 2 ? 20 : 0,
        interaction: state,
      });
      state.followUps.push({ id: rec.id, payload: clone(ctx.payload), files: ctx.files });
      return ctx.req.query.get("wait") === "true" ? json(this.buildMessage(rec)) : noContent;
    });
    this.route("GET", "/webhooks/:app/:token/messages/:message", false, (ctx) => {
      const state = webhookState(ctx);
      if (!isState(state)) return state;
      const rec = webhookMessage(ctx, state);
      return isStored(rec) ? json(this.buildMessage(rec)) : rec;
    });
    this.route("PATCH", "/webhooks/:app/:token/messages/:message", false, (ctx) => {
      const state = webhookState(ctx);
      if (!isState(state)) return state;
      const rec = webhookMessage(ctx, state);
      if (!isStored(rec)) return rec;
      const invalid = validateMessage(ctx.payload, ctx.files.length, [], false);
      if (invalid) return invalid;
      this.editMessage(rec, ctx.payload, ctx.files);
      return json(this.buildMessage(rec));
    });
    this.route("DELETE", "/webhooks/:app/:token/messages/:message", false, (ctx) => {
      const state = webhookState(ctx);
      if (!isState(state)) return state;
      const rec = webhookMessage(ctx, state);
      if (!isStored(rec)) return rec;
      rec.deleted = true;
      return noContent;
    });
  }

  private echoCommand(command: Json, scope: string, guildId: string | null): Json {
    const type = typeof command.type === "number" ? command.type : 1;
    const key = `${scope}:${type}:${String(command.name)}`;
    let id = this.commandIds.get(key);
    if (!id) {
      id = snowflake();
      this.commandIds.set(key, id);
    }
    return {
      type,
      description: "",
      options: [],
      default_member_permissions: null,
      nsfw: false,
      integration_types: [0],
      contexts: null,
      ...clone(command),
      id,
      application_id: this.applicationId,
      version: snowflake(),
      ...(guildId ? { guild_id: guildId } : {}),
    };
  }

  private onCallback(ctx: RouteContext, param: (ctx: RouteContext, name: string) => string): Reply {
    const state = this.interactions.get(param(ctx, "id"));
    if (!state || state.token !== param(ctx, "token")) return discordError(404, 10062, "Unknown interaction");
    const type = typeof ctx.payload.type === "number" ? ctx.payload.type : -1;
    const data = asObject(ctx.payload.data);
    const record: CallbackRecord = { type, files: ctx.files, status: 0 };
    if ("data" in ctx.payload) record.data = clone(ctx.payload.data);
    state.callbacks.push(record);

    const reply = this.applyCallback(state, type, data, ctx.files);
    record.status = reply.status;
    if (reply.status >= 300) return reply;
    if (ctx.req.query.get("with_response") !== "true") return reply;
    const original = state.originalMessageId ? this.messages.get(state.originalMessageId) : undefined;
    return {
      status: 200,
      body: {
        interaction: {
          id: state.id,
          type: state.type,
          ...(original
            ? {
                response_message_id: original.id,
                response_message_loading: original.loading,
                response_message_ephemeral:
                  ((typeof original.payload.flags === "number" ? original.payload.flags : 0) & EPHEMERAL) !==
                  0,
              }
            : {}),
        },
        resource: {
          type,
          ...(original && (type === 4 || type === 7) ? { message: this.buildMessage(original) } : {}),
        },
      },
    };
  }

  private applyCallback(
    state: InteractionState,
    type: number,
    data: Json | undefined,
    files: UploadedFile[],
  ): Reply {
    if (!(ALLOWED_CALLBACKS[state.type] ?? []).includes(type)) {
      return formError(
        ["type"],
        "INTERACTION_RESPONSE_TYPE_INVALID",
        `Callback type ${type} is not valid for interaction type ${state.type}`,
      );
    }
    if (state.acked) return discordError(400, 40060, "Interaction has already been acknowledged.");
    switch (type) {
      case 4: {
        const payload = data ?? {};
        const invalid = validateMessage(payload, files.length, ["data"], true);
        if (invalid) return invalid;
        const rec = this.storeMessage({
          channelId: state.channelId,
          payload,
          files,
          type: state.type === 2 ? 20 : 0,
          interaction: state,
        });
        state.originalMessageId = rec.id;
        break;
      }
      case 5: {
        const flags = typeof data?.flags === "number" ? data.flags & EPHEMERAL : 0;
        const rec = this.storeMessage({
          channelId: state.channelId,
          payload: flags ? { flags } : {},
          files: [],
          type: state.type === 2 ? 20 : 0,
          loading: true,
          interaction: state,
        });
        state.originalMessageId = rec.id;
        break;
      }
      case 6:
      case 7: {
        const rec = state.sourceMessageId ? this.messages.get(state.sourceMessageId) : undefined;
        if (!rec) return discordError(400, 40061, "The interaction has no message to update");
        state.originalMessageId = rec.id;
        state.editBaseline = rec.edits;
        if (type === 7) {
          const payload = data ?? {};
          const invalid = validateMessage(payload, files.length, ["data"], false);
          if (invalid) return invalid;
          this.editMessage(rec, payload, files);
          state.editBaseline = rec.edits;
        }
        break;
      }
      case 8: {
        const choices = data?.choices;
        if (!Array.isArray(choices))
          return formError(["data", "choices"], "BASE_TYPE_REQUIRED", "This field is required");
        if (choices.length > 25)
          return formError(["data", "choices"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
        for (const [i, choice] of choices.entries()) {
          const name = asObject(choice)?.name;
          if (typeof name !== "string" || name.length < 1 || name.length > 100) {
            return formError(
              ["data", "choices", i, "name"],
              "BASE_TYPE_BAD_LENGTH",
              "Must be between 1 and 100 in length.",
            );
          }
        }
        break;
      }
      case 9: {
        if (typeof data?.custom_id !== "string" || typeof data.title !== "string") {
          return formError(["data"], "BASE_TYPE_REQUIRED", "custom_id and title are required");
        }
        break;
      }
      default:
        break;
    }
    state.acked = true;
    return { status: 204 };
  }

  // ---- interactions ------------------------------------------------------------------------

  private resolveContext(input: {
    userId?: string;
    username?: string;
    guildId?: string;
    channelId?: string;
    permissions?: string;
    roles?: string[];
    locale?: string;
  }) {
    const guild = this.guilds.get(input.guildId ?? this.defaultGuildId);
    if (!guild) throw new Error(`stand-in: unknown guild ${input.guildId}; pass it in opts.guilds`);
    const channelId = input.channelId ?? guild.channelIds[0] ?? this.defaultChannelId;
    const channel = this.channels.get(channelId);
    if (!channel || channel.guild_id !== guild.id) {
      throw new Error(
        `stand-in: unknown channel ${channelId} in guild ${guild.id}; pass it in opts.guilds or addChannel()`,
      );
    }
    const userId = input.userId ?? this.defaultUserId;
    this.assertSnowflake(userId, "user id");
    const user = this.ensureUser(userId, input.username);
    const member = this.ensureMember(guild, userId);
    if (input.roles) member.roles = [...input.roles];
    const permissions = input.permissions ?? MEMBER_PERMISSIONS;
    const locale = input.locale ?? "en-US";
    return { guild, channel, channelId, userId, user, member, permissions, locale };
  }

  private newInteraction(
    type: number,
    name: string,
    input: Parameters<DiscordStandIn["resolveContext"]>[0] & { interactionId?: string },
    data: Json,
    extra: Json = {},
    sourceMessageId: string | null = null,
  ): InteractionState {
    if (input.interactionId !== undefined) {
      const existing = this.interactions.get(input.interactionId);
      if (existing) return existing;
      this.assertSnowflake(input.interactionId, "interaction id");
    }
    const ctx = this.resolveContext(input);
    const id = input.interactionId ?? snowflake();
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString("base64url")}`).toString(
      "base64url",
    );
    const payload: Json = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      data,
      guild_id: ctx.guild.id,
      guild: { id: ctx.guild.id, locale: "en-US", features: [] },
      channel_id: ctx.channelId,
      channel: { ...clone(ctx.channel), permissions: ctx.permissions },
      member: this.memberObject(ctx.member, { permissions: ctx.permissions }),
      app_permissions: this.appPermissions,
      locale: ctx.locale,
      guild_locale: "en-US",
      entitlements: [],
      authorizing_integration_owners: { "0": ctx.guild.id },
      context: 0,
      attachment_size_limit: 10_485_760,
      ...extra,
    };
    const state: InteractionState = {
      id,
      token,
      type,
      name,
      guildId: ctx.guild.id,
      channelId: ctx.channelId,
      userId: ctx.userId,
      payload,
      callbacks: [],
      acked: false,
      originalMessageId: null,
      editBaseline: 0,
      sourceMessageId,
      followUps: [],
    };
    this.interactions.set(id, state);
    this.interactionsByToken.set(token, state);
    return state;
  }

  private commandData(
    name: string,
    guildId: string,
    options: unknown[] | undefined,
    resolved: Json | undefined,
  ): Json {
    const guildCommand = (this.commands.get(guildId) ?? []).find((c) => c.name === name && c.type === 1);
    const globalCommand = (this.commands.get("global") ?? []).find((c) => c.name === name && c.type === 1);
    const command = guildCommand ?? globalCommand;
    let id = typeof command?.id === "string" ? command.id : undefined;
    if (!id) {
      const key = `unregistered:1:${name}`;
      id = this.commandIds.get(key) ?? snowflake();
      this.commandIds.set(key, id);
    }
    const data: Json = { id, name, type: 1 };
    if (guildCommand) data.guild_id = guildId;
    if (options) data.options = clone(options);
    if (resolved) data.resolved = resolved;
    return data;
  }

  /** builds `resolved` for user/channel/role/mentionable options from what the stand-in knows */
  private autoResolve(options: unknown[] | undefined, guild: GuildState, given: unknown): Json | undefined {
    const users: Json = {};
    const members: Json = {};
    const roles: Json = {};
    const channels: Json = {};
    const addUser = (id: string) => {
      users[id] = this.ensureUser(id);
      const { user: _user, ...member } = this.memberObject(this.ensureMember(guild, id), {
        permissions: MEMBER_PERMISSIONS,
      });
      members[id] = member;
    };
    const walk = (list: unknown[] | undefined) => {
      for (const raw of list ?? []) {
        const option = asObject(raw);
        if (!option) continue;
        if (Array.isArray(option.options)) walk(option.options);
        const value = option.value;
        if (typeof value !== "string" || !SNOWFLAKE_RE.test(value)) continue;
        const role = guild.roles.find((r) => r.id === value);
        const channel = this.channels.get(value);
        if (option.type === 6 || (option.type === 9 && !role)) addUser(value);
        else if ((option.type === 8 || option.type === 9) && role) roles[value] = clone(role);
        else if (option.type === 7 && channel) {
          channels[value] = {
            id: value,
            name: channel.name,
            type: channel.type,
            permissions: this.appPermissions,
            ...(channel.parent_id ? { parent_id: channel.parent_id } : {}),
            ...(channel.thread_metadata ? { thread_metadata: clone(channel.thread_metadata) } : {}),
          };
        }
      }
    };
    walk(options);
    const extra = asObject(given) ?? {};
    const merged: Json = {};
    for (const [key, auto] of Object.entries({ users, members, roles, channels })) {
      const combined = { ...auto, ...(asObject(extra[key]) ?? {}) };
      if (Object.keys(combined).length > 0) merged[key] = combined;
    }
    for (const [key, value] of Object.entries(extra)) if (!(key in merged)) merged[key] = value;
    return Object.keys(merged).length > 0 ? merged : undefined;
  }

  private readyConn(): GatewayConn | undefined {
    let best: GatewayConn | undefined;
    for (const conn of this.conns) {
      if (conn.ready && conn.ws.readyState === conn.ws.OPEN && (!best || conn.readyOrder > best.readyOrder))
        best = conn;
    }
    return best;
  }

  private async deliver(state: InteractionState, ms: number): Promise<InteractionResult> {
    const conn = await this.until(
      () => this.readyConn(),
      ms,
      () => "a READY gateway connection to deliver the interaction to (did the bot log in?)",
    );
    const baseline = state.callbacks.length;
    if (conn.session) this.sendDispatch(conn.session, "INTERACTION_CREATE", state.payload);
    this.changed();
    const callback = await this.until(
      () => state.callbacks[baseline],
      ms,
      () => {
        const seen = this.requests.filter((r) => r.path.includes(state.id) || r.path.includes(state.token));
        return `the bot's callback for interaction ${state.id} (type ${state.type}, "${state.name}"); requests for it: ${
          seen.map((r) => `${r.method} ${r.path}`).join(", ") || "none"
        }`;
      },
    );
    return this.makeResult(state, callback, ms);
  }

  private makeResult(state: InteractionState, record: CallbackRecord, ms: number): InteractionResult {
    const callback: { type: number; data?: unknown } = { type: record.type };
    if ("data" in record) callback.data = record.data;
    return {
      interactionId: state.id,
      token: state.token,
      callback,
      files: record.files,
      status: record.status,
      final: async (timeout = ms) => {
        if (record.status >= 300) {
          throw new Error(
            `stand-in: the callback was rejected with HTTP ${record.status}; there is no final content`,
          );
        }
        if (![4, 5, 6, 7].includes(record.type)) return clone(record.data);
        const messageId = state.originalMessageId;
        const rec = messageId ? this.messages.get(messageId) : undefined;
        if (!rec) throw new Error("stand-in: interaction has no original message");
        if (record.type === 5 || record.type === 6) {
          await this.until(
            () => rec.edits > state.editBaseline,
            timeout,
            () => `the bot to edit @original of interaction ${state.id} ("${state.name}") after deferring`,
          );
        }
        return clone(rec.payload);
      },
      followUps: () => state.followUps.map((f) => clone(f.payload)),
      waitForFollowUps: (count, timeout = ms) =>
        this.until(
          () => state.followUps.length >= count && state.followUps.map((f) => clone(f.payload)),
          timeout,
          () =>
            `${count} follow-up(s) for interaction ${state.id} ("${state.name}"), got ${state.followUps.length}`,
        ),
    };
  }

  command(input: CommandInput): Promise<InteractionResult> {
    const guild = this.guilds.get(input.guildId ?? this.defaultGuildId);
    if (!guild) return Promise.reject(new Error(`stand-in: unknown guild ${input.guildId}`));
    const resolved = this.autoResolve(input.options, guild, input.resolved);
    const state = this.newInteraction(
      2,
      input.name,
      input,
      this.commandData(input.name, guild.id, input.options, resolved),
    );
    return this.deliver(state, input.timeoutMs ?? this.timeoutMs);
  }

  autocomplete(input: CommandInput & { focused: string }): Promise<InteractionResult> {
    const guild = this.guilds.get(input.guildId ?? this.defaultGuildId);
    if (!guild) return Promise.reject(new Error(`stand-in: unknown guild ${input.guildId}`));
    const options = clone(input.options ?? []);
    let found = false;
    const mark = (list: unknown[]) => {
      for (const raw of list) {
        const option = asObject(raw);
        if (!option) continue;
        if (Array.isArray(option.options)) mark(option.options);
        else if (option.name === input.focused && !found) {
          option.focused = true;
          found = true;
        }
      }
    };
    mark(options);
    if (!found) {
      return Promise.reject(
        new Error(`stand-in: autocomplete option ${JSON.stringify(input.focused)} is not in options`),
      );
    }
    const state = this.newInteraction(
      4,
      input.name,
      input,
      this.commandData(input.name, guild.id, options, undefined),
    );
    return this.deliver(state, input.timeoutMs ?? this.timeoutMs);
  }

  private componentInteraction(
    type: number,
    input: ComponentInput,
    data: Json,
    requireMessage: boolean,
  ): Promise<InteractionResult> {
    try {
      if (input.interactionId !== undefined && this.interactions.has(input.interactionId)) {
        const existing = this.newInteraction(type, input.customId, input, data);
        return this.deliver(existing, input.timeoutMs ?? this.timeoutMs);
      }
      const known = input.messageId ? this.messages.get(input.messageId) : undefined;
      const where: ComponentInput = { ...input };
      if (known && input.channelId === undefined) {
        // the interaction happens where the message is
        where.channelId = known.channelId;
        const guildId = this.channels.get(known.channelId)?.guild_id;
        if (input.guildId === undefined && typeof guildId === "string") where.guildId = guildId;
      }
      const ctx = this.resolveContext(where);
      if (known && known.channelId !== ctx.channelId) {
        throw new Error(
          `stand-in: message ${known.id} is in channel ${known.channelId}, not ${ctx.channelId}`,
        );
      }
      let rec = known;
      if (!rec && (requireMessage || input.messageId)) {
        // a bot message carrying the component (Discord only sends components on messages the app sent)
        rec = this.storeMessage({
          id: input.messageId ?? snowflake(),
          channelId: ctx.channelId,
          payload: {
            content: "",
            components: [
              {
                type: 1,
                components: [{ type: 2, style: 1, label: input.customId, custom_id: input.customId }],
              },
            ],
          },
          files: [],
        });
      }
      const extra: Json = rec ? { message: this.buildMessage(rec) } : {};
      const state = this.newInteraction(type, input.customId, where, data, extra, rec?.id ?? null);
      return this.deliver(state, input.timeoutMs ?? this.timeoutMs);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  button(input: ComponentInput): Promise<InteractionResult> {
    return this.componentInteraction(3, input, { custom_id: input.customId, component_type: 2 }, true);
  }

  select(input: ComponentInput & { values: string[]; componentType?: number }): Promise<InteractionResult> {
    return this.componentInteraction(
      3,
      input,
      { custom_id: input.customId, component_type: input.componentType ?? 3, values: [...input.values] },
      true,
    );
  }

  modalSubmit(input: ComponentInput & { fields: Record<string, string> }): Promise<InteractionResult> {
    const components = Object.entries(input.fields).map(([customId, value]) => ({
      type: 1,
      components: [{ type: 4, custom_id: customId, value }],
    }));
    return this.componentInteraction(5, input, { custom_id: input.customId, components }, false);
  }

  // ---- gateway -----------------------------------------------------------------------------

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/gateway" && url.pathname !== "/gateway/resume") {
      this.protocolErrors.push(`WebSocket upgrade to unknown path ${url.pathname}`);
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url));
  }

  private onConnection(ws: WebSocket, url: URL): void {
    const conn: GatewayConn = { ws, session: null, ready: false, readyOrder: 0 };
    this.conns.add(conn);
    ws.on("error", (error) => this.protocolErrors.push(`socket error: ${String(error)}`));
    ws.on("close", (code) => {
      this.conns.delete(conn);
      const session = conn.session;
      if (session && session.conn === conn) {
        session.conn = null;
        // Discord invalidates the session when the client closes normally
        if (code === 1000 || code === 1001) this.sessions.delete(session.id);
      }
      this.changed();
    });
    ws.on("message", (raw, isBinary) => this.onGatewayMessage(conn, raw, isBinary));

    if (url.searchParams.get("v") !== "10") {
      this.protocolErrors.push(`gateway connection with v=${url.searchParams.get("v")}`);
      ws.close(4012, "Invalid API version");
      return;
    }
    const encoding = url.searchParams.get("encoding") ?? "json";
    if (encoding !== "json") {
      this.protocolErrors.push(`gateway connection with encoding=${encoding}`);
      ws.close(4002, "Only JSON encoding is supported by the stand-in");
      return;
    }
    if (url.searchParams.has("compress")) {
      this.protocolErrors.push(
        `gateway connection with compress=${url.searchParams.get("compress")} (unsupported)`,
      );
    }
    this.send(conn, { op: 10, d: { heartbeat_interval: this.heartbeatInterval, _trace: ['["standin"]'] } });
    this.changed();
  }

  private send(conn: GatewayConn, payload: unknown): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(payload));
  }

  private sendDispatch(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const text = JSON.stringify({ op: 0, t, s: session.seq, d });
    session.buffer.push({ s: session.seq, text });
    if (session.buffer.length > MAX_REPLAY) session.buffer.shift();
    const conn = session.conn;
    if (conn && conn.ws.readyState === conn.ws.OPEN) conn.ws.send(text);
  }

  private broadcast(t: string, d: unknown, intent: number): number {
    let count = 0;
    for (const conn of this.conns) {
      if (conn.ready && conn.session && (conn.session.intents & intent) !== 0) {
        this.sendDispatch(conn.session, t, d);
        count += 1;
      }
    }
    return count;
  }

  dispatch(t: string, d: unknown): number {
    let count = 0;
    for (const conn of this.conns) {
      if (conn.ready && conn.session) {
        this.sendDispatch(conn.session, t, d);
        count += 1;
      }
    }
    return count;
  }

  disconnect(code = 4000, reason = "stand-in disconnect"): void {
    for (const conn of this.conns) conn.ws.close(code, reason);
  }

  private onGatewayMessage(conn: GatewayConn, raw: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.protocolErrors.push("binary gateway frame (the stand-in only speaks JSON text frames)");
      conn.ws.close(4002, "Error while decoding payload");
      return;
    }
    let payload: Json | undefined;
    try {
      payload = asObject(JSON.parse(rawToString(raw)));
    } catch {
      payload = undefined;
    }
    if (!payload || typeof payload.op !== "number") {
      this.protocolErrors.push(`undecodable gateway payload: ${rawToString(raw).slice(0, 200)}`);
      conn.ws.close(4002, "Error while decoding payload");
      return;
    }
    const op = payload.op;
    const d = payload.d;
    if (op === 1) {
      this.send(conn, { op: 11 });
      this.heartbeatCount += 1;
      this.changed();
      return;
    }
    this.gatewayPayloads.push({ op, d: clone(d) });
    switch (op) {
      case 2:
        this.identify(conn, asObject(d) ?? {});
        break;
      case 6:
        this.resume(conn, asObject(d) ?? {});
        break;
      case 3:
      case 4:
        if (!conn.session) conn.ws.close(4003, "Not authenticated");
        break;
      case 8:
        if (!conn.session) conn.ws.close(4003, "Not authenticated");
        else this.requestGuildMembers(conn.session, asObject(d) ?? {});
        break;
      default:
        this.protocolErrors.push(`unknown gateway opcode ${op}`);
        conn.ws.close(4001, "Unknown opcode");
    }
    this.changed();
  }

  private identify(conn: GatewayConn, d: Json): void {
    if (conn.session) {
      conn.ws.close(4005, "Already authenticated");
      return;
    }
    if (d.token !== this.token) {
      conn.ws.close(4004, "Authentication failed");
      return;
    }
    const shard = Array.isArray(d.shard) ? d.shard : [0, 1];
    if (shard[0] !== 0 || shard[1] !== 1) {
      conn.ws.close(4010, "Invalid shard");
      return;
    }
    const intents = typeof d.intents === "number" ? d.intents : 0;
    const session: Session = { id: randomBytes(16).toString("hex"), seq: 0, intents, conn, buffer: [] };
    this.sessions.set(session.id, session);
    conn.session = session;
    this.sendDispatch(session, "READY", {
      v: 10,
      user_settings: {},
      user: this.botUser,
      guilds: [...this.guilds.keys()].map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      session_type: "normal",
      resume_gateway_url: `${this.gatewayUrl}/resume`,
      shard: [0, 1],
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      geo_ordered_rtc_regions: [],
      guild_join_requests: [],
      _trace: ['["standin"]'],
    });
    // without the Guilds intent Discord sends no GUILD_CREATE (discord.js then does not wait for them)
    if ((intents & INTENT_GUILDS) !== 0) {
      for (const guild of this.guilds.values())
        this.sendDispatch(session, "GUILD_CREATE", this.guildObject(guild, true));
    }
    this.identifyCount += 1;
    conn.ready = true;
    conn.readyOrder = ++this.readyCounter;
  }

  private resume(conn: GatewayConn, d: Json): void {
    const session = typeof d.session_id === "string" ? this.sessions.get(d.session_id) : undefined;
    if (!session || d.token !== this.token || conn.session) {
      this.send(conn, { op: 9, d: false });
      return;
    }
    const old = session.conn;
    if (old && old !== conn) {
      old.session = null;
      old.ws.close(4000, "Session resumed elsewhere");
    }
    session.conn = conn;
    conn.session = session;
    const seq = typeof d.seq === "number" ? d.seq : 0;
    for (const entry of session.buffer) {
      if (entry.s > seq) conn.ws.send(entry.text);
    }
    this.sendDispatch(session, "RESUMED", {});
    this.resumeCount += 1;
    conn.ready = true;
    conn.readyOrder = ++this.readyCounter;
  }

  private requestGuildMembers(session: Session, d: Json): void {
    const guildIds = Array.isArray(d.guild_id) ? d.guild_id : [d.guild_id];
    const wanted = Array.isArray(d.user_ids)
      ? d.user_ids.map(String)
      : typeof d.user_ids === "string"
        ? [d.user_ids]
        : null;
    const query = typeof d.query === "string" ? d.query.toLowerCase() : "";
    const limit = typeof d.limit === "number" && d.limit > 0 ? d.limit : Number.POSITIVE_INFINITY;
    for (const guildId of guildIds) {
      const guild = typeof guildId === "string" ? this.guilds.get(guildId) : undefined;
      if (!guild) continue;
      const members = [...guild.members.values()]
        .filter((m) =>
          wanted
            ? wanted.includes(m.userId)
            : String(this.ensureUser(m.userId).username).toLowerCase().startsWith(query),
        )
        .slice(0, limit)
        .map((m) => this.memberObject(m));
      this.sendDispatch(session, "GUILD_MEMBERS_CHUNK", {
        guild_id: guild.id,
        members,
        chunk_index: 0,
        chunk_count: 1,
        not_found: wanted ? wanted.filter((id) => !guild.members.has(id)) : [],
        ...(d.nonce !== undefined ? { nonce: d.nonce } : {}),
      });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.events.emit("closed");
    for (const conn of this.conns) conn.ws.terminate();
    this.conns.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function toUploadedFile(part: MultipartPart): UploadedFile {
  const file: UploadedFile = {
    name: part.name,
    filename: part.filename ?? part.name,
    data: Buffer.from(part.data),
  };
  if (part.contentType !== undefined) file.contentType = part.contentType;
  return file;
}

function rawToString(raw: RawData): string {
  if (Buffer.isBuffer(raw)) return raw.toString("utf8");
  if (Array.isArray(raw)) return Buffer.concat(raw).toString("utf8");
  return Buffer.from(raw).toString("utf8");
}
