/**
 * The quick `npm run bench` (no flags): how long the hot paths take on a realistic database. Numbers go
 * to stdout as a table; nothing is asserted (speed is measured here, not in tests).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { weeklyCheckinPost } from "../src/checkins/weekly";
import { openStore } from "../src/db/client";
import { entries, guilds, members } from "../src/db/schema";
import { ensureGuild } from "../src/guilds/settings";
import { leaderboard } from "../src/leaderboards/leaderboard";
import { currentPeriod } from "../src/leaderboards/periods";
import { logHours } from "../src/logs/hours";
import { memberProfile } from "../src/profile/profile";
import { duePosts, scheduleOf } from "../src/scheduler/due";
import { addDays } from "../src/time/dates";

const MEMBERS = 500;
const DAYS = 365;
const GUILD = "100000000000000001";
const NOW = new Date("2026-11-22T12:00:00Z");

async function time(label: string, runs: number, fn: () => unknown): Promise<void> {
  await fn(); // warm up
  const start = performance.now();
  for (let i = 0; i < runs; i++) await fn();
  const ms = (performance.now() - start) / runs;
  console.log(`${label.padEnd(58)} ${ms.toFixed(3).padStart(10)} ms/op  (${runs} runs)`);
}

const dir = mkdtempSync(join(tmpdir(), "shiplog-bench-"));
try {
  const store = openStore(join(dir, "bench.db"));
  const { db } = store;
  await ensureGuild(db, GUILD, NOW);

  // Seed: 500 members × 365 days, one hours entry per member-day (182,500 rows), in one transaction.
  const seedStart = performance.now();
  db.transaction((tx) => {
    for (let m = 0; m < MEMBERS; m++) {
      const userId = String(200_000_000_000_000_000n + BigInt(m));
      tx.insert(members)
        .values({ guildId: GUILD, userId, displayName: `member ${m}`, createdAt: NOW })
        .run();
      const rows = [];
      for (let d = 0; d < DAYS; d++) {
        rows.push({
          guildId: GUILD,
          userId,
          type: "hours" as const,
          interactionId: `seed-${m}-${d}`,
          createdAt: NOW,
          localDate: addDays("2026-11-22", -d),
          minutes: 30 + ((m * 7 + d) % 120),
          kind: (d + m) % 3 === 0 ? ("learn" as const) : ("build" as const),
        });
      }
      tx.insert(entries).values(rows).run();
    }
  });
  console.log(`seeded ${MEMBERS * DAYS} entries in ${(performance.now() - seedStart).toFixed(0)} ms\n`);

  let n = 0;
  await time(
    "/log hours (validate, cap check, insert, week totals, streak)",
    500,
    async () =>
      (
        await logHours(
          db,
          { guildId: GUILD, userId: String(290_000_000_000_000_000n + BigInt(n)), displayName: "bench" },
          `bench-${n++}`,
          { hours: 0.25, kind: "build", date: "2026-11-20" },
          NOW,
        )
      ).entry.id,
  );
  await time("/profile of a member with a year of history", 200, () =>
    memberProfile(db, GUILD, "200000000000000001", NOW),
  );
  for (const period of ["week", "month", "all"] as const) {
    await time(`/leaderboard hours, period ${period}`, 50, async () =>
      leaderboard(db, {
        guildId: GUILD,
        metric: "hours",
        period: await currentPeriod(db, GUILD, period, NOW),
        now: NOW,
      }),
    );
  }
  await time("/leaderboard streak (500 members × 365 days)", 20, async () =>
    leaderboard(db, {
      guildId: GUILD,
      metric: "streak",
      period: await currentPeriod(db, GUILD, "week", NOW),
      now: NOW,
    }),
  );
  const cohort = Array.from({ length: 25 }, (_, i) => String(200_000_000_000_000_000n + BigInt(i * 20)));
  await time("/leaderboard streak, cohort of 25 members", 50, async () =>
    leaderboard(db, {
      guildId: GUILD,
      metric: "streak",
      period: await currentPeriod(db, GUILD, "week", NOW),
      now: NOW,
      userIds: cohort,
    }),
  );
  await time("weekly check-in post for 500 members", 20, () =>
    weeklyCheckinPost(db, GUILD, "2026-11-23", NOW),
  );

  const guild = db.select().from(guilds).get() ?? (await ensureGuild(db, GUILD, NOW));
  const schedules = Array.from({ length: 5000 }, (_, i) => ({
    ...scheduleOf(guild),
    guildId: String(300_000_000_000_000_000n + BigInt(i)),
    timezone:
      ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Kiritimati"][i % 5] ?? "UTC",
    promptsChannelId: "1",
    checkinsChannelId: "2",
    leaderboardChannelId: "3",
  }));
  await time("scheduler decision over 5,000 guilds", 50, () =>
    duePosts({ schedules, settled: new Set(), lastFailure: new Map(), now: NOW }),
  );
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
