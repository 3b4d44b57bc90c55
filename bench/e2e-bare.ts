/**
 * A bare discord.js client with the bot's cache settings (`createClient`), nothing else:
 * the RSS baseline for `bench/e2e.ts`. Prints one JSON line `{"msg":"ready"}` once ready.
 */
import { Events } from "discord.js";
import { createClient } from "../src/discord/client";
import { createLogger } from "../src/log";

const log = createLogger("warn", (line) => process.stderr.write(`${line}\n`));
const client = createClient({ DISCORD_API_URL: process.env.DISCORD_API_URL }, log);
client.once(Events.ClientReady, (ready) => {
  process.stdout.write(`${JSON.stringify({ msg: "ready", guilds: ready.guilds.cache.size })}\n`);
});
process.once("SIGTERM", () => {
  void client.destroy().then(() => process.exit(0));
});
await client.login(process.env.DISCORD_TOKEN);
