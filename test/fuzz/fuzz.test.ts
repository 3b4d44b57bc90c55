import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { definitionsOf, loadCommands } from "../../src/discord/registry";
import { MANAGER_PERMISSIONS, MEMBER_PERMISSIONS, snowflake } from "../../src/standin";
import { type Harness, startHarness } from "../e2e/harness";
import { anyCommandInteraction, type CommandDefinitionLike, type IdPool } from "./arbitraries";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const guildA = snowflake();
const guildB = snowflake();
const ids: IdPool = {
  guildId: guildA,
  users: Array.from({ length: 6 }, snowflake),
  channels: [snowflake(), snowflake()],
  roles: [snowflake(), guildA],
  otherGuildId: guildB,
  otherChannels: [snowflake()],
  otherRoles: [snowflake()],
};

let h: Harness;
let definitions: CommandDefinitionLike[];

beforeAll(async () => {
  h = await startHarness({
    standin: {
      timeoutMs: 10_000,
      guilds: [
        {
          id: guildA,
          channels: ids.channels.map((id, i) => ({ id, name: `a-${i}` })),
          roles: [{ id: ids.roles[0] ?? "", name: "learners" }],
        },
        {
          id: guildB,
          channels: ids.otherChannels.map((id, i) => ({ id, name: `b-${i}` })),
          roles: ids.otherRoles.map((id) => ({ id, name: "other" })),
        },
      ],
    },
  });
  definitions = definitionsOf(await loadCommands()) as CommandDefinitionLike[];
});

afterAll(async () => {
  await h?.close();
});

function messageBodies(from: number): Array<{ path: string; body: Record<string, unknown> }> {
  return h.standin.requests
    .slice(from)
    .filter((r) => r.method === "POST" || r.method === "PATCH")
    .map((r) => {
      const raw = r.body as Record<string, unknown> | undefined;
      const payload = (raw?.payload as Record<string, unknown> | undefined) ?? raw;
      const data = (payload?.data as Record<string, unknown> | undefined) ?? payload;
      return { path: r.path, body: data ?? {} };
    })
    .filter(({ body }) => "content" in body || "embeds" in body);
}

describe("fuzzed interactions through the real bot", () => {
  it(`answers every one, never with the unexpected-error apology, never pinging (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        anyCommandInteraction(definitions, ids),
        fc.constantFrom(...ids.users),
        fc.boolean(),
        async (command, userId, moderator) => {
          const from = h.standin.requests.length;
          h.clock.advance(2_500);
          const result = await h.standin.command({
            ...command,
            userId,
            permissions: moderator ? MANAGER_PERMISSIONS : MEMBER_PERMISSIONS,
          });
          expect(result.status).toBeLessThan(300);
          const final = await result.final();
          const content = String(final?.content ?? "");
          expect(content).not.toMatch(/something went wrong/);
          for (const { path, body } of messageBodies(from)) {
            const allowed = body.allowed_mentions as { parse?: unknown[] } | undefined;
            expect({ path, parse: allowed?.parse }).toEqual({ path, parse: [] });
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 600_000);
});
