import type {
  APICommandAutocompleteInteractionResponseCallbackData,
  APIInteractionResponseCallbackData,
  APIMessage,
  APIModalInteractionResponseCallbackData,
  InteractionResponseType,
  RESTPostAPIChannelMessageJSONBody,
  RESTPostAPIChannelMessagesThreadsJSONBody,
} from "discord-api-types/v10";
import type { Faults } from "./faults";

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
  /** default timeout for command()/button()/final()/waitFor...(); default 5000 ms */
  timeoutMs?: number;
  /** heartbeat_interval sent in HELLO; default 41250 ms (lower it to exercise heartbeats in a test) */
  heartbeatIntervalMs?: number;
  /** how long a message nonce sent with enforce_nonce returns its first message; default 5 minutes */
  nonceWindowMs?: number;
  /** Discord's global rate limit (429 with retry_after beyond it); off by default */
  rateLimit?: { perSecond: number };
  /** the shard count GET /gateway/bot recommends (SHARD_COUNT=auto asks it); default 1 */
  shards?: number;
  /** session_start_limit.max_concurrency: how many shards may IDENTIFY at once; default 1 */
  maxConcurrency?: number;
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
  /** parsed JSON, or for multipart: { payload, files }; undefined when there was no body (untrusted) */
  body: unknown;
}

/** A message body the bot sent (channel post, interaction reply, follow-up or edit), once validated. */
export type MessageBody = APIInteractionResponseCallbackData &
  Pick<RESTPostAPIChannelMessageJSONBody, "message_reference" | "sticker_ids" | "enforce_nonce" | "nonce">;

/** Everything an interaction callback's `data` may hold: a message, autocomplete choices, or a modal. */
export type CallbackData = Omit<MessageBody, "components"> &
  APICommandAutocompleteInteractionResponseCallbackData &
  Partial<Pick<APIModalInteractionResponseCallbackData, "custom_id" | "title">> & {
    components?: MessageBody["components"] | APIModalInteractionResponseCallbackData["components"];
  };

/** Who acts, and where (defaults: the default user in the first channel of the first guild). */
export interface InteractionInput {
  userId?: string;
  username?: string;
  guildId?: string;
  channelId?: string;
  /** member permissions bitfield as a numeric string; default MEMBER_PERMISSIONS (no Manage Guild) */
  permissions?: string;
  /** the member's role ids; when omitted the roles the stand-in knows for this member are used */
  roles?: string[];
  /** reuse a given interaction id: if known, the identical payload (same token) is delivered again */
  interactionId?: string;
  /**
   * with `interactionId`: deliver a new payload (new token, this input's user and guild) that reuses
   * the id, as a forged payload would, instead of redelivering the original
   */
  forgeInteractionId?: boolean;
  /** how long to wait for the bot's callback; default opts.timeoutMs (5000) */
  timeoutMs?: number;
}

export interface CommandInput extends InteractionInput {
  name: string;
  /**
   * options as Discord sends them, e.g. [sub("hours", [opt("hours", NUMBER, 2)])]; checked against the
   * shape of APIApplicationCommandInteractionDataOption before they are sent
   */
  options?: readonly unknown[];
}

export interface ComponentInput extends InteractionInput {
  customId: string;
  /** the message the component is on: a message the stand-in knows (bot message / reply) or a new id */
  messageId?: string;
}

export interface InteractionResult {
  interactionId: string;
  token: string;
  /** the callback body: { type, data } (for multipart callbacks: the payload_json part) */
  callback: { type: InteractionResponseType; data?: CallbackData };
  /** files attached to the callback (multipart) */
  files: UploadedFile[];
  /** HTTP status the stand-in answered the callback with (204/200, or 4xx when Discord would reject it) */
  status: number;
  /**
   * The latest content (merged payload) of @original: for type 4/7 immediately; for type 5/6 once the bot
   * has edited @original at least once; for other types the callback data.
   */
  final(ms?: number): Promise<CallbackData | undefined>;
  /** follow-up payloads posted via POST /webhooks/{app}/{token} so far */
  followUps(): MessageBody[];
}

