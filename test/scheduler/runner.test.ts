import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock";
import { openStore, type Store } from "../../src/db/client";
import { guilds, posts } from "../../src/db/tables";
import { configSummary, setChannel, setGuildTimeZone } from "../../src/guilds/config";
import { ensureGuild } from "../../src/guilds/settings";
import { createLogger } from "../../src/log";
import { createScheduler } from "../../src/scheduler/runner";
import { RecordingPoster } from "../helpers/poster";
import { GUILD, OTHER_GUILD } from "../helpers/store";

const PROMPTS = "400000000000000001";
const CHECKINS = "400000000000000002";
const BOARD = "400000000000000003";

async function setup(store: Store, guildId = GUILD, now = new Date("2026-11-20T00:00:00Z")) {
  await ensureGuild(store.db, guildId, now);
  await setChannel(store.db, guildId, "prompts", PROMPTS, now);
  await setChannel(store.db, guildId, "checkins", CHECKINS, now);
  await setChannel(store.db, guildId, "leaderboard", BOARD, now);
}

function scheduler(store: Store, clock: ManualClock, poster: RecordingPoster, lines: string[] = []) {
  return createScheduler({ db: store.db, clock, poster, log: createLogger("debug", (l) => lines.push(l)) });
}

describe("scheduler runner", () => {
  const stores: Store[] = [];
  const open = (path = ":memory:") => {
    const s = openStore(path);
    stores.push(s);
    return s;
  };
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
  });

  it("posts the daily prompt once with a thread, and never again for that day", async () => {
    const store = open();
    await setup(store);
    const clock = new ManualClock("2026-11-22T08:59:00Z");
    const poster = new RecordingPoster();
    const s = scheduler(store, clock, poster);
    expect((await s.tick()).sent).toEqual([]);
    clock.set("2026-11-22T09:00:00Z");
    expect((await s.tick()).sent).toEqual([`${GUILD}|prompt|2026-11-22`]);
    clock.set("2026-11-22T09:01:00Z");
    expect((await s.tick()).sent).toEqual([]);
    expect(poster.posts).toHaveLength(1);
    expect(poster.posts[0]?.channelId).toBe(PROMPTS);
    expect(poster.threads).toEqual([
      {
        channelId: PROMPTS,
        messageId: poster.posts[0]?.messageId,
        name: expect.stringContaining("2026-11-22"),
      },
    ]);
    // the post carries Log time, and once the thread exists a link to it too (SPEC §3.14)
    const messageId = poster.posts[0]?.messageId ?? "";
    expect(JSON.stringify(poster.posts[0]?.message.components)).toContain(`log:time:${GUILD}`);
    expect(poster.edits).toHaveLength(1);
    expect(poster.edits[0]).toMatchObject({ channelId: PROMPTS, messageId });
    const edited = JSON.stringify(poster.edits[0]?.message.components);
    expect(edited).toContain(`log:time:${GUILD}`);
    expect(edited).toContain(`"url":"https://discord.com/channels/${GUILD}/${messageId}"`);
    // a restarted bot (new scheduler, same database) does not post it again
    expect((await scheduler(store, clock, poster).tick()).sent).toEqual([]);
    expect(poster.posts).toHaveLength(1);
  });

  it("records a refused post with its reason, keeps other guilds going, and retries every 15 minutes", async () => {
    const store = open();
    await setup(store, GUILD);
    await setup(store, OTHER_GUILD);
    // make the other guild's channels distinct
    store.db
      .update(guilds)
      .set({ promptsChannelId: "400000000000000009" })
      .where(eq(guilds.id, OTHER_GUILD))
      .run();
    const clock = new ManualClock("2026-11-22T09:00:00Z");
    const poster = new RecordingPoster();
    poster.refused.set(PROMPTS, "Discord refused the post: Missing Permissions (error 50013)");
    const s = scheduler(store, clock, poster);
    const r1 = await s.tick();
    expect(r1.failed).toEqual([`${GUILD}|prompt|2026-11-22`]);
    expect(r1.sent).toEqual([`${OTHER_GUILD}|prompt|2026-11-22`]);
    expect(
      store.db
        .select()
        .from(posts)
        .where(eq(posts.kind, "prompt"))
        .all()
        .map((p) => p.guildId),
    ).toEqual([OTHER_GUILD]);
    const shown = (await configSummary(store.db, GUILD, clock.now())).posts.find((p) => p.kind === "prompt");
    expect(shown?.last).toMatchObject({
      outcome: "failed",
      error: expect.stringContaining("Missing Permissions"),
    });
    poster.refused.clear();
    clock.set("2026-11-22T09:14:00Z");
    expect((await s.tick()).sent).toEqual([]);
    clock.set("2026-11-22T09:15:00Z");
    expect((await s.tick()).sent).toEqual([`${GUILD}|prompt|2026-11-22`]);
    expect(
      (await configSummary(store.db, GUILD, clock.now())).posts.find((p) => p.kind === "prompt")?.last,
    ).toMatchObject({
      outcome: "sent",
      error: null,
    });
  });

  it("catches up within the grace window and skips (once, logged) beyond it", async () => {
    const store = open();
    await setup(store);
    const lines: string[] = [];
    const poster = new RecordingPoster();
    // down from Sunday 17:00 until Monday 07:00 UTC: the 18:00 leaderboard is 13 h late
    const clock = new ManualClock("2026-11-23T07:00:00Z");
    const s = scheduler(store, clock, poster, lines);
    const r = await s.tick();
    // Sunday's 09:00 prompt (22 h ago), 18:00 leaderboard (13 h ago) and last Monday's check-in are past the 12 h window
    expect(r.skipped.sort()).toEqual([
      `${GUILD}|checkin|2026-W47`,
      `${GUILD}|leaderboard|2026-W47`,
      `${GUILD}|prompt|2026-11-22`,
    ]);
    expect(r.sent).toEqual([]);
    expect(poster.posts).toEqual([]);
    expect(lines.filter((l) => l.includes('"outcome":"skipped"'))).toHaveLength(3);
    clock.set("2026-11-23T07:01:00Z");
    expect((await s.tick()).skipped).toEqual([]);
    expect(lines.filter((l) => l.includes('"outcome":"skipped"'))).toHaveLength(3);
    expect(
      (await configSummary(store.db, GUILD, clock.now())).posts.find((p) => p.kind === "leaderboard")?.last
        ?.outcome,
    ).toBe("skipped");
  });

  it("a bot back within the window posts the missed check-in", async () => {
    const store = open();
    await setup(store);
    const poster = new RecordingPoster();
    const clock = new ManualClock("2026-11-23T21:59:00Z"); // Monday 10:00 + 11 h 59 min
    const r = await scheduler(store, clock, poster).tick();
    expect(r.sent).toContain(`${GUILD}|checkin|2026-W48`);
  });

  it("follows a guild's time zone change", async () => {
    const store = open();
    await setup(store);
    await setGuildTimeZone(store.db, GUILD, "Asia/Tokyo", new Date("2026-11-20T00:00:00Z"));
    const poster = new RecordingPoster();
    // 09:00 in Tokyo is 00:00 UTC
    const clock = new ManualClock("2026-11-22T00:00:00Z");
    expect((await scheduler(store, clock, poster).tick()).sent).toEqual([`${GUILD}|prompt|2026-11-22`]);
  });
});
