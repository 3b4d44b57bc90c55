import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cohorts, entries, guilds } from "../../src/db/tables";
import type { Command } from "../../src/discord/command";
import { definitionsOf, loadCommands } from "../../src/discord/registry";
import { checkPublicUrl } from "../../src/projects/url";
import { MANAGER_PERMISSIONS, MEMBER_PERMISSIONS, snowflake } from "../../src/standin";
import { type Harness, startHarness } from "../e2e/harness";
import { anyCommandInteraction, type CommandDefinitionLike, hostileText, type IdPool } from "./arbitraries";

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
let buttonPrefixes: string[];
let modalPrefixes: string[];

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
  const commands: Map<string, Command> = await loadCommands();
  definitions = definitionsOf(commands) as CommandDefinitionLike[];
  // Every button the bot can route, from the codecs the commands declare.
  const routes = [...commands.values()].flatMap((c) => c.components);
  buttonPrefixes = routes.filter((r) => r.kind === "button").map((r) => r.codec.prefix);
  modalPrefixes = routes.filter((r) => r.kind === "modal").map((r) => r.codec.prefix);
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

/** Nothing the fuzzing stored breaks a rule the commands enforce. */
function expectStoredWithinRules(): void {
  const db = h.bot.store.db;
  for (const e of db.select().from(entries).all()) {
    expect(e.guildId).toBe(guildA);
    expect((e.note ?? "").length).toBeLessThanOrEqual(500);
    for (const url of [e.url, e.repo]) {
      if (url === null) continue;
      expect(checkPublicUrl(url, "url")).toEqual({ ok: true, url });
    }
  }
  const ownChannels = new Set<string | null>([null, ...ids.channels]);
  for (const g of db.select().from(guilds).all()) {
    for (const channel of [g.promptsChannelId, g.checkinsChannelId, g.leaderboardChannelId]) {
      expect(ownChannels.has(channel)).toBe(true);
    }
    expect([null, ids.roles[0]]).toContain(g.modRoleId);
  }
  for (const c of db.select().from(cohorts).all()) {
    expect(ownChannels.has(c.channelId)).toBe(true);
    expect([null, ids.roles[0]]).toContain(c.roleId);
  }
}

/** A custom id for a known button with fields that may be valid, hostile, or copied from elsewhere. */
const componentId = (prefixes: string[]) =>
  fc
    .tuple(
      fc.constantFrom(...prefixes),
      fc.array(
        fc.oneof(
          fc.nat({ max: 2000 }).map(String),
          fc.constantFrom(...ids.users, guildA, guildB),
          fc.constantFrom("prev", "next", "week", "month", "all"),
          hostileText,
        ),
        { maxLength: 5 },
      ),
    )
    .map(([prefix, fields]) => [prefix, ...fields].join(":").slice(0, 100));

/** Form fields by the names the forms use, with valid-looking and hostile values. */
const FORM_FIELDS = ["hours", "kind", "topic", "note", "date", "goals", "blockers"];
const formFields = () =>
  fc.dictionary(
    fc.constantFrom(...FORM_FIELDS),
    fc.oneof(fc.constantFrom("1.5", "build", "learn", "databases", "today", "ship it"), hostileText),
  );

type Sent =
  | { kind: "command"; command: { name: string; options: unknown[] } }
  | { kind: "button"; customId: string }
  | { kind: "modal"; customId: string; fields: Record<string, string> };

describe("fuzzed interactions through the real bot", () => {
  it(`answers every one, never with the unexpected-error apology, never pinging (${RUNS} runs)`, async () => {
    const stats = { sent: 0, skipped: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          {
            weight: 9,
            arbitrary: anyCommandInteraction(definitions, ids).map(
              (command): Sent => ({ kind: "command", command }),
            ),
          },
          {
            weight: 1,
            arbitrary: componentId(buttonPrefixes).map((customId): Sent => ({ kind: "button", customId })),
          },
          {
            weight: 1,
            arbitrary: fc
              .tuple(componentId(modalPrefixes), formFields())
              .map(([customId, fields]): Sent => ({ kind: "modal", customId, fields })),
          },
        ),
        fc.constantFrom(...ids.users),
        fc.boolean(),
        async (input, userId, moderator) => {
          const from = h.standin.requests.length;
          h.clock.advance(2_500);
          const who = { userId, permissions: moderator ? MANAGER_PERMISSIONS : MEMBER_PERMISSIONS };
          let result: Awaited<ReturnType<typeof h.standin.command>>;
          try {
            result =
              input.kind === "command"
                ? await h.standin.command({ ...input.command, ...who })
                : input.kind === "button"
                  ? await h.standin.button({ customId: input.customId, ...who })
                  : await h.standin.modalSubmit({ customId: input.customId, fields: input.fields, ...who });
          } catch (error) {
            // The stand-in refuses to send payloads Discord itself would never send; only a
            // missing answer from the bot is a failure.
            if (String(error).includes("timed out")) throw error;
            stats.skipped += 1;
            return;
          }
          stats.sent += 1;
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
    expectStoredWithinRules();
    if (process.env.FUZZ_REPORT) process.stdout.write(`fuzz: ${JSON.stringify({ runs: RUNS, ...stats })}\n`);
    expect(stats.sent).toBeGreaterThan(RUNS / 2);
  }, 3_600_000);
});
