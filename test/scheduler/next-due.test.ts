import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock";
import { guilds } from "../../src/db/tables";
import { setChannel } from "../../src/guilds/config";
import { ensureGuild } from "../../src/guilds/settings";
import { createLogger } from "../../src/log";
import { duePosts, scheduleOf } from "../../src/scheduler/due";
import { guildsToLook, loadTickInput } from "../../src/scheduler/next-due";
import { createScheduler } from "../../src/scheduler/runner";
import { RecordingPoster } from "../helpers/poster";
import { useStore } from "../helpers/store";

const ZONES = [
  "UTC",
  "Europe/Berlin",
  "America/New_York",
  "Asia/Kolkata",
  "Pacific/Kiritimati",
  "America/St_Johns",
];

describe("next look per guild", () => {
  const storeOf = useStore();

  it("looks only at guilds with something due, and never leaves a due post behind", async () => {
    const { db } = storeOf();
    const start = new Date("2026-10-23T00:00:00Z"); // across the end of European summer time
    const ids = Array.from({ length: 24 }, (_, i) => String(100_000_000_000_000_100n + BigInt(i)));
    for (const [i, id] of ids.entries()) {
      await ensureGuild(db, id, start);
      for (const kind of ["prompts", "checkins", "leaderboard"] as const) {
        await setChannel(db, id, kind, String(400_000_000_000_000_000n + BigInt(i * 3)), start);
      }
      await db.update(guilds).set({
        timezone: ZONES[i % ZONES.length] ?? "UTC",
        promptTime: (i * 97) % 1440,
        checkinTime: (i * 61) % 1440,
        checkinWeekday: 1 + (i % 7),
        leaderboardWeekday: 1 + ((i + 3) % 7),
      });
    }
    const clock = new ManualClock(start);
    const poster = new RecordingPoster();
    const scheduler = createScheduler({ db, clock, poster, log: createLogger("error", () => {}) });
    let looks = 0;
    for (let step = 0; step < 3 * 24 * 6; step++) {
      clock.advance(10 * 60_000);
      const now = clock.now();
      looks += (await guildsToLook(db, now)).length;
      await scheduler.tick();
      // The reference: every guild's settings, as the tick used to read them.
      const all = await loadTickInput(db, ids, now);
      const schedules = (await db.select().from(guilds)).map(scheduleOf);
      expect(duePosts({ schedules, settled: all.settled, lastFailure: all.lastFailure, now }).due).toEqual(
        [],
      );
    }
    // 24 guilds × 3 days: 72 prompts and some weekly posts; far fewer looks than 24 guilds × 576 ticks.
    expect(poster.posts.length).toBeGreaterThanOrEqual(72);
    expect(looks).toBeLessThan(poster.posts.length * 2 + ids.length * 5);
    await db.update(guilds).set({ promptTime: 0 });
    expect(await guildsToLook(db, clock.now())).toHaveLength(ids.length);
  });
});
