/**
 * The JSON gateway over WebSocket, as discord.js 14 (@discordjs/ws) uses it: HELLO, heartbeat ACKs,
 * IDENTIFY -> READY + one GUILD_CREATE per guild (with the Guilds intent), RESUME -> replay + RESUMED.
 * Sharded IDENTIFY (`shard: [id, count]`, checked in ./shards) as on Discord: a connection gets only
 * its shard's guilds and their events and interactions; DMs go to shard 0; a bad shard gets 4010.
 * Anything else is a protocol error: recorded, and the socket closed the way Discord closes it.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import {
  type ApplicationFlags,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  type GatewayHelloData,
  GatewayIntentBits,
  GatewayOpcodes,
  type GatewayReadyDispatchData,
} from "discord-api-types/v10";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { ownsGuild, type Shard } from "../shards/shard";
import { requestedShard, serves } from "./shards";
import type { World } from "./state";
import { asObject, type Json } from "./validate";
import type { Changes } from "./waiting";

const HEARTBEAT_INTERVAL = 41_250;
const MAX_REPLAY = 1000;

interface Session {
  id: string;
  seq: number;
  intents: number;
  shard: Shard;
  conn: Connection | null;
  /** sent dispatches, replayed on RESUME */
  buffer: Array<{ s: number; text: string }>;
}

interface Connection {
  ws: WebSocket;
  session: Session | null;
  ready: boolean;
  readyOrder: number;
}

function rawToString(raw: RawData): string {
  if (Buffer.isBuffer(raw)) return raw.toString("utf8");
  if (Array.isArray(raw)) return Buffer.concat(raw).toString("utf8");
  return Buffer.from(raw).toString("utf8");
}

export class Gateway {
  url = "";
  identifyCount = 0;
  resumeCount = 0;
  heartbeatCount = 0;
  readonly protocolErrors: string[] = [];
  /** the `shard` of each IDENTIFY refused with 4010, as JSON */
  readonly shardRefusals: string[] = [];
  readonly conns = new Set<Connection>();
  private readonly sessions = new Map<string, Session>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readyCounter = 0;
  /** connections waiting for HELLO while the gateway is held; null when not held */
  private held: Connection[] | null = null;

  constructor(
    private readonly world: World,
    private readonly changes: Changes,
    private readonly heartbeatInterval = HEARTBEAT_INTERVAL,
  ) {}

  onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/gateway" && url.pathname !== "/gateway/resume") {
      this.protocolErrors.push(`WebSocket upgrade to unknown path ${url.pathname}`);
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url));
  }

  private onConnection(ws: WebSocket, url: URL): void {
    const conn: Connection = { ws, session: null, ready: false, readyOrder: 0 };
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
      this.changes.changed();
    });
    ws.on("message", (raw, isBinary) => this.onMessage(conn, raw, isBinary));

    const params = url.searchParams;
    if (params.get("v") !== "10") {
      this.protocolErrors.push(`gateway connection with v=${params.get("v")}`);
      ws.close(GatewayCloseCodes.InvalidAPIVersion, "Invalid API version");
      return;
    }
    if ((params.get("encoding") ?? "json") !== "json" || params.has("compress")) {
      this.protocolErrors.push(`gateway connection with unsupported ${params.toString()}`);
      ws.close(GatewayCloseCodes.DecodeError, "Only uncompressed JSON is supported by the stand-in");
      return;
    }
    if (this.held) this.held.push(conn);
    else this.hello(conn);
    this.changes.changed();
  }

  private hello(conn: Connection): void {
    const hello: GatewayHelloData = { heartbeat_interval: this.heartbeatInterval };
    this.send(conn, { op: GatewayOpcodes.Hello, d: hello });
  }

  /** an unresponsive gateway: new connections are accepted but get no HELLO until `release` */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = null;
    for (const conn of waiting) this.hello(conn);
  }

  private send(conn: Connection, payload: unknown): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(payload));
  }

  sendDispatch(session: Session, t: GatewayDispatchEvents, d: unknown): void {
    session.seq += 1;
    const text = JSON.stringify({ op: GatewayOpcodes.Dispatch, t, s: session.seq, d });
    session.buffer.push({ s: session.seq, text });
    if (session.buffer.length > MAX_REPLAY) session.buffer.shift();
    const conn = session.conn;
    if (conn && conn.ws.readyState === conn.ws.OPEN) conn.ws.send(text);
  }

  /** sends a guild's dispatch to every ready session of its shard that asked for `intent` */
  broadcast(t: GatewayDispatchEvents, d: unknown, intent: GatewayIntentBits, guildId: string): void {
    for (const conn of this.conns) {
      if (
        conn.ready &&
        conn.session &&
        (conn.session.intents & intent) !== 0 &&
        serves(conn.session.shard, guildId)
      )
        this.sendDispatch(conn.session, t, d);
    }
  }

  /**
   * The session an event of this guild (a DM when undefined) goes to: among the
   * connections of the guild's shard, the one that identified or resumed last.
   */
  readySession(guildId?: string): Session | undefined {
    let best: Connection | undefined;
    for (const conn of this.conns) {
      if (
        conn.ready &&
        conn.session &&
        conn.ws.readyState === conn.ws.OPEN &&
        serves(conn.session.shard, guildId) &&
        (!best || conn.readyOrder > best.readyOrder)
      )
        best = conn;
    }
    return best?.session ?? undefined;
  }

  /** the shards with a ready, open connection, as `id/count` */
  readyShards(): string[] {
    const out: string[] = [];
    for (const conn of this.conns) {
      if (conn.ready && conn.session && conn.ws.readyState === conn.ws.OPEN)
        out.push(`${conn.session.shard.id}/${conn.session.shard.count}`);
    }
    return out.sort();
  }

  disconnect(code = 4000, reason = "stand-in disconnect"): void {
    for (const conn of this.conns) conn.ws.close(code, reason);
  }

  async close(): Promise<void> {
    for (const conn of this.conns) conn.ws.terminate();
    this.conns.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onMessage(conn: Connection, raw: RawData, isBinary: boolean): void {
    let payload: Json | undefined;
    try {
      payload = isBinary ? undefined : asObject(JSON.parse(rawToString(raw)));
    } catch {
      payload = undefined;
    }
    if (!payload || typeof payload.op !== "number") {
      this.protocolErrors.push(`undecodable gateway payload: ${rawToString(raw).slice(0, 200)}`);
      conn.ws.close(GatewayCloseCodes.DecodeError, "Error while decoding payload");
      return;
    }
    const d = asObject(payload.d) ?? {};
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        this.send(conn, { op: GatewayOpcodes.HeartbeatAck });
        this.heartbeatCount += 1;
        break;
      case GatewayOpcodes.Identify:
        this.identify(conn, d);
        break;
      case GatewayOpcodes.Resume:
        this.resume(conn, d);
        break;
      default:
        // the bot never sends presence, voice or member requests; the stand-in does not model them
        this.protocolErrors.push(`unsupported gateway opcode ${payload.op}`);
        conn.ws.close(GatewayCloseCodes.UnknownOpcode, "Unknown opcode");
    }
    this.changes.changed();
  }

  private identify(conn: Connection, d: Json): void {
    const live = [...this.conns].flatMap((c) => (c.session?.conn === c ? [c.session.shard.count] : []));
    const shard = requestedShard(d.shard, live);
    const refusal: [GatewayCloseCodes, string] | null = conn.session
      ? [GatewayCloseCodes.AlreadyAuthenticated, "Already authenticated"]
      : d.token !== this.world.token
        ? [GatewayCloseCodes.AuthenticationFailed, "Authentication failed"]
        : shard === null
          ? [GatewayCloseCodes.InvalidShard, "Invalid shard"]
          : null;
    if (refusal || shard === null) {
      if (shard === null) this.shardRefusals.push(JSON.stringify(d.shard));
      if (refusal) conn.ws.close(...refusal);
      return;
    }
    const intents = typeof d.intents === "number" ? d.intents : 0;
    const session: Session = {
      id: randomBytes(16).toString("hex"),
      seq: 0,
      intents,
      shard,
      conn,
      buffer: [],
    };
    const mine = [...this.world.guilds.values()].filter((g) => ownsGuild(shard, g.id));
    this.sessions.set(session.id, session);
    conn.session = session;
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: this.world.botUser,
      guilds: mine.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: `${this.url}/resume`,
      shard: [shard.id, shard.count],
      application: { id: this.world.applicationId, flags: 0 as ApplicationFlags, flags_new: "0" },
    };
    this.sendDispatch(session, GatewayDispatchEvents.Ready, ready);
    // without the Guilds intent Discord sends no GUILD_CREATE (discord.js then does not wait for them)
    if ((intents & GatewayIntentBits.Guilds) !== 0) {
      for (const guild of mine) {
        this.sendDispatch(session, GatewayDispatchEvents.GuildCreate, this.world.guildCreate(guild));
      }
    }
    this.identifyCount += 1;
    this.markReady(conn);
  }

  private resume(conn: Connection, d: Json): void {
    const session = typeof d.session_id === "string" ? this.sessions.get(d.session_id) : undefined;
    if (!session || d.token !== this.world.token || conn.session) {
      this.send(conn, { op: GatewayOpcodes.InvalidSession, d: false });
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
    for (const entry of session.buffer) if (entry.s > seq) conn.ws.send(entry.text);
    this.sendDispatch(session, GatewayDispatchEvents.Resumed, {});
    this.resumeCount += 1;
    this.markReady(conn);
  }

  private markReady(conn: Connection): void {
    conn.ready = true;
    conn.readyOrder = ++this.readyCounter;
  }
}
