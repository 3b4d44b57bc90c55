/**
 * Validation of the `url` and `repo` links a member gives when logging a shipped
 * project. They are shown to everyone in the server, so they must be ordinary
 * public web links: http or https, at most 2,048 characters, no credentials, and a
 * host that other members could actually reach — not localhost, an intranet name
 * or a private, loopback or link-local IP address.
 *
 * Nothing here resolves DNS: logging must not depend on the network, and a project
 * may be logged before its domain goes live, so a name that does not resolve (yet)
 * is accepted. Names that resolve to private addresses are caught by the live
 * check (./liveness.ts), which never connects to them.
 *
 * The stored form contains only characters RFC 3986 allows, so it can never carry
 * Markdown; it is still escaped wherever it is shown (src/text/links.ts).
 */
import { isIP } from "node:net";
import { percentEncode } from "../text/links";
import { isLocalName, isPublicAddress } from "./addresses";

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: string };

type Field = "url" | "repo";

export const MAX_URL_LENGTH = 2048;

// Shown in refusals so the member sees what a good value looks like for that field.
const EXAMPLES: Record<Field, string> = {
  url: "https://myapp.fly.dev",
  repo: "https://github.com/you/myapp",
};

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
  const href = encodeOutsideRfc3986(url);
  if (href.length > MAX_URL_LENGTH) {
    return refuse(
      `The ${field} is longer than 2,048 characters once its special characters are encoded — shorten it, for example by removing tracking parameters after the "?".`,
    );
  }

  return { ok: true, url: href };
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

  if (hostname.startsWith("[")) return isPublicAddress(hostname.slice(1, -1)) ? null : privateAddress;

  // `new URL` has already rewritten every IPv4 spelling (2130706433, 0x7f.1, 127.1,
  // 0177.0.0.1, a trailing dot) to dotted decimal, so only that form needs reading.
  if (isIP(hostname) === 4) return isPublicAddress(hostname) ? null : privateAddress;

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

  if (isLocalName(name)) {
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

// RFC 3986 allows these (plus `%` escapes) after the host; `new URL` leaves a few
// others (`[`, `]`, `|`, `^`, `{`, `}`, backtick) as typed. Percent-encoding
// them keeps the link equivalent and means no stored URL can carry Markdown syntax
// such as `](`.
const OUTSIDE_RFC3986 = /[^A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]/g;

function encodeOutsideRfc3986(url: URL): string {
  const tail = url.href.slice(url.origin.length);
  return url.origin + tail.replace(OUTSIDE_RFC3986, percentEncode);
}
