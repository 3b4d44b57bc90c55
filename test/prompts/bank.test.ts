import { describe, expect, it } from "vitest";
import { PROMPTS, parseBank, promptById, promptsByTopic } from "../../src/prompts/bank";
import rawBank from "../../src/prompts/bank.json";
import { TOPICS } from "../../src/roadmap/topics";

const valid = {
  id: "http-curl-headers",
  topic: "http",
  level: "beginner",
  text: "Run curl -v against your server and explain every header you see.",
} as const;

const other = {
  id: "dsa-lru-cache",
  topic: "dsa",
  level: "intermediate",
  text: "Implement an LRU cache with O(1) get and put and post a test.",
} as const;

describe("shipped prompt bank", () => {
  it("parses and exports every prompt", async () => {
    expect(() => parseBank(rawBank)).not.toThrow();
    expect(PROMPTS).toHaveLength(rawBank.length);
  });

  it("has at least 72 prompts", () => {
    expect(PROMPTS.length).toBeGreaterThanOrEqual(72);
  });

  it.each(TOPICS)("topic %s has at least 6 prompts, a beginner one and a non-beginner one", (topic) => {
    const prompts = promptsByTopic(topic);
    expect(prompts.length).toBeGreaterThanOrEqual(6);
    expect(prompts.every((prompt) => prompt.topic === topic)).toBe(true);
    const levels = new Set(prompts.map((prompt) => prompt.level));
    expect(levels.size).toBeGreaterThanOrEqual(2);
    expect(levels.has("beginner")).toBe(true);
  });

  it("only uses known topics", () => {
    const topics = new Set<string>(TOPICS);
    expect(PROMPTS.filter((prompt) => !topics.has(prompt.topic))).toEqual([]);
  });

  it("has unique ids", () => {
    const ids = PROMPTS.map((prompt) => prompt.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("has no @ and no over-long text anywhere", () => {
    expect(PROMPTS.filter((prompt) => prompt.text.includes("@") || prompt.text.length > 400)).toEqual([]);
  });

  it("looks prompts up by id", () => {
    expect(promptById("http-curl-headers")?.topic).toBe("http");
    expect(promptById("no-such-prompt")).toBeUndefined();
  });
});

describe("parseBank", () => {
  it("accepts a small valid bank", () => {
    expect(parseBank([valid, other]).map((prompt) => prompt.id)).toEqual([valid.id, other.id]);
  });

  it("rejects something that is not an array", async () => {
    expect(() => parseBank({ prompts: [] })).toThrow(/expected an array/);
  });

  it("rejects a duplicate id, naming it", async () => {
    expect(() =>
      parseBank([valid, other, { ...other, text: "A different text, same id as before." }]),
    ).toThrow(/duplicate prompt id "dsa-lru-cache"/);
  });

  it("rejects an unknown topic, naming the prompt and the field", async () => {
    expect(() => parseBank([valid, { ...other, topic: "frontend" }])).toThrow(/"dsa-lru-cache".*topic:/);
  });

  it("rejects an unknown level, naming the prompt and the field", async () => {
    expect(() => parseBank([{ ...valid, level: "expert" }])).toThrow(/"http-curl-headers".*level:/);
  });

  it("rejects a too-long text, naming the prompt and the field", async () => {
    expect(() => parseBank([{ ...valid, text: "x".repeat(401) }])).toThrow(/"http-curl-headers".*text:.*400/);
  });

  it('rejects text containing "@everyone"', async () => {
    expect(() => parseBank([{ ...valid, text: "Hey @everyone, post your curl output here." }])).toThrow(
      /"http-curl-headers".*must not contain "@"/,
    );
  });

  it("rejects an id that is not kebab-case", async () => {
    expect(() => parseBank([{ ...valid, id: "HTTP_Curl" }])).toThrow(/"HTTP_Curl".*id:/);
  });

  it("names entries without an id by index", async () => {
    expect(() => parseBank([valid, { topic: "http", level: "beginner", text: valid.text }])).toThrow(
      /entry #1.*id:/,
    );
  });
});
