/**
 * `npm run card:docs`: renders the profile card the README shows, from a
 * database seeded through the bot's own write path, to docs/profile-card.png.
 */
import { writeFileSync } from "node:fs";
import { renderProfileCard } from "../src/cards/profile-card";
import { openStore } from "../src/db/client";
import { seedCardMember, seededCard } from "./card-seed";

const NOW = new Date("2026-11-22T18:00:00Z");
const OUT = "docs/profile-card.png";

const store = openStore(":memory:");
try {
  await seedCardMember(store.db, NOW, 150);
  writeFileSync(OUT, await renderProfileCard(await seededCard(store.db, NOW)));
  console.log(`wrote ${OUT}`);
} finally {
  store.close();
}
