/**
 * The daily-prompt bank: data in bank.json, validated here at import so a bad edit
 * fails loudly (naming the offending prompt) instead of posting garbage to a server.
 * Prompt ids are stored in the database to avoid repeats, so never rename one.
 */
import { z } from "zod";
import { TOPICS, type Topic } from "../roadmap/topics";
import rawBank from "./bank.json";

export const LEVELS = ["beginner", "intermediate", "advanced"] as const;

export const PromptSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    .max(64),
  topic: z.enum(TOPICS),
  level: z.enum(LEVELS),
  text: z.string().min(20).max(400),
});

export type Prompt = z.infer<typeof PromptSchema>;
export type PromptLevel = Prompt["level"];

function describeEntry(entry: unknown, index: number): string {
  if (typeof entry === "object" && entry !== null && "id" in entry && typeof entry.id === "string") {
    return `prompt "${entry.id}" (entry #${index})`;
  }
  return `prompt entry #${index}`;
}

/**
 * Validates a raw prompt bank: every entry's shape, unique ids, and no "@" in any text
 * (so a prompt can never ping a server). Throws an Error naming the offending prompt.
 */
export function parseBank(raw: unknown): readonly Prompt[] {
  if (!Array.isArray(raw)) {
    throw new Error("Invalid prompt bank: expected an array of prompts");
  }
  const prompts: Prompt[] = [];
  const firstIndexById = new Map<string, number>();
  raw.forEach((entry: unknown, index) => {
    const where = describeEntry(entry, index);
    const result = PromptSchema.safeParse(entry);
    if (!result.success) {
      const problems = result.error.issues
        .map((issue) => `${issue.path.map(String).join(".") || "(entry)"}: ${issue.message}`)
        .join("; ");
      throw new Error(`Invalid prompt bank: ${where} is invalid: ${problems}`);
    }
    const prompt = result.data;
    if (prompt.text.includes("@")) {
      throw new Error(`Invalid prompt bank: ${where} is invalid: text must not contain "@" (it could ping)`);
    }
    const earlier = firstIndexById.get(prompt.id);
    if (earlier !== undefined) {
      throw new Error(
        `Invalid prompt bank: duplicate prompt id "${prompt.id}" (entries #${earlier} and #${index})`,
      );
    }
    firstIndexById.set(prompt.id, index);
    prompts.push(Object.freeze(prompt));
  });
  return Object.freeze(prompts);
}

export const PROMPTS: readonly Prompt[] = parseBank(rawBank);

const byId = new Map<string, Prompt>(PROMPTS.map((prompt) => [prompt.id, prompt]));

const byTopic = new Map<Topic, readonly Prompt[]>(
  TOPICS.map((topic) => [topic, Object.freeze(PROMPTS.filter((prompt) => prompt.topic === topic))]),
);

export function promptById(id: string): Prompt | undefined {
  return byId.get(id);
}

export function promptsByTopic(topic: Topic): readonly Prompt[] {
  return byTopic.get(topic) ?? [];
}
