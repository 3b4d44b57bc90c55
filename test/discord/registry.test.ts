import { describe, expect, it } from "vitest";
import { type Command, defineCommand, onButton } from "../../src/discord/command";
import { customId } from "../../src/discord/custom-id";
import { checkPrefixes, loadCommands } from "../../src/discord/registry";

const withButton = (name: string, prefix: string): Command =>
  defineCommand({
    name,
    description: "d",
    execute: async () => {},
    components: [onButton(customId(prefix, {}), async () => {})],
  });

describe("custom id ownership", () => {
  it("every custom id prefix of the shipped commands has exactly one owner", async () => {
    const commands = await loadCommands();
    const prefixes = [...commands.values()].flatMap((c) => c.components.map((r) => r.codec.prefix));
    expect(prefixes.sort()).toEqual([
      "checkin:form",
      "checkin:open",
      "cohort:join",
      "cohort:status",
      "leaderboard:view",
      "log:form",
      "log:time",
      "privacy:delete",
      "remind:log",
    ]);
  });

  it("refuses two commands claiming the same prefix, or one prefix inside another", async () => {
    const a = withButton("a", "shared:page");
    expect(() => checkPrefixes(new Map([["a", a]]))).not.toThrow();
    for (const other of ["shared:page", "shared"]) {
      const both = new Map([
        ["a", a],
        ["b", withButton("b", other)],
      ]);
      expect(() => checkPrefixes(both)).toThrow(/more than once/);
    }
  });
});
