/**
 * Validation of the `url` and `repo` links a member gives when logging a shipped
 * project. They are shown to everyone in the server, so they must be ordinary
 * public web links: http or https, at most 2,048 characters, no credentials, and a
 * host that other members could actually reach — not localhost, an intranet name
 * or a private, loopback or link-local IP address.
 *
 * Nothing here resolves DNS: logging must not depend on the network, and a project
 * may be logged before its domain goes live, so a name that does not resolve (yet)
 * is accepted. Names that merely resolve to private addresses are out of scope.
 */
import { isIP } from "node:net";

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: string };

type Field = "url" | "repo";

export const MAX_URL_LENGTH = 2048;

// Shown in refusals so the member sees what a good value looks like for that field.
const EXAMPLES: Record<Field, string> = {
  url: "https://myapp.fly.dev",
  repo: "https://github.com/you/myapp",
};

// Suffixes that only mean something on a private network (RFC 6761, RFC 8375,
// mDNS, and the common home/corporate conventions); nobody else can reach them.
const PRIVATE_NAME_SUFFIXES = [".localhost", ".local", ".internal", ".home.arpa", ".lan"];

// Hosts are echoed back to help the member spot the mistake, but a host can be
// almost as long as the whole URL, so keep the echo short.
const MAX_ECHOED_HOST = 64;

/**
 * Checks a member-supplied `url` or `repo` link and returns its normalised form
 * (`URL.href`), or a one-sentence reason, naming the field, that says how to fix it.
 */
export function checkPublicUrl(input: string, field: Field): UrlCheck {
  const example = EXAMPLES[field];
  const text = input.trim();

  if (text.length === 0) {
    return refuse(`The ${field} is empty — paste the full link, for example ${example}.`);
  }
  // Checked before parsing so a huge paste is refused without further work.
  if (text.length > MAX_URL_LENGTH) {
    return refuse(
      `The ${field} is longer than 2,048 characters — shorten it, for example by removing tracking parameters after the "?".`,
    );
  }

  const url = parseUrl(text);
  if (url === null) {
    // `myapp.fly.dev` fails to parse only because it has no scheme; say so rather
    // than silently adding one, since we cannot know whether the site speaks https.
    return refuse(
      text.includes("://")
        ? `The ${field} is not a valid web address — check it for typos or stray spaces; it should look like ${example}.`
        : missingScheme(field, example),
    );
  }

  if (url.protocol !== "http:" && url.protocol !== "https:") {
    // `myapp.fly.dev:8080` and `localhost:3000` parse, with `myapp.fly.dev:` or
    // `localhost:` as the scheme; they are really a host and port missing https://.
    if (looksLikeHostWithoutScheme(url)) return refuse(missingScheme(field, example));
    return refuse(
      `The ${field} must be a web link starting with http:// or https://${describeScheme(url.protocol)} — for example ${example}.`,
    );
  }

  // Credentials in a link would be published to the whole server, and `user@host`
  // is a classic way to disguise where a link really goes.
  if (url.username !== "" || url.password !== "") {
    return refuse(
      `The ${field} must not contain a user name or password before the host (the part ending in "@") — remove it, for example ${example}.`,
    );
  }

  const hostProblem = checkHost(url.hostname, field, example);
  if (hostProblem !== null) return refuse(hostProblem);

  // Normalisation percent-encodes spaces and non-ASCII characters, which can push
  // an input that was under the limit over it; the stored value must fit too.
  if (url.href.length > MAX_URL_LENGTH) {
    return refuse(
      `The ${field} is longer than 2,048 characters once its special characters are encoded — shorten it, for example by removing tracking parameters after the "?".`,
    );
  }

  return { ok: true, url: url.href };
}

