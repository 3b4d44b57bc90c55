import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors";
import { setGuildTimeZone } from "../../src/guilds/config";
import { setMemberTimeZone } from "../../src/members/timezone";
import { canonicalTimeZone, searchTimeZones } from "../../src/time/zone-names";
import { member, useStore } from "../helpers/store";

const NOW = new Date("2026-11-22T12:00:00Z");

describe("time-zone autocomplete", () => {
  it.each([
    ["kolk", "Asia/Kolkata"],
    ["berlin", "Europe/Berlin"],
    ["india", "Asia/Kolkata"],
    ["calcutta", "Asia/Kolkata"],
    ["new york", "America/New_York"],
    ["köln", "Europe/Berlin"],
    ["sao paulo", "America/Sao_Paulo"],
    ["utc", "UTC"],
  ])("%s → %s first", (query, zone) => {
    expect(searchTimeZones(query)[0]?.name).toBe(zone);
  });

  it("offers current names only, at most 25, each once, with labels Discord accepts", () => {
    for (const query of ["", "a", "america", "asia/"]) {
      const found = searchTimeZones(query);
      expect(found.length).toBeGreaterThan(0);
      expect(found.length).toBeLessThanOrEqual(25);
      expect(new Set(found.map((z) => z.name)).size).toBe(found.length);
      for (const z of found) {
        expect(canonicalTimeZone(z.name)).toBe(z.name);
        expect(z.label.length).toBeLessThanOrEqual(100);
      }
    }
    expect(searchTimeZones("calcutta").map((z) => z.name)).not.toContain("Asia/Calcutta");
    expect(searchTimeZones("zzzz")).toEqual([]);
  });
});

/** One table for both commands: they accept and refuse exactly the same names. */
const NAMES: Array<[string, string | null]> = [
  ["Asia/Kolkata", "Asia/Kolkata"],
  ["Asia/Calcutta", "Asia/Kolkata"],
  ["europe/berlin", "Europe/Berlin"],
  ["US/Eastern", "America/New_York"],
  ["UTC", "UTC"],
  ["Etc/UTC", "UTC"],
  ["Etc/GMT+5", "Etc/GMT+5"],
  ["Mars/Olympus", null],
  ["Europe/Berlinn", null],
  ["", null],
  ["x".repeat(100), null],
];

describe("one time-zone validation for /timezone and /config timezone", () => {
  const store = useStore();

  it.each(NAMES)("%s → %s", async (typed, stored) => {
    expect(canonicalTimeZone(typed)).toBe(stored);
    const { db } = store();
    const asGuild = async () => (await setGuildTimeZone(db, member().guildId, typed, NOW)).timezone;
    const asMember = async () => (await setMemberTimeZone(db, member(), typed, NOW)).effective;
    if (stored === null) {
      await expect(asGuild()).rejects.toThrow(UserError);
      await expect(asMember()).rejects.toThrow(UserError);
    } else {
      expect(await asGuild()).toBe(stored);
      expect(await asMember()).toBe(stored);
    }
  });
});
