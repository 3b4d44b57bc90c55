/**
 * Which IP addresses and host names other members could reach on the public
 * internet. Used when a project URL is logged (its host as typed) and when it is
 * checked live (every address a host resolves to, at every redirect hop).
 *
 * The ranges come from ipaddr.js, which tracks the IANA special-purpose
 * registries; hand-written bit masks missed IPv4 addresses hidden inside IPv6
 * forms (NAT64, 6to4, SIIT) before.
 */
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

// Everything ipaddr.js does not name is ordinary global unicast. Anycast blocks
// that real public services answer on stay allowed.
const PUBLIC_IPV4_RANGES: ReadonlySet<string> = new Set(["unicast", "as112", "amt"]);
const PUBLIC_IPV6_RANGES: ReadonlySet<string> = new Set(["unicast", "as112v6", "amt"]);

/**
 * True when `text` is an IP address (IPv4 dotted decimal or IPv6, without
 * brackets) that is reachable on the public internet: not loopback, private,
 * link-local, shared (100.64/10), multicast, reserved, unspecified or
 * documentation, and not one of those wrapped in an IPv6 form.
 */
export function isPublicAddress(text: string): boolean {
  const version = isIP(text);
  if (version === 0) return false;
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(text);
  } catch {
    return false;
  }
  if (address instanceof ipaddr.IPv4) return version === 4 && PUBLIC_IPV4_RANGES.has(address.range());
  const embedded = embeddedIPv4(address);
  if (embedded !== undefined) {
    return embedded !== null && PUBLIC_IPV4_RANGES.has(embedded.range());
  }
  return PUBLIC_IPV6_RANGES.has(address.range());
}

/**
 * The IPv4 address an IPv6 form carries, `null` when the form should be refused
 * whatever it carries, `undefined` when the address is plain IPv6.
 */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null | undefined {
  const p = address.parts;
  const last32 = (): ipaddr.IPv4 => v4FromGroups(p[6] ?? 0, p[7] ?? 0);
  switch (address.range()) {
    case "ipv4Mapped": // ::ffff:a.b.c.d
    case "rfc6145": // ::ffff:0:a.b.c.d (SIIT)
      return last32();
    case "rfc6052":
      // 64:ff9b::a.b.c.d is NAT64 to that IPv4 address; 64:ff9b:1::/48 is for local use only.
      return p[2] === 0 ? last32() : null;
    case "6to4": // 2002:AABB:CCDD::/48 routes to AA.BB.CC.DD
      return v4FromGroups(p[1] ?? 0, p[2] ?? 0);
    case "teredo": // tunnels to an obfuscated IPv4 client behind NAT; nothing to publish there
      return null;
    default:
      // ::a.b.c.d, the IPv4-compatible form (deprecated by RFC 4291, never routed);
      // ipaddr.js files it under unicast.
      if (p.slice(0, 6).every((g) => g === 0)) return null;
      return undefined;
  }
}

function v4FromGroups(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

// Suffixes that only mean something on a private network (RFC 6761, RFC 8375,
// mDNS, and the common home/corporate conventions); nobody else can reach them.
const LOCAL_NAME_SUFFIXES = [".localhost", ".localdomain", ".local", ".internal", ".home.arpa", ".lan"];

/** True for `localhost` and names under suffixes that only resolve on a local network. */
export function isLocalName(name: string): boolean {
  const lower = name.toLowerCase().replace(/\.$/, "");
  return (
    lower === "localhost" ||
    lower === "localdomain" ||
    LOCAL_NAME_SUFFIXES.some((suffix) => lower.endsWith(suffix))
  );
}
