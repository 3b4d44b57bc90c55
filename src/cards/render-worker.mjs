// The profile-card worker thread: draws and encodes cards off the main event loop.
// Plain JavaScript so it starts the same under `tsx`, vitest or plain node; it loads
// the TypeScript drawing module through tsx's loader.
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { renderProfileCard } = await import("./profile-card.ts");

parentPort?.on("message", async ({ id, data }) => {
  try {
    parentPort?.postMessage({ id, png: await renderProfileCard(data) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
