/**
 * `npm run bench:card`: how long a profile card takes, split into what runs on
 * the event loop (reading the data, drawing) and what does not (PNG encoding,
 * on libuv's thread pool). Nothing is asserted; numbers go to stdout.
 */

import { CARD_GUILD, CARD_MEMBER, seedCardMember, seededCard } from "../scripts/card-seed";
import { drawProfileCard, renderProfileCard } from "../src/cards/profile-card";
import { renderCardOffThread } from "../src/cards/render";
import { openStore } from "../src/db/client";
import { dailyMinutes, heatmapStart } from "../src/profile/card";

const NOW = new Date("2026-11-22T18:00:00Z");
const RUNS = 50;

async function time(label: string, fn: () => unknown): Promise<void> {
  await fn(); // warm up (fonts, caches)
  const start = performance.now();
  for (let i = 0; i < RUNS; i++) await fn();
  const ms = (performance.now() - start) / RUNS;
  console.log(`${label.padEnd(58)} ${ms.toFixed(3).padStart(10)} ms/op  (${RUNS} runs)`);
}

const store = openStore(":memory:");
try {
  // a full year of logs: every heatmap cell can be filled
  await seedCardMember(store.db, NOW, 371);
  const data = await seededCard(store.db, NOW);
  const today = data.today;
  await time("card: heatmap read (371 days, one member)", () =>
    dailyMinutes(store.db, CARD_GUILD, CARD_MEMBER.userId, heatmapStart(today), today),
  );
  await time("card: profile + heatmap read", () => seededCard(store.db, NOW));
  await time("card: draw (on the event loop)", () => drawProfileCard(data));
  await time("card: draw + PNG encode (encode off the loop)", () => renderProfileCard(data));
  await time("card: on the worker thread (what /profile waits for)", () => renderCardOffThread(data));
} finally {
  store.close();
}
