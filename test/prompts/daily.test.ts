import { beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../src/db/client";
import { dailyPrompts, guilds } from "../../src/db/tables";
import { PROMPTS, promptById } from "../../src/prompts/bank";
import { dailyPromptPost, MAX_THREAD_NAME, promptForDay, randomPromptOfTopic } from "../../src/prompts/daily";
import { TOPICS } from "../../src/roadmap/topics";
import { addDays } from "../../src/time/dates";
import { GUILD, OTHER_GUILD, useStore } from "../helpers/store";

const BANK_IDS = PROMPTS.map((p) => p.id);

const DAY = "2026-11-22";

/** A seeded pseudo-random source, so failures reproduce. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** promptForDay needs the guild row, which /prompt and the scheduler always have. */
function useGuildsStore(): () => Store {
  const store = useStore();
  beforeEach(async () => {
    for (const id of [GUILD, OTHER_GUILD]) {
      await store()
        .db.insert(guilds)
        .values({ id, createdAt: new Date("2026-11-01T00:00:00Z") })
        .onConflictDoNothing();
    }
  });
  return store;
}

describe("promptForDay", () => {
  const store = useGuildsStore();

  it("returns the same prompt for the same guild and day, whatever the random source", async () => {
    const { db } = store();
    const first = await promptForDay(db, GUILD, DAY, () => 0);
    const again = await promptForDay(db, GUILD, DAY, () => 0.999);
    expect(again.id).toBe(first.id);
    expect(again.localDate).toBe(DAY);
    expect(promptById(first.id)).toMatchObject({ text: first.text, topic: first.topic });
    expect(await db.select().from(dailyPrompts)).toEqual([
      { guildId: GUILD, localDate: DAY, promptId: first.id },
    ]);
  });

  it("picks with the random source among unused prompts", async () => {
    const { db } = store();
    expect((await promptForDay(db, GUILD, DAY, () => 0)).id).toBe(PROMPTS[0]?.id);
    expect((await promptForDay(db, GUILD, addDays(DAY, 1), () => 0)).id).toBe(PROMPTS[1]?.id);
    // a source that returns exactly 1 (or junk) still picks a valid prompt
    expect(BANK_IDS).toContain((await promptForDay(db, GUILD, addDays(DAY, 2), () => 1)).id);
    expect(BANK_IDS).toContain((await promptForDay(db, GUILD, addDays(DAY, 3), () => Number.NaN)).id);
  });

  it("does not repeat a prompt until the bank is exhausted, then starts a new cycle", async () => {
    const { db } = store();
    const random = seeded(42);
    const n = PROMPTS.length;
    const ids: string[] = [];
    for (let i = 0; i < 2 * n + 5; i++) ids.push((await promptForDay(db, GUILD, addDays(DAY, i), random)).id);
    const firstCycle = ids.slice(0, n);
    const secondCycle = ids.slice(n, 2 * n);
    expect(new Set(firstCycle).size).toBe(n);
    expect(new Set(secondCycle).size).toBe(n);
    expect(new Set(ids.slice(2 * n)).size).toBe(5);
    // no prompt on two consecutive days, even across the cycle boundary
    expect(ids.filter((id, i) => i > 0 && ids[i - 1] === id)).toEqual([]);
    // earlier days keep their prompt
    expect((await promptForDay(db, GUILD, DAY, () => 0.5)).id).toBe(ids[0]);
  });

  it("keeps each guild's cycle separate", async () => {
    const { db } = store();
    for (let i = 0; i < PROMPTS.length; i++) await promptForDay(db, GUILD, addDays(DAY, i), seeded(i));
    // the other guild has used nothing, so its first prompt can be the first in the bank
    expect((await promptForDay(db, OTHER_GUILD, DAY, () => 0)).id).toBe(PROMPTS[0]?.id);
  });

  it("replaces a stored prompt that is no longer in the bank", async () => {
    const { db } = store();
    await db.insert(dailyPrompts).values({ guildId: GUILD, localDate: DAY, promptId: "retired-prompt" });
    const prompt = await promptForDay(db, GUILD, DAY, () => 0);
    expect(prompt.id).not.toBe("retired-prompt");
    expect(BANK_IDS).toContain(prompt.id);
    expect((await promptForDay(db, GUILD, DAY, () => 0.9)).id).toBe(prompt.id);
  });
});

describe("randomPromptOfTopic", () => {
  it.each(TOPICS)("returns a prompt of topic %s", (topic) => {
    const random = seeded(7);
    for (let i = 0; i < 20; i++) expect(randomPromptOfTopic(topic, random).topic).toBe(topic);
    expect(randomPromptOfTopic(topic, () => 0.999_999).topic).toBe(topic);
  });

  it("uses the random source across the topic's prompts", () => {
    const random = seeded(3);
    const seen = new Set(Array.from({ length: 200 }, () => randomPromptOfTopic("http", random).id));
    expect(seen.size).toBeGreaterThan(1);
  });
});

describe("dailyPromptPost", () => {
  const store = useGuildsStore();

  it("is an embed like every other post, with a dated thread name within 100 characters", async () => {
    const { db } = store();
    const prompt = await promptForDay(db, GUILD, DAY, () => 0);
    const post = dailyPromptPost(prompt);
    expect(post).not.toHaveProperty("content");
    const [embed] = post.embeds;
    expect(embed.description).toContain(prompt.text);
    expect(embed.title).toContain(prompt.topic);
    expect(JSON.stringify(post.embeds)).not.toContain("@");
    expect(post.threadName).toBe(`Prompt ${DAY} — ${prompt.topic}`);
  });

  it("keeps every bank prompt's post within Discord's limits", () => {
    for (const prompt of PROMPTS) {
      const post = dailyPromptPost({ ...prompt, localDate: DAY });
      expect(post.embeds[0].description.length).toBeLessThanOrEqual(4096);
      expect(post.embeds[0].title.length).toBeLessThanOrEqual(256);
      expect(post.threadName.length).toBeLessThanOrEqual(MAX_THREAD_NAME);
    }
    expect(dailyPromptPost(PROMPTS[0] ?? expect.unreachable()).threadName).toMatch(/^Prompt — /);
  });
});
