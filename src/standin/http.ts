/**
 * REST over HTTP: parses and records every request, answers configured failures, and dispatches to
 * the routes. Anything no route matches is recorded in `unhandled` and answered 404.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type FaultAction, Faults, type GlobalRateLimit } from "./faults";
import { type MultipartPart, parseMultipart } from "./multipart";
import type { RecordedRequest, UploadedFile } from "./types";
import { asObject, discordError, type Json, Reply } from "./validate";

const API_PREFIX = "/api/v10";

export interface RouteContext {
  req: RecordedRequest;
  /** the request body when it is a JSON object (for multipart: payload_json), else {} */
  payload: Json;
  files: UploadedFile[];
  /** a path parameter, e.g. param("channel") for /channels/:channel */
  param(name: string): string;
}

export interface Route {
  method: string;
  pattern: string[];
  /** whether the route needs `Authorization: Bot <token>` (interaction webhooks use the token in the path) */
  auth: boolean;
  handle: (ctx: RouteContext) => Reply;
}

export function route(
  method: string,
  pattern: string,
  auth: boolean,
  handle: (ctx: RouteContext) => Reply,
): Route {
  return { method, pattern: pattern.split("/").slice(1), auth, handle };
}

export const json = (body: unknown, status = 200): Reply => new Reply(status, body);
export const noContent = new Reply(204);

interface Failure {
  predicate: (r: RecordedRequest) => boolean;
  status: number;
  code: number;
  message: string;
}

interface ParsedBody {
  body: unknown;
  payload: Json;
  files: UploadedFile[];
  error: Reply | null;
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

function parseBody(raw: Buffer, contentType: string): ParsedBody {
  const parsed: ParsedBody = { body: undefined, payload: {}, files: [], error: null };
  if (raw.length === 0) return parsed;
  const text = raw.toString("utf8");
  try {
    if (contentType.startsWith("multipart/form-data")) {
      const parts = parseMultipart(raw, contentType);
      const json = parts.find((p) => p.name === "payload_json");
      const payload: unknown = json ? JSON.parse(json.data.toString("utf8")) : {};
      parsed.files = parts.filter((p) => p.filename !== undefined).map(toUploadedFile);
      parsed.body = { payload, files: parsed.files };
      parsed.payload = asObject(payload) ?? {};
    } else if (contentType.startsWith("application/json")) {
      parsed.body = JSON.parse(text);
      parsed.payload = asObject(parsed.body) ?? {};
    } else {
      parsed.body = text;
    }
  } catch (error) {
    parsed.body = text;
    parsed.error = discordError(400, 50109, `The request body contains invalid data: ${String(error)}`);
  }
  return parsed;
}

function matchRoute(routes: Route[], method: string, segments: string[]) {
  for (const route of routes) {
    if (route.method !== method || route.pattern.length !== segments.length) continue;
    const params = new Map<string, string>();
    const ok = route.pattern.every((part, i) => {
      const segment = segments[i] ?? "";
      if (!part.startsWith(":")) return part === segment;
      params.set(part.slice(1), segment);
      return segment !== "";
    });
    if (ok) return { route, params };
  }
  return undefined;
}

/** A fault's answer: a Discord error, for 429 with `retry_after` and the headers @discordjs/rest reads. */
function faultReply(f: Extract<FaultAction, { status: number }>): Reply {
  if (f.status !== 429)
    return discordError(f.status, f.code ?? 0, f.message ?? `${f.status}: injected fault`);
  const retryAfter = f.retryAfter ?? 1;
  const global = f.global ?? false;
  return new Reply(
    429,
    { message: "You are being rate limited.", retry_after: retryAfter, global, code: 0 },
    {
      "Retry-After": String(retryAfter),
      "X-RateLimit-Scope": global ? "global" : "user",
      ...(global ? { "X-RateLimit-Global": "true" } : {}),
    },
  );
}

/** What to do with the connection once the route ran: close it unanswered, or answer late. */
type Aftermath = { drop: true } | { delayMs: number } | null;

export class Rest {
  readonly requests: RecordedRequest[] = [];
  readonly unhandled: RecordedRequest[] = [];
  readonly faults = new Faults();
  /** Discord's global limit, when switched on: authenticated routes only (interactions are exempt) */
  rateLimit: GlobalRateLimit | null = null;
  private readonly failures: Failure[] = [];

