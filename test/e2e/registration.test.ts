import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock";
import { parseConfig } from "../../src/config";
import { syncCommands } from "../../src/discord/registry";
import { createLogger } from "../../src/log";
import { type Bot, startBot } from "../../src/main";
import { type StandIn, startStandIn } from "../../src/standin";

describe("command registration", () => {
  let standin: StandIn | undefined;
  let bot: Bot | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await bot?.stop();
    await standin?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("goes to the dev guild only when DEV_GUILD_ID is set, and can be forced (npm run register)", async () => {
    standin = await startStandIn();
    dir = mkdtempSync(join(tmpdir(), "shiplog-reg-"));
    const config = parseConfig({
      DISCORD_TOKEN: standin.token,
      DISCORD_API_URL: standin.apiUrl,
      DATABASE_PATH: join(dir, "bot.db"),
      DEV_GUILD_ID: standin.defaultGuildId,
    });
    const lines: string[] = [];
    const running = await startBot(config, {
      clock: new ManualClock("2026-11-22T12:00:00Z"),
      logSink: (l) => lines.push(l),
      cron: false,
    });
    bot = running;
    expect(standin.commandPuts.map((p) => p.guildId)).toEqual([standin.defaultGuildId]);
    const again = () =>
      syncCommands({
        client: running.client,
        db: running.store.db,
        commands: new Map(),
        devGuildId: config.DEV_GUILD_ID,
        now: new Date(),
        log: createLogger("error", () => {}),
        force: true,
      });
    // forcing re-registers even when the hash would say nothing changed
    expect(await again()).toBe("registered");
    expect(standin.commandPuts).toHaveLength(2);
    expect(standin.commandPuts[1]?.body).toEqual([]);
  });
});
