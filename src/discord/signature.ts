/**
 * Signed custom ids (SPEC §3.14, issue 9 defect 8). A button whose press
 * authorises something (today: erasing a member's data) carries an expiry and an
 * HMAC over the id, the expiry, the guild and the member it was made for. The
 * guild and member are not written in the id: the press supplies them, so a
 * button copied to another guild or pressed by another member fails the check,
 * and so does an id with an edited expiry.
 *
 * The secret is 32 random bytes generated once per database (kept there so
 * buttons keep working across restarts and need no extra configuration).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export interface SignedFor {
  guildId: string;
  userId: string;
}

export type Verified = { ok: true; id: string } | { ok: false; why: "forged" | "expired" };

const MAC_BYTES = 16; // 128 bits: 22 characters of base64url, well inside Discord's 100
const TAIL = /^(.*):([0-9a-z]{1,11}):([A-Za-z0-9_-]{22})$/s;

export function newSigningSecret(): Buffer {
  return randomBytes(32);
}

function mac(secret: Uint8Array, id: string, expiry: string, scope: SignedFor): Buffer {
  // NUL cannot occur in a snowflake or a custom id we build, so fields cannot run together.
  return createHmac("sha256", secret)
    .update(["shiplog-id-v1", scope.guildId, scope.userId, id, expiry].join("\0"))
    .digest()
    .subarray(0, MAC_BYTES);
}

/** `id` plus `:<expiry>:<mac>`; 35 characters longer than `id` at most. */
export function signId(secret: Uint8Array, id: string, scope: SignedFor, expiresAt: Date): string {
  const expiry = Math.floor(expiresAt.getTime()).toString(36);
  return `${id}:${expiry}:${mac(secret, id, expiry, scope).toString("base64url")}`;
}

/**
 * Checks a pressed id against the guild and member pressing it. A valid
 * signature is checked before the expiry, so an edited expiry reads as forged.
 * The id is valid strictly before its expiry.
 */
export function verifyId(secret: Uint8Array, signed: string, scope: SignedFor, now: Date): Verified {
  const match = TAIL.exec(signed);
  const [, id, expiry, tag] = match ?? [];
  if (id === undefined || expiry === undefined || tag === undefined) return { ok: false, why: "forged" };
  // Compared as text: base64url decoding ignores the spare bits of the last
  // character, so comparing bytes would accept a few spellings of one tag.
  const given = Buffer.from(tag);
  const expected = Buffer.from(mac(secret, id, expiry, scope).toString("base64url"));
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, why: "forged" };
  if (now.getTime() >= Number.parseInt(expiry, 36)) return { ok: false, why: "expired" };
  return { ok: true, id };
}
