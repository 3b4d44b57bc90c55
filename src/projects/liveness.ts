/**
 * The live check of a project URL (SPEC §3.19): does the address answer?
 *
 * A member chooses the URL, so this request is made on behalf of someone we do
 * not trust (SSRF). Every hop, the first and each of at most 3 redirects, is
 * checked like a logged URL (./url.ts), its host is resolved once, every address
 * it resolves to must be public (./addresses.ts), and the connection goes to
 * that checked address — never to a second lookup that could answer differently
 * (DNS rebinding). One GET per hop, 5 seconds for the whole check, at most 64 KB
 * of body read and thrown away.
 *
 * The resolver and the connector are arguments so tests can point names at
 * loopback servers; the address rules are not, so no argument or setting can
 * make the check connect to a private address.
 */
import { lookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { isIP, connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { isPublicAddress } from "./addresses";
import { checkPublicUrl } from "./url";

export type Liveness = { live: true } | { live: false; why: string };

export interface LivenessDeps {
  /** every address `host` resolves to */
  resolve(host: string): Promise<readonly string[]>;
  /** a TCP connection to an address that has already been checked */
  connect(address: string, port: number): Socket;
  /** the whole check's limit; 5 s unless a test needs a shorter wait */
  timeoutMs?: number;
}

export const LIVENESS_TIMEOUT_MS = 5000;
export const MAX_REDIRECTS = 3;
export const MAX_BODY_BYTES = 64 * 1024;

export const systemResolver: LivenessDeps["resolve"] = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export const systemConnector: LivenessDeps["connect"] = (address, port) =>
  netConnect({ host: address, port, family: isIP(address) });

export const SYSTEM_NETWORK: LivenessDeps = { resolve: systemResolver, connect: systemConnector };

/** A refusal with a short reason that replies show as "not reachable (why)". */
class NotLive extends Error {}

/** Checks `url` (already accepted by checkPublicUrl); never throws. */
export async function checkLiveness(url: string, deps: LivenessDeps = SYSTEM_NETWORK): Promise<Liveness> {
  const timeoutMs = deps.timeoutMs ?? LIVENESS_TIMEOUT_MS;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    let current = url;
    for (let hop = 0; ; hop++) {
      const response = await fetchOnce(current, hop > 0, deps, abort.signal);
      const location = response.headers.location;
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && location !== undefined) {
        response.destroy();
        if (hop >= MAX_REDIRECTS) throw new NotLive(`more than ${MAX_REDIRECTS} redirects`);
        current = resolveLocation(location, current);
        continue;
      }
      await drain(response, abort.signal);
      if (status >= 200 && status < 300) return { live: true };
      throw new NotLive(`answered HTTP ${status}`);
    }
  } catch (error) {
    if (abort.signal.aborted) return { live: false, why: `no answer within ${timeoutMs / 1000} s` };
    if (error instanceof NotLive) return { live: false, why: error.message };
    return { live: false, why: describeNetworkError(error) };
  } finally {
    clearTimeout(timer);
  }
}

function resolveLocation(location: string, base: string): string {
  try {
    return new URL(location, base).href;
  } catch {
    throw new NotLive("redirects to an invalid address");
  }
}

async function fetchOnce(
  raw: string,
  redirected: boolean,
  deps: LivenessDeps,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const check = checkPublicUrl(raw, "url");
  if (!check.ok) {
    throw new NotLive(
      redirected ? "redirects to an address that is not public" : "its address is not public",
    );
  }
  const url = new URL(check.url);
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const address = await pickAddress(host, redirected, deps, signal);
  const tls = url.protocol === "https:";
  const port = url.port === "" ? (tls ? 443 : 80) : Number(url.port);

  return new Promise<IncomingMessage>((resolve, reject) => {
    const createConnection = () => {
      const socket = deps.connect(address, port);
      // Certificates are checked against the name the member gave, not the address.
      if (!tls) return socket;
      return tlsConnect(isIP(host) === 0 ? { socket, servername: host } : { socket });
    };
    const req = httpRequest(
      {
        method: "GET",
        path: `${url.pathname}${url.search}`,
        headers: { host: url.host, "user-agent": "shiplog-live-check", accept: "*/*" },
        createConnection,
        signal,
        maxHeaderSize: 16 * 1024,
      },
      resolve,
    );
    req.on("error", reject);
    req.end();
  });
}

async function pickAddress(
  host: string,
  redirected: boolean,
  deps: LivenessDeps,
  signal: AbortSignal,
): Promise<string> {
  if (isIP(host) !== 0) return host; // an IP literal was checked by checkPublicUrl
  let addresses: readonly string[];
  try {
    addresses = await abortable(deps.resolve(host), signal);
  } catch (error) {
    if (signal.aborted) throw error;
    throw new NotLive("its host name does not resolve");
  }
  const first = addresses[0];
  if (first === undefined) throw new NotLive("its host name does not resolve");
  // One private answer among public ones is enough to refuse: which one a client
  // would use is not ours to guess.
  if (!addresses.every(isPublicAddress)) {
    throw new NotLive(
      redirected ? "redirects to a private network address" : "it points at a private network address",
    );
  }
  return first;
}

/** Reads (and discards) at most MAX_BODY_BYTES, then closes the connection. */
function drain(response: IncomingMessage, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    let read = 0;
    const done = () => {
      response.destroy();
      resolve();
    };
    response.on("data", (chunk: Buffer) => {
      read += chunk.length;
      if (read >= MAX_BODY_BYTES) done();
    });
    response.on("end", done);
    response.on("error", (error) => (signal.aborted ? reject(error) : done()));
  });
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error("aborted"));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function describeNetworkError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
    case "EPIPE":
      return "the connection was closed";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "its address cannot be reached";
    case "HPE_HEADER_OVERFLOW":
    case "HPE_INVALID_CONSTANT":
    case "HPE_INVALID_HEADER_TOKEN":
      return "its answer is not valid HTTP";
    case "EPROTO":
      return "the HTTPS connection failed";
    default:
      if (typeof code === "string" && code.startsWith("ERR_SSL")) return "the HTTPS connection failed";
      if (typeof code === "string" && (code.startsWith("ERR_TLS") || code.includes("CERT"))) {
        return "its HTTPS certificate is not valid";
      }
      return "connection failed";
  }
}
