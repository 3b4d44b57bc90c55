// The profile-card worker thread's loop: draws and encodes cards off the main event loop.
// Built into dist/ as the worker itself; from source, ./render-worker.mjs loads it through tsx.
import { parentPort } from "node:worker_threads";
import { renderProfileCard } from "./profile-card";

parentPort?.on("message", async ({ id, data }) => {
  try {
    parentPort?.postMessage({ id, png: await renderProfileCard(data) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