export interface ChannelMessage {
  channelId: string;
  id: string;
  /** the JSON payload (for multipart: the payload_json part) */
  body: MessageBody;
  files: UploadedFile[];
}

export interface ThreadRecord {
  channelId: string;
  messageId: string;
  id: string;
  body: RESTPostAPIChannelMessagesThreadsJSONBody;
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
  /** requests no route matched (answered 404): tests assert it stays empty */
  unhandled: RecordedRequest[];
  /** bodies of PUT .../commands as sent (before validation) */
  commandPuts: Array<{ path: string; guildId: string | null; body: unknown[] }>;
  channelMessages: ChannelMessage[];
  threads: ThreadRecord[];
  /** problems on the gateway (bad frames, unknown opcodes, ...); tests may assert it is empty */
  protocolErrors: string[];
  readonly identifyCount: number;
  readonly resumeCount: number;
  /** heartbeats (op 1) received and ACKed */
  readonly heartbeatCount: number;

  waitForIdentify(ms?: number): Promise<void>;
  command(input: CommandInput): Promise<InteractionResult>;
  autocomplete(input: CommandInput & { focused: string }): Promise<InteractionResult>;
  button(input: ComponentInput): Promise<InteractionResult>;
  select(input: ComponentInput & { values: string[] }): Promise<InteractionResult>;
  modalSubmit(input: ComponentInput & { fields: Record<string, string> }): Promise<InteractionResult>;
  /** make POST /channels/{id}/messages answer with a Discord error until cleared */
  failChannel(channelId: string, status: number, code: number, message: string): void;
  /** make every request matching `predicate` answer with a Discord error until cleared */
  fail(predicate: (r: RecordedRequest) => boolean, status: number, code: number, message: string): void;
  clearFailures(): void;
  /** fault rules by route: error statuses (429 with retry_after), dropped connections, late answers */
  faults: Faults;
  /** how many requests the global rate limit answered with 429 */
  readonly rateLimited: number;
  /** send a raw dispatch (op 0), e.g. a malformed INTERACTION_CREATE, to the ready session; 0 if none */
  dispatch(t: string, d: unknown): number;
  waitForRequest(predicate: (r: RecordedRequest) => boolean, ms?: number): Promise<RecordedRequest>;
  /** resolves with the first truthy value `check` returns, re-evaluated whenever the stand-in's state changes */
  waitFor<T>(check: () => T | undefined | null | false, ms?: number, what?: string): Promise<T>;
  connectionCount(): number;
  /** shards with a ready, open gateway connection, as "id/count", sorted */
  readyShards(): string[];
  /** the `shard` field (JSON) of every IDENTIFY closed with 4010 Invalid shard */
  readonly shardRefusals: string[];
  waitForConnectionCount(count: number, ms?: number): Promise<void>;
  /** close every gateway socket with `code` (4000 makes discord.js resume, 1000 makes it re-identify) */
  disconnect(code?: number, reason?: string): void;
  /** a gateway outage: new connections get no HELLO (the bot stays disconnected) until `releaseGateway` */
  holdGateway(): void;
  releaseGateway(): void;
  /** the member roles the stand-in currently knows (changed by PUT/DELETE member role routes) */
  memberRoles(guildId: string, userId: string): string[];
  /** DMs the bot sent, oldest first (optionally only those to one user) */
  directMessages(
    userId?: string,
  ): Array<{ userId: string; channelId: string; id: string; body: MessageBody }>;
  /** from now on, DMs to this user fail with Discord's 50007 */
  closeDms(userId: string): void;
  /** the current full message object for a message id the stand-in knows */
  message(id: string): APIMessage | undefined;
  close(): Promise<void>;
}
