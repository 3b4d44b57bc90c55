import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { posts } from "../../src/db/tables";
import { CHANNEL, MANAGER_PERMISSIONS, opt, STRING, sub } from "../../src/standin";
import { type Harness, startHarness } from "./harness";

const GUILD = "860000000000000001";
const GENERAL = "861000000000000001";
const PROMPTS = "861000000000000002";
const CHECKINS = "861000000000000003";
const KEY = `${GUILD}|prompt|2026-11-22`;
const POSTS = `/channels/${PROMPTS}/messages`;

/**
 * Issue 9, defect 1: a post Discord created while its answer was lost goes out once — through
 * the real discord.js REST client against the stand-in's faults and Discord-like nonce handling.
 */
describe("exactly once when Discord's answer is lost", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      now: "2026-11-22T08:00:00Z",
      restTimeoutMs: 400,
      standin: {
        guilds: [
          {
            id: GUILD,
            channels: [
              { id: GENERAL, name: "general" },
              { id: PROMPTS, name: "daily-prompt" },
              { id: CHECKINS, name: "weekly-checkin" },
            ],
          },
        ],
      },
    });
    for (const [kind, channel] of [
      ["prompts", PROMPTS],
      ["checkins", CHECKINS],
    ]) {
      await h.standin.command({
        name: "config",
        guildId: GUILD,
        permissions: MANAGER_PERMISSIONS,
        options: [sub("channel", [opt("kind", STRING, kind), opt("channel", CHANNEL, channel)])],
      });
    }
    h.clock.set("2026-11-22T09:00:00Z");
  });
  afterEach(async () => {
    await h.close();
  });

  const created = (channelId = PROMPTS) => h.standin.channelMessages.filter((m) => m.channelId === channelId);
  const postRequests = () => h.standin.requests.filter((r) => r.method === "POST" && r.path === POSTS);
  const row = async () => (await h.bot.store.db.select().from(posts)).find((p) => p.kind === "prompt");

  it("connection dropped after Discord created the post: kept as uncertain, re-sent with its nonce, posted once", async () => {
    h.standin.faults.add({ method: "POST", path: POSTS, action: { drop: "after" }, times: 1 });
    expect((await h.bot.scheduler.tick()).uncertain).toEqual([KEY]);
    expect(created()).toHaveLength(1);
    expect((await row())?.status).toBe("uncertain");

    h.clock.set("2026-11-22T09:01:00Z");
    expect((await h.bot.scheduler.tick()).sent).toEqual([KEY]);
    h.clock.set("2026-11-22T09:30:00Z");
    expect((await h.bot.scheduler.tick()).sent).toEqual([]);

    expect(created()).toHaveLength(1);
    expect(h.standin.threads.filter((t) => t.channelId === PROMPTS)).toHaveLength(1);
    expect(await row()).toMatchObject({ status: "sent", messageId: created()[0]?.id });
    const nonces = postRequests().map((r) => (r.body as { nonce?: string; enforce_nonce?: boolean }) ?? {});
    expect(nonces).toHaveLength(2);
    expect(new Set(nonces.map((b) => b.nonce)).size).toBe(1);
    expect(nonces.every((b) => b.enforce_nonce === true)).toBe(true);
  });

  it("request timed out after Discord created the post: @discordjs/rest's own re-send returns the first message", async () => {
    h.standin.faults.add({ method: "POST", path: POSTS, action: { delayMs: 1500 }, times: 1 });
    expect((await h.bot.scheduler.tick()).sent).toEqual([KEY]);
    expect(postRequests().length).toBeGreaterThanOrEqual(2);
    expect(created()).toHaveLength(1);
    expect(await row()).toMatchObject({ status: "sent", messageId: created()[0]?.id });
  });

  it("503 after processing, on every retry: uncertain, then settled by the same nonce without a second post", async () => {
    h.standin.faults.add({ method: "POST", path: POSTS, action: { status: 503, after: true }, times: 4 });
    expect((await h.bot.scheduler.tick()).uncertain).toEqual([KEY]);
    h.clock.set("2026-11-22T09:01:00Z");
    expect((await h.bot.scheduler.tick()).sent).toEqual([KEY]);
    expect(created()).toHaveLength(1);
  });

  it("after the nonce window, finds the post in the channel instead of posting it again", async () => {
    h.standin.faults.add({ method: "POST", path: POSTS, action: { drop: "after" }, times: 1 });
    await h.bot.scheduler.tick();
    h.clock.set("2026-11-22T09:20:00Z"); // down for 20 minutes
    expect((await h.bot.scheduler.tick()).sent).toEqual([KEY]);
    expect(postRequests()).toHaveLength(1);
    expect(h.standin.requests.some((r) => r.method === "GET" && r.path === POSTS)).toBe(true);
    expect(created()).toHaveLength(1);
    expect(await row()).toMatchObject({ status: "sent", messageId: created()[0]?.id });
    expect(h.standin.threads.filter((t) => t.channelId === PROMPTS)).toHaveLength(1);
  });

  it("after the nonce window, posts when the dropped request never reached Discord", async () => {
    h.standin.faults.add({ method: "POST", path: POSTS, action: { drop: "before" }, times: 1 });
    expect((await h.bot.scheduler.tick()).uncertain).toEqual([KEY]);
    expect(created()).toHaveLength(0);
    h.clock.set("2026-11-22T09:20:00Z");
    expect((await h.bot.scheduler.tick()).sent).toEqual([KEY]);
    expect(created()).toHaveLength(1);
  });

  it("honours a global 429's retry_after and posts once", async () => {
    h.standin.faults.add({
      method: "POST",
      path: POSTS,
      action: { status: 429, retryAfter: 0.05, global: true },
      times: 1,
    });
    expect((await h.bot.scheduler.tick()).sent).toEqual([KEY]);
    expect(postRequests()).toHaveLength(2);
    expect(created()).toHaveLength(1);
  });

  it("a shipped announcement whose answer timed out is announced once", async () => {
    const announce = `/channels/${CHECKINS}/messages`;
    h.standin.faults.add({ method: "POST", path: announce, action: { delayMs: 1500 }, times: 1 });
    await h.standin.command({
      name: "log",
      guildId: GUILD,
      channelId: GENERAL,
      options: [
        sub("project", [opt("name", STRING, "shortener"), opt("url", STRING, "https://short.example.com")]),
      ],
    });
    await h.standin.waitFor(() => h.standin.requests.filter((r) => r.path === announce).length >= 2);
    await h.waitForLog("interaction");
    expect(created(CHECKINS)).toHaveLength(1);
    expect(created(CHECKINS)[0]?.body.content).toContain("shipped **shortener**");
  });
});
