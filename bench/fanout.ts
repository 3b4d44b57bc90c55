/**
 * `npm run bench:fanout [-- --guilds N] [--rate R]`: N guilds' weekly check-ins posted in one
 * scheduler tick through the real REST client, against the local Discord stand-in (in its own
 * thread) with its global rate limit switched on (R requests a second, default 50, as
 * Discord's). Prints the total time against the floor N ÷ R and how many 429s the stand-in
 * answered. Nothing is asserted: speed is measured here, not in tests (issue 8, item 6;
 * target ≤ 1.1 × floor).
 */
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { REST } from "discord.js";
import { ManualClock } from "../src/clock";
import { openStore } from "../src/db/client";
import { transaction } from "../src/db/tx";
import { pacedDiscordPoster } from "../src/discord/poster";
import { setChannel } from "../src/guilds/config";
import { createLogger } from "../src/log";
import { createScheduler } from "../src/scheduler/runner";

const { values } = parseArgs({
  options: { guilds: { type: "string", default: "10000" }, rate: { type: "string", default: "50" } },
});
const N = Number(values.guilds);
const RATE = Number(values.rate);
// Monday 10:00 UTC: every guild's weekly check-in is due (default schedule).
const NOW = new Date("2026-11-23T10:00:00Z");
const channels = Array.from({ length: N }, (_, i) => ({
  id: String(200_000_000_000_000_000n + BigInt(i)),
  name: `checkins-${i}`,
}));

const worker = new Worker(new URL("./fanout-standin.mjs", import.meta.url), {
  workerData: { guildId: "100000000000000000", channels, rate: RATE },
});
const ask = async <T>(message: string): Promise<T> => {
  worker.postMessage(message);
  return (await once(worker, "message"))[0] as T;
};
const [standin] = (await once(worker, "message")) as [{ apiUrl: string; token: string; botUserId: string }];
const dir = mkdtempSync(join(tmpdir(), "shiplog-fanout-"));
try {
  const store = openStore(join(dir, "fanout.db"));
  await transaction(store.db, async (tx) => {
    for (const [i, channel] of channels.entries()) {
      await setChannel(tx, String(100_000_000_000_000_001n + BigInt(i)), "checkins", channel.id, NOW);
    }
  });
  const rest = new REST({ api: standin.apiUrl }).setToken(standin.token);
  const scheduler = createScheduler({
    db: store.db,
    clock: new ManualClock(NOW),
    log: createLogger("error", () => {}),
    poster: pacedDiscordPoster(rest, standin.botUserId, RATE),
  });
  const start = performance.now();
  const report = await scheduler.tick();
  const seconds = (performance.now() - start) / 1000;
  const stats = await ask<{ messages: number; rateLimited: number }>("stats");
  const floor = N / RATE;
  console.log(`fan-out: ${N} guilds' weekly check-ins at ${RATE} requests/s (stand-in rate limit on)`);
  console.log(
    `  sent ${report.sent.length}, failed ${report.failed.length}, messages created ${stats.messages}`,
  );
  console.log(
    `  total ${seconds.toFixed(1)} s · floor ${floor.toFixed(1)} s · ratio ${(seconds / floor).toFixed(3)} (target ≤ 1.1)`,
  );
  console.log(`  429 answers from the stand-in: ${stats.rateLimited}`);
  store.close();
} finally {
  await ask("close");
  await worker.terminate();
  rmSync(dir, { recursive: true, force: true });
}
