import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock";
import { openStore, type Store } from "../../src/db/client";
import { posts } from "../../src/db/tables";
import { configSummary, setChannel } from "../../src/guilds/config";
import { ensureGuild } from "../../src/guilds/settings";
import { createLogger } from "../../src/log";
import { nonceFor } from "../../src/scheduler/poster";
import { createScheduler } from "../../src/scheduler/runner";
import { RecordingPoster } from "../helpers/poster";
import { GUILD } from "../helpers/store";

const PROMPTS = "400000000000000001";
const KEY = `${GUILD}|prompt|2026-11-22`;

/** Exactly once when Discord's answer is lost (issue 9, defect 1), at the scheduler's sending edge. */
describe("scheduled posts whose outcome is uncertain", () => {
  const stores: Store[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
  });

  async function setup(path = ":memory:", clock = new ManualClock("2026-11-22T09:00:00Z")) {
    const store = openStore(path);
    stores.push(store);
    await ensureGuild(store.db, GUILD, clock.now());
    await setChannel(store.db, GUILD, "prompts", PROMPTS, clock.now());
    const poster = new RecordingPoster(() => clock.now());
    const lines: string[] = [];
    const log = createLogger("debug", (l) => lines.push(l));
    const scheduler = createScheduler({ db: store.db, clock, poster, log });
    return { store, clock, poster, scheduler, lines };
  }
  const rows = (store: Store) => store.db.select().from(posts).all();

  it("keeps the claim when the answer is lost, and re-sends with the same nonce inside the window", async () => {
    const { store, clock, poster, scheduler } = await setup();
    poster.loseAnswers(1);
    const first = await scheduler.tick();
    expect(first).toMatchObject({ sent: [], failed: [], uncertain: [KEY] });
    expect(poster.posts).toHaveLength(1); // Discord did create it
    expect(rows(store)).toMatchObject([{ status: "uncertain", messageId: null }]);
    expect(
      (await configSummary(store.db, GUILD, clock.now())).posts.find((p) => p.kind === "prompt")?.last,
    ).toMatchObject({
      outcome: "failed",
      error: expect.stringContaining("never appears twice"),
    });

    clock.advance(60_000);
    expect((await scheduler.tick()).sent).toEqual([KEY]);
    expect(poster.attempts.map((a) => a.nonce)).toEqual([nonceFor(KEY), nonceFor(KEY)]);
    expect(poster.posts).toHaveLength(1);
    expect(poster.lookups).toEqual([]);
    expect(rows(store)).toMatchObject([
      { status: "sent", messageId: poster.posts[0]?.messageId, body: null },
    ]);
    expect(poster.threads).toHaveLength(1);

    clock.advance(60 * 60_000);
    await scheduler.tick();
    expect(poster.posts).toHaveLength(1);
  });

  it("after the nonce window, finds the post in the channel instead of sending it again", async () => {
    const { store, clock, poster, scheduler } = await setup();
    poster.loseAnswers(1);
    await scheduler.tick();
    clock.advance(20 * 60_000); // the bot was down past the window
    const r = await scheduler.tick();
    expect(r.sent).toEqual([KEY]);
    expect(poster.lookups).toEqual([{ channelId: PROMPTS, since: new Date("2026-11-22T09:00:00Z") }]);
    expect(poster.attempts).toHaveLength(1);
    expect(poster.posts).toHaveLength(1);
    expect(rows(store)[0]).toMatchObject({ status: "sent", messageId: poster.posts[0]?.messageId });
    // the thread was never opened because the answer was lost: it is opened now, once
    expect(poster.threads).toEqual([expect.objectContaining({ messageId: poster.posts[0]?.messageId })]);
  });

  it("after the nonce window, sends again when the post is not in the channel", async () => {
    const { store, clock, poster, scheduler } = await setup();
    poster.failUncertain(1); // the request never reached Discord
    expect((await scheduler.tick()).uncertain).toEqual([KEY]);
    expect(poster.posts).toHaveLength(0);
    clock.advance(3 * 60_000);
    expect((await scheduler.tick()).sent).toEqual([KEY]);
    expect(poster.lookups).toHaveLength(1);
    expect(poster.posts).toHaveLength(1);
    expect(rows(store)[0]?.status).toBe("sent");
  });

  it("never sends while the channel cannot be searched, and tries again every 15 minutes", async () => {
    const { store, clock, poster, scheduler, lines } = await setup();
    poster.loseAnswers(1);
    await scheduler.tick();
    poster.lookupError = new Error("Missing Access");
    clock.advance(3 * 60_000);
    expect((await scheduler.tick()).uncertain).toEqual([KEY]);
    clock.advance(5 * 60_000);
    await scheduler.tick();
    expect(poster.lookups).toHaveLength(1);
    expect(poster.attempts).toHaveLength(1);
    expect(rows(store)[0]?.status).toBe("uncertain");
    expect(lines.some((l) => l.includes('"outcome":"uncertain"'))).toBe(true);
    poster.lookupError = null;
    clock.advance(10 * 60_000);
    expect((await scheduler.tick()).sent).toEqual([KEY]);
    expect(poster.posts).toHaveLength(1);
  });

  it("leaves a post still uncertain after the grace window alone: never posted twice", async () => {
    const { store, clock, poster, scheduler } = await setup();
    poster.loseAnswers(1);
    await scheduler.tick();
    poster.lookupError = new Error("Missing Access");
    clock.advance(13 * 60 * 60_000);
    await scheduler.tick();
    expect(poster.lookups).toEqual([]);
    expect(poster.attempts).toHaveLength(1);
    expect(rows(store)[0]?.status).toBe("uncertain");
  });
});
