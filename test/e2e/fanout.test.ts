import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REST } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock";
import { openStore, type Store } from "../../src/db/client";
import { pacedDiscordPoster } from "../../src/discord/poster";
import { setChannel } from "../../src/guilds/config";
import { createLogger } from "../../src/log";
import { createScheduler } from "../../src/scheduler/runner";
import { type StandIn, startStandIn } from "../../src/standin";

const N = 60;
const NOW = new Date("2026-11-23T10:00:00Z"); // Monday 10:00: every guild's check-in is due

/** Issue 8, item 6: the fan-out keeps to Discord's global limit (its timing is measured by bench:fanout). */
describe("scheduled posts at Discord's pace", () => {
  let standin: StandIn | undefined;
  let store: Store | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    store?.close();
    await standin?.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it(`posts ${N} guilds' check-ins through a 50/s global limit without a single 429`, async () => {
    const channels = Array.from({ length: N }, (_, i) => ({
      id: String(870_000_000_000_000_000n + BigInt(i)),
      name: `checkins-${i}`,
    }));
    standin = await startStandIn({
      guilds: [{ id: "860000000000000009", channels }],
      rateLimit: { perSecond: 50 },
    });
    const dir = mkdtempSync(join(tmpdir(), "shiplog-fanout-"));
    dirs.push(dir);
    store = openStore(join(dir, "fanout.db"));
    const db = store.db;
    for (const [i, channel] of channels.entries()) {
      await setChannel(db, String(880_000_000_000_000_000n + BigInt(i)), "checkins", channel.id, NOW);
    }
    const rest = new REST({ api: standin.apiUrl }).setToken(standin.token);
    const scheduler = createScheduler({
      db,
      clock: new ManualClock(NOW),
      log: createLogger("error", () => {}),
      poster: pacedDiscordPoster(rest, standin.botUserId),
    });
    const report = await scheduler.tick();
    expect(report.sent).toHaveLength(N);
    expect(report.failed).toEqual([]);
    expect(standin.rateLimited).toBe(0);
    expect(new Set(standin.channelMessages.map((m) => m.channelId)).size).toBe(N);
  });
});