function refuse(reason: string): UrlCheck {
  return { ok: false, reason };
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function missingScheme(field: Field, example: string): string {
  return `The ${field} must start with https:// (or http://) — for example ${example}, not just the host name.`;
}

/** A dotted "scheme" or a port-like path means the member typed `host:port`. */
function looksLikeHostWithoutScheme(url: URL): boolean {
  return url.protocol.includes(".") || /^\d+(?:\/|$)/.test(url.pathname);
}

/** Names the refused scheme when it is short and plainly a scheme, e.g. "; ftp: links are not accepted". */
function describeScheme(protocol: string): string {
  return /^[a-z][a-z0-9+-]{0,15}:$/.test(protocol) ? `; ${protocol} links are not accepted` : "";
}

/** Returns why the (already normalised) host is not public, or null when it is. */
function checkHost(hostname: string, field: Field, example: string): string | null {
  const privateAddress = `The ${field} points at ${echoHost(hostname)}, a private or local network address other members can't reach — use the project's public address, for example ${example}.`;

  if (hostname.startsWith("[")) {
    const groups = parseIPv6(hostname.slice(1, -1));
    // Unreachable for URLs `new URL` accepted, but fail closed rather than assume public.
    if (groups === null || isPrivateIPv6(groups)) return privateAddress;
    return null;
  }

  // `new URL` has already rewritten every IPv4 spelling (2130706433, 0x7f.1, 127.1,
  // 0177.0.0.1, a trailing dot) to dotted decimal, so only that form needs reading.
  if (isIP(hostname) === 4) {
    const address = parseIPv4(hostname);
    if (address === null || isPrivateIPv4(address)) return privateAddress;
    return null;
  }

  return checkHostName(hostname, field, example);
}

function checkHostName(hostname: string, field: Field, example: string): string | null {
  // `example.com.` is the same public name as `example.com`, and `localhost.` is
  // still localhost, so classify without one trailing dot.
  const name = hostname.endsWith(".") ? hostname.slice(0, -1) : hostname;
  const labels = name.split(".");

  // WHATWG URL accepts hosts like `.`, `a..b` or `ex*ample.com` that no DNS name
  // can have; refusing them also keeps the host safe to echo back in messages.
  if (name.length > 253 || labels.some((label) => !/^[a-z0-9_-]{1,63}$/.test(label))) {
    return `The ${field} does not have a valid host name — it should look like ${example}.`;
  }

  if (name === "localhost" || PRIVATE_NAME_SUFFIXES.some((suffix) => name.endsWith(suffix))) {
    return `The ${field} points at ${echoHost(hostname)}, which only works on your own machine or network — use the project's public address, for example ${example}.`;
  }

  // A single label such as `intranet` can only be resolved through a local search
  // domain, so it never names a public site.
  if (labels.length < 2) {
    return `The ${field} host ${echoHost(hostname)} is not a public domain name — use a full address, for example ${example}.`;
  }

  return null;
}

function echoHost(hostname: string): string {
  const shown = hostname.length > MAX_ECHOED_HOST ? `${hostname.slice(0, MAX_ECHOED_HOST - 1)}…` : hostname;
  return `"${shown}"`;
}

/** Parses dotted-decimal IPv4 into an unsigned 32-bit number, or null. */
function parseIPv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

// [network, prefix length] pairs that are not reachable on the public internet
// (RFC 6890 special-purpose registry, minus the documentation-only blocks).
const PRIVATE_IPV4_RANGES: ReadonlyArray<readonly [string, number]> = [
  ["0.0.0.0", 8], // "this network"; 0.0.0.0 reaches the local machine on many systems
  ["10.0.0.0", 8], // RFC 1918 private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, including cloud metadata at 169.254.169.254
  ["172.16.0.0", 12], // RFC 1918 private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16], // RFC 1918 private
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, including broadcast 255.255.255.255
];

const PRIVATE_IPV4_NETWORKS = PRIVATE_IPV4_RANGES.map(([network, prefix]) => {
  const base = parseIPv4(network);
  if (base === null) throw new Error(`bad network literal ${network}`);
  return { base, mask: prefixMask(prefix) };
});

function prefixMask(prefix: number): number {
  // `<< 32` is a no-op in JS, so a /0 mask needs its own case.
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function isPrivateIPv4(address: number): boolean {
  return PRIVATE_IPV4_NETWORKS.some(({ base, mask }) => (address & mask) >>> 0 === base);
}

/**
 * Parses IPv6 text (without brackets or zone) into eight 16-bit groups, or null.
 * `new URL` always serialises the compressed hex form, but a trailing dotted quad
 * (`::ffff:127.0.0.1`) is accepted too so the function stands on its own.
 */
function parseIPv6(text: string): number[] | null {
  if (isIP(text) !== 6) return null;

  // Rewrite a trailing dotted quad as the two hex groups it stands for.
  let hex = text;
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = parseIPv4(tail);
    if (v4 === null) return null;
    hex = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }

  const halves = hex.split("::");
  if (halves.length > 2) return null;
  const head = readHexGroups(halves[0]);
  const rest = readHexGroups(halves[1]);
  // "::" stands for however many zero groups are needed to make eight.
  const zeros = halves.length === 2 ? 8 - head.length - rest.length : 0;
  if (zeros < 0) return null;
  const groups = [...head, ...new Array<number>(zeros).fill(0), ...rest];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : null;
}

function readHexGroups(part: string | undefined): number[] {
  return part === undefined || part === "" ? [] : part.split(":").map((group) => Number.parseInt(group, 16));
}

function isPrivateIPv6(groups: readonly number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const firstFiveZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;

  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 <= 1) return true; // :: unspecified, ::1 loopback
  // ::ffff:a.b.c.d (IPv4-mapped) and the deprecated ::a.b.c.d (IPv4-compatible)
  // reach an IPv4 address, so the IPv4 rules decide.
  if (firstFiveZero && (g5 === 0xffff || g5 === 0)) return isPrivateIPv4(((g6 << 16) | g7) >>> 0);
  if ((g0 & 0xfe00) === 0xfc00) return true; // fc00::/7 unique-local
  if ((g0 & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((g0 & 0xff00) === 0xff00) return true; // ff00::/8 multicast
  return false;
}
