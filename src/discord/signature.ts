/**
 * The HMAC behind signed custom ids (SPEC §3.14, issue 9 defect 8). A button
 * whose press authorises something carries, after its fields, a MAC over the
 * whole id and the guild it was posted in. The id's own fields name the member
 * it was made for and its expiry (src/discord/custom-id.ts checks both), so
 * neither can be edited, and a button copied into another guild fails the check.
 *
 * The secret is 32 random bytes generated once per database (src/db/secrets.ts),
 * so buttons keep working across restarts and need no configuration.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** 128 bits: 22 characters of base64url, well inside Discord's 100-character ids. */
const MAC_BYTES = 16;
export const MAC_LENGTH = 22;

/** The MAC of `text` as posted in `guildId`, as 22 base64url characters. */
export function macOf(secret: Uint8Array, guildId: string, text: string): string {
  // NUL cannot occur in a snowflake or a custom id we build, so the parts cannot run together.
  return createHmac("sha256", secret)
    .update(`shiplog-id-v1\0${guildId}\0${text}`)
    .digest()
    .subarray(0, MAC_BYTES)
    .toString("base64url");
}

/**
 * Whether `mac` is the MAC of `text` in `guildId`. Compared as text in constant
 * time: base64url decoding ignores the spare bits of the last character, so
 * comparing bytes would accept a few spellings of one MAC.
 */
export function verifyMac(secret: Uint8Array, guildId: string, text: string, mac: string): boolean {
  const expected = Buffer.from(macOf(secret, guildId, text));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
