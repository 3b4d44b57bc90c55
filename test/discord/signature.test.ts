import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newSigningSecret, signId, verifyId } from "../../src/discord/signature";

const secret = newSigningSecret();
const ada = { guildId: "100000000000000001", userId: "200000000000000001" };
const now = new Date("2026-03-02T10:00:00Z");
const in5min = new Date(now.getTime() + 5 * 60_000);

describe("signed custom ids", () => {
  const id = signId(secret, "privacy:delete", ada, in5min);

  it("verifies for the guild and member it was made for, until it expires", () => {
    expect(id.length).toBeLessThanOrEqual("privacy:delete".length + 35);
    expect(verifyId(secret, id, ada, now)).toEqual({ ok: true, id: "privacy:delete" });
    expect(verifyId(secret, id, ada, new Date(in5min.getTime() - 1)).ok).toBe(true);
    expect(verifyId(secret, id, ada, in5min)).toEqual({ ok: false, why: "expired" });
  });

  it("refuses another guild's token and another member's press", () => {
    expect(verifyId(secret, id, { ...ada, guildId: "100000000000000002" }, now)).toEqual({
      ok: false,
      why: "forged",
    });
    expect(verifyId(secret, id, { ...ada, userId: "200000000000000002" }, now)).toEqual({
      ok: false,
      why: "forged",
    });
  });

  it("refuses a forged far-future expiry", () => {
    const [body, , tag] = [id.slice(0, id.lastIndexOf(":", id.lastIndexOf(":") - 1)), "", id.slice(-22)];
    const farFuture = new Date("2099-01-01T00:00:00Z").getTime().toString(36);
    expect(verifyId(secret, `${body}:${farFuture}:${tag}`, ada, now)).toEqual({ ok: false, why: "forged" });
  });

  it("refuses an id signed with another secret, and malformed ids", () => {
    expect(verifyId(newSigningSecret(), id, ada, now).ok).toBe(false);
    for (const bad of ["", "privacy:delete", "privacy:delete:zz:short", `${id}x`, id.replace(/.$/, "")]) {
      expect(verifyId(secret, bad, ada, now)).toEqual({ ok: false, why: "forged" });
    }
  });

  it("accepts no edit of a signed id (property)", () => {
    fc.assert(
      fc.property(fc.nat({ max: id.length - 1 }), fc.string({ minLength: 1, maxLength: 3 }), (at, insert) => {
        const edited = id.slice(0, at) + insert + id.slice(at + 1);
        fc.pre(edited !== id);
        expect(verifyId(secret, edited, ada, now).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
