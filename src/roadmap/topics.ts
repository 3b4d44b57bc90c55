/** Roadmap topics (SPEC §3.8): what hours, prompts and milestones are filed under. */
export const TOPICS = [
  "fundamentals",
  "dsa",
  "http",
  "apis",
  "databases",
  "auth",
  "testing",
  "deploy",
  "scaling",
  "observability",
  "system-design",
  "career",
] as const;

export type Topic = (typeof TOPICS)[number];

export function isTopic(value: string): value is Topic {
  return (TOPICS as readonly string[]).includes(value);
}
