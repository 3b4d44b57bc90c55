/**
 * The prompt of the day (SPEC §3.5). One row per guild and local day in
 * `daily_prompts` makes /prompt and the daily post agree, and the same rows
 * count how often each prompt was used, so prompts do not repeat in a guild
 * until the whole bank has been through once.
 */
import { and, count, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { first } from "../db/raw";
import { dailyPrompts } from "../db/tables";
import { transaction } from "../db/tx";
import { UserError } from "../errors";
import type { Topic } from "../roadmap/topics";
import { addDays, type LocalDate } from "../time/dates";
import { PROMPTS, type Prompt, promptById, promptsByTopic } from "./bank";

/** A prompt together with the local day it is the prompt of. */
export type DailyPrompt = Prompt & { localDate: LocalDate };

export const MAX_THREAD_NAME = 100;

/** An index in [0, length) from `random`, safe against a source that returns 1 or junk. */
function pick<T>(items: readonly T[], random: () => number): T | undefined {
  const r = random();
  const i = Number.isFinite(r) ? Math.floor(r * items.length) : 0;
  return items[Math.min(items.length - 1, Math.max(0, i))];
}

async function storedPromptId(db: Db, guildId: string, day: LocalDate): Promise<string | undefined> {
  return (
    await first(
      db
        .select({ promptId: dailyPrompts.promptId })
        .from(dailyPrompts)
        .where(and(eq(dailyPrompts.guildId, guildId), eq(dailyPrompts.localDate, day)))
        .limit(1),
    )
  )?.promptId;
}

/**
 * Among the least-used prompts in this guild, one picked with `random`. The
 * previous day's prompt is avoided when there is a choice, so a new cycle
 * through the bank does not open with yesterday's prompt.
 */
async function choosePrompt(db: Db, guildId: string, day: LocalDate, random: () => number): Promise<Prompt> {
  const uses = new Map(
    (
      await db
        .select({ promptId: dailyPrompts.promptId, n: count() })
        .from(dailyPrompts)
        .where(eq(dailyPrompts.guildId, guildId))
        .groupBy(dailyPrompts.promptId)
    ).map((r) => [r.promptId, r.n]),
  );
  const fewest = Math.min(...PROMPTS.map((p) => uses.get(p.id) ?? 0));
  const leastUsed = PROMPTS.filter((p) => (uses.get(p.id) ?? 0) === fewest);
  const yesterday = await storedPromptId(db, guildId, addDays(day, -1));
  const candidates = leastUsed.length > 1 ? leastUsed.filter((p) => p.id !== yesterday) : leastUsed;
  const chosen = pick(candidates, random);
  if (!chosen) throw new Error("The prompt bank is empty");
  return chosen;
}

/**
 * The guild's prompt for `localDate`: the stored one, or a newly chosen one that
 * is stored first. The insert does nothing if another caller stored the day in
 * the meantime, and the row is read back, so every caller gets the same prompt.
 * The guild row must exist: /prompt creates it first, and the scheduler only
 * posts for stored guilds.
 */
export async function promptForDay(
  db: Db,
  guildId: string,
  localDate: LocalDate,
  random: () => number = Math.random,
): Promise<DailyPrompt> {
  return transaction(db, async (tx) => {
    const storedId = await storedPromptId(tx, guildId, localDate);
    const stored = storedId === undefined ? undefined : promptById(storedId);
    if (stored) return { ...stored, localDate };
    const chosen = await choosePrompt(tx, guildId, localDate, random);
    if (storedId === undefined) {
      await tx.insert(dailyPrompts).values({ guildId, localDate, promptId: chosen.id }).onConflictDoNothing();
    } else {
      // The stored prompt was removed from the bank; replace it so the day still has one.
      await tx
        .update(dailyPrompts)
        .set({ promptId: chosen.id })
        .where(
          and(
            eq(dailyPrompts.guildId, guildId),
            eq(dailyPrompts.localDate, localDate),
            eq(dailyPrompts.promptId, storedId),
          ),
        );
    }
    const agreedId = await storedPromptId(tx, guildId, localDate);
    const agreed = (agreedId === undefined ? undefined : promptById(agreedId)) ?? chosen;
    return { ...agreed, localDate };
  });
}

/** A random prompt of one roadmap topic, for `/prompt topic:…`. */
export function randomPromptOfTopic(topic: Topic, random: () => number = Math.random): Prompt {
  const prompt = pick(promptsByTopic(topic), random);
  if (!prompt) throw new UserError(`There are no prompts about ${topic} yet. Try another topic.`);
  return prompt;
}

/**
 * The daily post: the prompt as an embed like every other post, and the name of
 * the thread opened under it for answers. Prompt texts never contain "@"
 * (checked when the bank loads).
 */
export function dailyPromptPost(prompt: Prompt & { localDate?: LocalDate }): {
  embeds: [{ title: string; description: string }];
  threadName: string;
} {
  const description = [
    prompt.text,
    "",
    "Answer in the thread below — code, screenshots and questions welcome. Press **Log time** when you have put in the work.",
  ].join("\n");
  const name = prompt.localDate ? `Prompt ${prompt.localDate} — ${prompt.topic}` : `Prompt — ${prompt.topic}`;
  return {
    embeds: [{ title: `💬 Today's prompt · ${prompt.topic} · ${prompt.level}`, description }],
    threadName: name.slice(0, MAX_THREAD_NAME),
  };
}
