/** `npm run register`: force the slash-command registration (honours DEV_GUILD_ID). */
import { Events } from "discord.js";
import { systemClock } from "./clock";
import { ConfigError, loadDotEnv, parseConfig } from "./config";
import { openStore } from "./db/client";
import { createClient } from "./discord/client";
import { loadCommands, syncCommands } from "./discord/registry";
import { createLogger } from "./log";

loadDotEnv();
try {
  const config = parseConfig(process.env);
  const log = createLogger(config.LOG_LEVEL);
  const store = openStore(config.DATABASE_PATH);
  const client = createClient(config, log);
  const ready = new Promise<import("discord.js").Client<true>>((r) => client.once(Events.ClientReady, r));
  await client.login(config.DISCORD_TOKEN);
  await syncCommands({
    client: await ready,
    db: store.db,
    commands: await loadCommands(),
    devGuildId: config.DEV_GUILD_ID,
    now: systemClock.now(),
    log,
    force: true,
  });
  await client.destroy();
  store.close();
} catch (error) {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `shiplog: registration failed: ${String(error)}`}\n`,
  );
  process.exit(1);
}
