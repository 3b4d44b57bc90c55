/**
 * A local stand-in for Discord: REST v10 over HTTP and the JSON gateway over WebSocket, both on
 * 127.0.0.1 with a random port. A real discord.js Client is pointed at it with
 * `rest: { api: standin.apiUrl }`; it never touches the real Discord.
 *
 * It models what shiplog and discord.js 14 use, no more: login (GET /gateway/bot, IDENTIFY/RESUME,
 * heartbeats), command registration (PUT), interaction callbacks, follow-ups and @original edits,
 * channel posts and threads on them, and the cohort role (member roles). Anything else is recorded in
 * `unhandled` (REST) or `protocolErrors` (gateway), so a test notices when the bot starts using more.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIMessage, GatewayDispatchEvents } from "discord-api-types/v10";
import type { Core } from "./core";
import { Driver } from "./deliver";
import { type DirectMessage, DirectMessages } from "./dms";
import { type Faults, GlobalRateLimit, NonceWindow } from "./faults";
import { Gateway } from "./gateway";
import { Rest } from "./http";
import { Interactions } from "./interactions";
import { Messages } from "./messages";
import { snowflake } from "./payloads";
import { channelRoutes } from "./routes/channels";
import { Commands } from "./routes/commands";
import { dmRoutes } from "./routes/dms";
import { guildRoutes } from "./routes/guilds";
import { interactionRoutes } from "./routes/interactions";
import { World } from "./state";
import type {
  ChannelMessage,
  CommandInput,
  ComponentInput,
  InteractionResult,
  RecordedRequest,
  StandIn,
  StandInOptions,
  ThreadRecord,
} from "./types";
import { Changes } from "./waiting";

function defaultGuild() {
  return {
    id: snowflake(),
    name: "Shiplog Test Guild",
    channels: [
      { id: snowflake(), name: "general" },
      { id: snowflake(), name: "study-log" },
    ],
  };
}

class DiscordStandIn implements StandIn {
  apiUrl = "";
  readonly token: string;
  readonly applicationId: string;
  readonly botUserId: string;
  readonly defaultGuildId: string;
  readonly defaultChannelId: string;
  readonly defaultUserId: string;
  readonly channelMessages: ChannelMessage[] = [];
  readonly threads: ThreadRecord[] = [];
  readonly requests: RecordedRequest[];
  readonly unhandled: RecordedRequest[];
  readonly commandPuts: Commands["puts"];
  readonly protocolErrors: string[];

  private readonly world: World;
  private readonly changes: Changes;
  private readonly messages: Messages;
  private readonly dms: DirectMessages;
  private readonly gateway: Gateway;
  private readonly rest: Rest;
  private readonly driver: Driver;
  private readonly server: Server;

  constructor(opts: StandInOptions) {
    const timeoutMs = opts.timeoutMs ?? 5000;
    this.world = new World(opts.guilds ?? [defaultGuild()]);
    this.world.recommendedShards = opts.shards ?? 1;
    this.world.maxConcurrency = opts.maxConcurrency ?? 1;
    this.changes = new Changes(timeoutMs);
    this.messages = new Messages(this.world);
    this.dms = new DirectMessages(this.world, this.messages);
    this.gateway = new Gateway(this.world, this.changes, opts.heartbeatIntervalMs);
    const commands = new Commands(this.world);
    const interactions = new Interactions(this.world, commands, (id) => this.dms.channel(id));
    const core: Core = {
      world: this.world,
      messages: this.messages,
      interactions,
      gateway: this.gateway,
      channelMessages: this.channelMessages,
      threads: this.threads,
      dms: this.dms,
      nonces: new NonceWindow(opts.nonceWindowMs ?? 5 * 60_000),
    };
    const routes = [
      ...guildRoutes(core),
      ...commands.routes(),
      ...channelRoutes(core),
      ...dmRoutes(core),
      ...interactionRoutes(core),
    ];
    this.rest = new Rest(routes, this.world.token, this.messages.files, () => this.changes.changed());
    if (opts.rateLimit) this.rest.rateLimit = new GlobalRateLimit(opts.rateLimit.perSecond);

    const first = this.world.guilds.values().next().value;
    const firstChannel = first?.channelIds[0];
    if (!first || !firstChannel) throw new Error("startStandIn: the first guild needs at least one channel");
    this.defaultGuildId = first.id;
    this.defaultChannelId = firstChannel;
    this.token = this.world.token;
    this.applicationId = this.world.applicationId;
    this.botUserId = this.world.botUserId;
    this.defaultUserId = this.world.defaultUserId;
    this.requests = this.rest.requests;
    this.unhandled = this.rest.unhandled;
    this.commandPuts = commands.puts;
    this.protocolErrors = this.gateway.protocolErrors;
    this.driver = new Driver(
      this.world,
      this.messages,
      interactions,
      this.gateway,
      this.changes,
      this.requests,
      this.defaultGuildId,
      timeoutMs,
    );
    this.server = createServer((req, res) => this.rest.onRequest(req, res));
    this.server.on("upgrade", (req, socket, head) => this.gateway.onUpgrade(req, socket, head));
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
    this.messages.baseUrl = `http://127.0.0.1:${port}`;
    this.gateway.url = `ws://127.0.0.1:${port}/gateway`;
  }

  get gatewayUrl(): string {
    return this.gateway.url;
  }
  get identifyCount(): number {
    return this.gateway.identifyCount;
  }
  get resumeCount(): number {
    return this.gateway.resumeCount;
  }
  get heartbeatCount(): number {
    return this.gateway.heartbeatCount;
  }

  command(input: CommandInput): Promise<InteractionResult> {
    return this.driver.command(input);
  }
  autocomplete(input: CommandInput & { focused: string }): Promise<InteractionResult> {
    return this.driver.autocomplete(input);
  }
  button(input: ComponentInput): Promise<InteractionResult> {
    return this.driver.button(input);
  }
  select(input: ComponentInput & { values: string[] }): Promise<InteractionResult> {
    return this.driver.select(input);
  }
  modalSubmit(input: ComponentInput & { fields: Record<string, string> }): Promise<InteractionResult> {
    return this.driver.modalSubmit(input);
  }

  failChannel(channelId: string, status: number, code: number, message: string): void {
    this.fail(
      (r) => r.method === "POST" && r.path === `/channels/${channelId}/messages`,
      status,
      code,
      message,
    );
  }
  fail(predicate: (r: RecordedRequest) => boolean, status: number, code: number, message: string): void {
    this.rest.fail(predicate, status, code, message);
  }
  clearFailures(): void {
    this.rest.clearFailures();
  }
  get faults(): Faults {
    return this.rest.faults;
  }
  get rateLimited(): number {
    return this.rest.rateLimit?.limited ?? 0;
  }
  dispatch(t: string, d: unknown): number {
    const guildId = (d as { guild_id?: unknown } | null)?.guild_id;
    const session = this.gateway.readySession(typeof guildId === "string" ? guildId : undefined);
    if (!session) return 0;
    this.gateway.sendDispatch(session, t as GatewayDispatchEvents, d);
    return 1;
  }

  waitFor<T>(check: () => T | undefined | null | false, ms?: number, what = "a condition"): Promise<T> {
    return this.changes.until(check, ms, () => what);
  }
  waitForRequest(predicate: (r: RecordedRequest) => boolean, ms?: number): Promise<RecordedRequest> {
    const seen = () => this.requests.map((r) => `  ${r.method} ${r.path}`).join("\n") || "  (none)";
    return this.changes.until(
      () => this.requests.find(predicate),
      ms,
      () => `a matching request; so far:\n${seen()}`,
    );
  }
  async waitForIdentify(ms?: number): Promise<void> {
    await this.changes.until(
      () => this.gateway.readySession(),
      ms,
      () => "a gateway client to identify",
    );
  }
  readyShards(): string[] {
    return this.gateway.readyShards();
  }
  get shardRefusals(): string[] {
    return this.gateway.shardRefusals;
  }
  connectionCount(): number {
    return this.gateway.conns.size;
  }
  async waitForConnectionCount(count: number, ms?: number): Promise<void> {
    const now = () => this.gateway.conns.size;
    await this.changes.until(
      () => now() === count,
      ms,
      () => `${count} gateway connection(s) (now ${now()})`,
    );
  }
  disconnect(code?: number, reason?: string): void {
    this.gateway.disconnect(code, reason);
  }
  holdGateway(): void {
    this.gateway.hold();
  }
  releaseGateway(): void {
    this.gateway.release();
  }

  /** DMs the bot sent, oldest first (optionally only those to one user) */
  directMessages(userId?: string): DirectMessage[] {
    return this.dms.sent.filter((m) => userId === undefined || m.userId === userId);
  }

  /** From now on, DMs to this user fail with Discord's 50007 (the user does not accept DMs) */
  closeDms(userId: string): void {
    this.dms.closed.add(userId);
  }

  memberRoles(guildId: string, userId: string): string[] {
    return [...(this.world.guilds.get(guildId)?.members.get(userId)?.roles ?? [])];
  }
  message(id: string): APIMessage | undefined {
    const rec = this.messages.get(id);
    return rec ? this.messages.build(rec) : undefined;
  }

  async close(): Promise<void> {
    if (this.changes.closed) return;
    this.changes.close();
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Starts a stand-in on a random local port; `close()` it when done. */
export async function startStandIn(opts: StandInOptions = {}): Promise<StandIn> {
  const standin = new DiscordStandIn(opts);
  await standin.listen();
  return standin;
}
