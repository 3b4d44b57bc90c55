import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAC_LENGTH, macOf, verifyMac } from "../../src/discord/signature";

const secret = randomBytes(32);
const GUILD = "100000000000000001";
const text = "privacy:delete:200000000000000001:1767225600000";

describe("custom id MACs", () => {
  const mac = macOf(secret, GUILD, text);

  it("verifies in the guild it was made for", () => {
    expect(mac).toMatch(new RegExp(`^[A-Za-z0-9_-]{${MAC_LENGTH}}$`));
    expect(verifyMac(secret, GUILD, text, mac)).toBe(true);
  });

  it("fails in another guild, with another secret, or for other text", () => {
    expect(verifyMac(secret, "100000000000000002", text, mac)).toBe(false);
    expect(verifyMac(randomBytes(32), GUILD, text, mac)).toBe(false);
    expect(verifyMac(secret, GUILD, text.replace("1767225600000", "4102444800000"), mac)).toBe(false);
    expect(verifyMac(secret, GUILD, text, "")).toBe(false);
  });

  it("accepts no other spelling of the MAC (property)", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: MAC_LENGTH - 1 }),
        fc.string({ minLength: 1, maxLength: 2 }),
        (at, insert) => {
          const edited = mac.slice(0, at) + insert + mac.slice(at + 1);
          fc.pre(edited !== mac);
          expect(verifyMac(secret, GUILD, text, edited)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});
