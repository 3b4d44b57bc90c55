/**
 * The stand-in for `bench/fanout.ts`, in its own thread: Discord's work must not share the
 * bot's event loop, or the bench would measure the stand-in's CPU instead of the pacing.
 */
import { parentPort, workerData } from "node:worker_threads";
import { startStandIn } from "../src/standin";

const { guildId, channels, rate } = workerData as {
  guildId: string;
  channels: Array<{ id: string; name: string }>;
  rate: number;
};
const standin = await startStandIn({ guilds: [{ id: guildId, channels }], rateLimit: { perSecond: rate } });
parentPort?.on("message", async (message: string) => {
  if (message === "stats") {
    const ids = standin.channelMessages.map((m) => m.id);
    parentPort?.postMessage({
      messages: ids.length,
      first: ids[0],
      last: ids.at(-1),
      rateLimited: standin.rateLimited,
    });
  } else if (message === "close") {
    await standin.close();
    parentPort?.postMessage({ closed: true });
  }
});
parentPort?.postMessage({ apiUrl: standin.apiUrl, token: standin.token, botUserId: standin.botUserId });
