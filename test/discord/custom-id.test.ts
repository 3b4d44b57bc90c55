import { describe, expect, it } from "vitest";
import { customId, int, OUTDATED, oneOf, snowflake } from "../../src/discord/custom-id";
import { expectUserError } from "../helpers/errors";

const page = customId("cohort:status", {
  cohortId: int(1),
  page: int(-1, 500),
  label: oneOf("prev", "next"),
});
const confirm = customId(
  "privacy:delete",
  { userId: snowflake, expiresAt: int() },
  { invalid: "This confirmation button is not valid — run /privacy delete again." },
);

describe("customId", () => {
  it("round-trips its typed values through the same string the bot has always sent", () => {
    const id = page.encode({ cohortId: 7, page: -1, label: "prev" });
    expect(id).toBe("cohort:status:7:-1:prev");
    expect(page.decode(id)).toEqual({ cohortId: 7, page: -1, label: "prev" });
    const token = confirm.encode({ userId: "830000000000000011", expiresAt: 1_767_225_600_000 });
    expect(token).toBe("privacy:delete:830000000000000011:1767225600000");
    expect(confirm.decode(token)).toEqual({ userId: "830000000000000011", expiresAt: 1_767_225_600_000 });
  });

  it("owns only ids with its prefix followed by a colon", () => {
    expect(page.owns("cohort:status:1:0:next")).toBe(true);
    expect(page.owns("cohort:statusx:1:0:next")).toBe(false);
    expect(page.owns("privacy:delete:1")).toBe(false);
  });

  it.each([
    "cohort:status",
    "cohort:status:",
    "cohort:status:1:0",
    "cohort:status:1:0:next:extra",
    "cohort:status:0:0:next", // below the minimum id
    "cohort:status:1:501:next", // above the maximum page
    "cohort:status:1:-2:prev",
    "cohort:status:01:0:next", // not canonical
    "cohort:status:+1:0:next",
    "cohort:status:1.5:0:next",
    "cohort:status:1e3:0:next",
    "cohort:status:99999999999999999:0:next", // beyond a safe integer
    "cohort:status:1:0:Next",
    "cohort:status:1:0:",
    `cohort:status:1:0:next${"x".repeat(100)}`,
  ])("rejects the malformed or forged id %s as outdated", async (id) => {
    await expectUserError(() => page.decode(id), new RegExp(`^${OUTDATED}$`));
  });

  it.each([
    "privacy:delete:12345:1767225600000", // too short for a snowflake
    "privacy:delete:830000000000000011",
    "privacy:delete:abc:1",
    "privacy:delete:830000000000000011:-5",
  ])("rejects %s with the codec's own message", async (id) => {
    await expectUserError(() => confirm.decode(id), /not valid — run \/privacy delete again/);
  });

  it("refuses to write what it could not read back", async () => {
    expect(() => page.encode({ cohortId: 0, page: 0, label: "next" })).toThrow(/1\.\./);
    expect(() => page.encode({ cohortId: 1.5, page: 0, label: "next" })).toThrow(/not an integer/);
    expect(() => confirm.encode({ userId: "42", expiresAt: 1 })).toThrow(/not a Discord id/);
    const free = customId("free", { text: oneOf("a:b") });
    expect(() => free.encode({ text: "a:b" })).toThrow(/contains ':'/);
    const long = customId("long", { word: oneOf("y".repeat(100)) });
    expect(() => long.encode({ word: "y".repeat(100) })).toThrow(/characters/);
  });

  it("a codec without fields is just its prefix", async () => {
    const bare = customId("help:refresh", {});
    expect(bare.encode({})).toBe("help:refresh");
    expect(bare.decode("help:refresh")).toEqual({});
    expect(bare.owns("help:refresh:1")).toBe(false);
    expect(() => customId("Bad Prefix", {})).toThrow(/prefix/);
  });
});