  constructor(
    private readonly routes: Route[],
    private readonly token: string,
    private readonly files: Map<string, UploadedFile>,
    private readonly changed: () => void,
  ) {}

  fail(predicate: (r: RecordedRequest) => boolean, status: number, code: number, message: string): void {
    this.failures.push({ predicate, status, code, message });
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let reply: Reply;
      let after: Aftermath = null;
      try {
        [reply, after] = this.handle(req, Buffer.concat(chunks), res);
      } catch (error) {
        console.error("stand-in: internal error", error);
        reply = new Reply(500, { message: `stand-in internal error: ${String(error)}`, code: 0 });
      }
      if (res.headersSent) return;
      if (after && "drop" in after) {
        res.socket?.destroy();
        return;
      }
      if (after) {
        setTimeout(() => Rest.write(res, reply), after.delayMs).unref();
        return;
      }
      Rest.write(res, reply);
    });
  }

  private static write(res: ServerResponse, reply: Reply): void {
    if (res.destroyed || res.headersSent) return;
    if (reply.status === 204 || reply.body === undefined) {
      res.writeHead(reply.status, reply.headers);
      res.end();
    } else {
      res.writeHead(reply.status, { ...reply.headers, "Content-Type": "application/json" });
      res.end(JSON.stringify(reply.body));
    }
  }

  private handle(req: IncomingMessage, raw: Buffer, res: ServerResponse): [Reply, Aftermath] {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    if (method === "GET" && url.pathname.startsWith("/attachments/")) return [this.serveFile(url, res), null];

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
    const parsed = parseBody(raw, String(req.headers["content-type"] ?? ""));
    const recorded: RecordedRequest = {
      method,
      path: `/${segments.join("/")}`,
      query: url.searchParams,
      headers: { ...req.headers },
      body: parsed.body,
    };
    this.requests.push(recorded);
    const match = versioned ? matchRoute(this.routes, method, segments) : undefined;
    const fault = match ? this.faults.take(method, recorded.path) : undefined;
    const early = this.faulty(fault, match?.route.auth ?? false);
    if (early) {
      this.changed();
      return early;
    }
    let reply = this.answer(recorded, match, req, parsed);
    let after: Aftermath = null;
    // Faults that come after processing: Discord did it, but the answer is an error, lost or late.
    if (fault && "status" in fault) reply = faultReply(fault);
    else if (fault && "drop" in fault) after = { drop: true };
    else if (fault) after = { delayMs: fault.delayMs };
    this.changed();
    return [reply, after];
  }

  /** Answers that replace the route: the global rate limit, an error fault, a connection dropped first. */
  private faulty(fault: FaultAction | undefined, counted: boolean): [Reply, Aftermath] | null {
    const retryAfter = counted ? (this.rateLimit?.take() ?? null) : null;
    if (retryAfter !== null) return [faultReply({ status: 429, retryAfter, global: true }), null];
    if (fault && "status" in fault && !fault.after) return [faultReply(fault), null];
    if (fault && "drop" in fault && fault.drop === "before") return [new Reply(0), { drop: true }];
    return null;
  }

  private answer(
    recorded: RecordedRequest,
    match: ReturnType<typeof matchRoute>,
    req: IncomingMessage,
    parsed: ParsedBody,
  ): Reply {
    if (!match) {
      this.unhandled.push(recorded);
      return discordError(404, 0, "Unknown route");
    }
    if (match.route.auth && req.headers.authorization !== `Bot ${this.token}`) {
      return discordError(401, 0, "401: Unauthorized");
    }
    if (parsed.error) return parsed.error;
    const failure = this.failures.find((f) => f.predicate(recorded));
    if (failure) return discordError(failure.status, failure.code, failure.message);
    const param = (name: string): string => {
      const value = match.params.get(name);
      if (value === undefined) throw new Error(`route parameter ${name} missing`);
      return value;
    };
    try {
      return match.route.handle({ req: recorded, payload: parsed.payload, files: parsed.files, param });
    } catch (error) {
      // a bug in the stand-in: make it visible to tests that assert `unhandled` is empty
      this.unhandled.push(recorded);
      throw error;
    }
  }

  private serveFile(url: URL, res: ServerResponse): Reply {
    const file = this.files.get(url.pathname.split("/")[2] ?? "");
    if (!file) return discordError(404, 0, "Not found");
    res.writeHead(200, { "Content-Type": file.contentType ?? "application/octet-stream" });
    res.end(file.data);
    return new Reply(200);
  }
}
