import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Bot } from "../../src/main";
import { shardOf } from "../../src/shards/shard";
import { CHANNEL, MANAGER_PERMISSIONS, NUMBER, opt, STRING, sub } from "../../src/standin";
import { type Harness, logLines, startHarness } from "./harness";

// (id >> 22) % 2: A and C on shard 0, B on shard 1.
const A = String((300_000_000_000n << 22n) | 1n);
const B = String((300_000_000_001n << 22n) | 2n);
const C = String((300_000_000_002n << 22n) | 3n);
const GUILDS = [A, B, C];
const general = (g: string) => String(BigInt(g) + 100n);
const prompts = (g: string) => String(BigInt(g) + 200n);
const DAY = "2026-11-22";

/**
 * Two shards (issue 12): one real bot per shard, in this process, against the stand-in's
 * sharded gateway and on one SQLite file. Each guild's commands reach only its shard, and
 * each guild's scheduled posts go out exactly once, from its shard.
 */
describe("two shards over three guilds", () => {
  let h: Harness;
  let one: Bot;
  const bots = () => [h.bot, one];
  beforeEach(async () => {
    expect(GUILDS.map((g) => shardOf(g, 2))).toEqual([0, 1, 0]);
    h = await startHarness({
      now: "2026-11-22T08:00:00Z",
      shard: { id: 0, count: 2 },
      standin: {
        shards: 2,
        guilds: GUILDS.map((id) => ({
          id,
          channels: [
            { id: general(id), name: "general" },
            { id: prompts(id), name: "daily-prompt" },
          ],
        })),
      },
    });
    one = await h.startShard({ id: 1, count: 2 });
  });
  afterEach(async () => {
    await h.close();
  });

  /** which shard logged each interaction of a guild */
  const answeredBy = (guildId: string) =>
    logLines(h, "interaction")
      .filter((l) => l.guild === guildId)
      .map((l) => l.shard);

  it("answers each guild's commands on its own shard", async () => {
    expect(h.standin.readyShards()).toEqual(["0/2", "1/2"]);
    expect([...h.bot.client.guilds.cache.keys()].sort()).toEqual([A, C].sort());
    expect([...one.client.guilds.cache.keys()]).toEqual([B]);
    for (const guildId of GUILDS) {
      const r = await h.standin.command({
        name: "log",
        guildId,
        options: [sub("hours", [opt("hours", NUMBER, 1.5), opt("kind", STRING, "build")])],
      });
      expect(r.callback.data?.flags ?? 0).toBe(0);
      await h.waitForLog("interaction", (l) => l.guild === guildId);
    }
    expect(GUILDS.map(answeredBy)).toEqual([[0], [1], [0]]);
    // commands are registered once, by shard 0
    expect(h.standin.commandPuts).toHaveLength(1);
  });

  it("posts each guild's daily prompt exactly once, from its shard, however both shards tick", async () => {
    for (const guildId of GUILDS) {
      await h.standin.command({
        name: "config",
        guildId,
        permissions: MANAGER_PERMISSIONS,
        options: [
          sub("channel", [opt("kind", STRING, "prompts"), opt("channel", CHANNEL, prompts(guildId))]),
        ],
      });
    }
    h.clock.set(`${DAY}T09:00:00Z`);
    const [zero, first] = await Promise.all(bots().map((b) => b.scheduler.tick()));
    expect(zero?.sent.sort()).toEqual([`${A}|prompt|${DAY}`, `${C}|prompt|${DAY}`].sort());
    expect(first?.sent).toEqual([`${B}|prompt|${DAY}`]);

    h.clock.set(`${DAY}T09:01:00Z`);
    for (const report of await Promise.all(bots().map((b) => b.scheduler.tick())))
      expect(report.sent).toEqual([]);
    for (const guildId of GUILDS) {
      expect(h.standin.channelMessages.filter((m) => m.channelId === prompts(guildId))).toHaveLength(1);
    }
    expect(
      logLines(h, "scheduled post")
        .filter((l) => l.outcome === "sent")
        .map((l) => [l.guild, l.shard]),
    ).toEqual(
      expect.arrayContaining([
        [A, 0],
        [B, 1],
        [C, 0],
      ]),
    );
  });
});
