/**
 * The demo's world (SPEC §7): the local stand-in, a throwaway database seeded with a small study
 * server, and the real bot (`startBot`, as `npm start` runs it) on a manual clock.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../clock";
import { parseConfig } from "../config";
import { openStore } from "../db/client";
import { guilds, members } from "../db/schema";
import { type Bot, startBot } from "../main";
import { seedDatabase } from "../seed/seed";
import {
  CHANNEL,
  INTEGER,
  MANAGER_PERMISSIONS,
  opt,
  STRING,
  type StandIn,
  startStandIn,
  sub,
} from "../standin";

export const GUILD = "800000000000000001";
export const MODERATOR = { id: "830000000000000099", name: "Mod Maya" };
export const CHANNELS = [
  { id: "810000000000000001", name: "general" },
  { id: "810000000000000002", name: "daily-prompt" },
  { id: "810000000000000003", name: "weekly-checkin" },
  { id: "810000000000000004", name: "leaderboard" },
  { id: "810000000000000005", name: "cohort-spring" },
];
const START = "2026-11-23T08:00:00Z";

export interface Member {
  id: string;
  name: string;
}

export interface DemoWorld {
  standin: StandIn;
  bot: Bot;
  clock: ManualClock;
  members: Member[];
  close(): Promise<void>;
}

export async function startWorld(): Promise<DemoWorld> {
  const dir = mkdtempSync(join(tmpdir(), "shiplog-demo-"));
  const dbPath = join(dir, "demo.db");
  const clock = new ManualClock(START);
  const seeded = openStore(dbPath);
  seedDatabase(seeded, { guildId: GUILD, members: 6, entries: 180, days: 30, now: clock.now(), seed: 11 });
  seeded.close();
  const standin = await startStandIn({
    guilds: [{ id: GUILD, name: "Backend Study Group", channels: CHANNELS, ownerId: MODERATOR.id }],
    timeoutMs: 15_000,
  });
  let bot: Bot;
  try {
    const config = parseConfig({
      DISCORD_TOKEN: standin.token,
      DISCORD_API_URL: standin.apiUrl,
      DATABASE_PATH: dbPath,
      LOG_LEVEL: "warn",
      DEV_GUILD_ID: GUILD,
    });
    bot = await startBot(config, { clock, cron: false, logSink: () => {}, rateLimit: { limit: 1000 } });
  } catch (error) {
    await standin.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const seededMembers = (
    await bot.store.db.select({ id: members.userId, name: members.displayName }).from(members)
  ).map((m) => ({ id: m.id, name: m.name ?? m.id }));
  await configure(standin);
  return {
    standin,
    bot,
    clock,
    members: [...seededMembers, MODERATOR],
    async close() {
      await bot.stop();
      await standin.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The moderator sets the server up through the real /config and /cohort commands. */
async function configure(standin: StandIn): Promise<void> {
  const asMod = (name: string, options: unknown[]) =>
    standin.command({
      name,
      userId: MODERATOR.id,
      username: MODERATOR.name,
      permissions: MANAGER_PERMISSIONS,
      options,
    });
  const [, prompts, checkins, board, cohort] = CHANNELS.map((c) => c.id);
  await asMod("config", [sub("timezone", [opt("name", STRING, "Europe/Berlin")])]);
  for (const [kind, channel] of [
    ["prompt", prompts],
    ["checkin", checkins],
    ["leaderboard", board],
  ] as const) {
    await asMod("config", [sub("channel", [opt("kind", STRING, kind), opt("channel", CHANNEL, channel)])]);
  }
  await asMod("cohort", [
    sub("create", [
      opt("name", STRING, "Spring backend"),
      opt("start", STRING, "2026-11-16"),
      opt("weeks", INTEGER, 2),
      opt("channel", CHANNEL, cohort),
    ]),
  ]);
}

/** The guild row, for the clock controls. */
export async function guildRow(bot: Bot) {
  return (await bot.store.db.select().from(guilds).limit(1))[0];
}
