/**
 * The SQL streak path (gaps and islands in `runsQuery`) against the pure
 * reference `streaks(days, today)` on randomised data, so the two cannot drift:
 * duplicate entries on a day, removed entries (sometimes every entry of a day),
 * projects, another guild's entries, members in their own time zones and one
 * without a member row. Every caller of the SQL path is checked too: the
 * streak leaderboard, the weekly check-in post, `memberStreaks` and /profile.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { previousWeek, weeklyCheckinData } from "../../src/checkins/weekly";
import type { Db } from "../../src/db/client";
import { rawAll } from "../../src/db/raw";
import { entries, guilds, members } from "../../src/db/tables";
import { transaction } from "../../src/db/tx";
import { ensureGuild } from "../../src/guilds/settings";
import { leaderboard, streakQuery } from "../../src/leaderboards/leaderboard";
import {
  guildStreaks,
  memberRuns,
  memberStreaks,
  runsQuery,
  type Streaks,
  streaks,
  streaksOfRuns,
} from "../../src/logs/stats";
import { memberProfile } from "../../src/profile/profile";
import { addDays, type LocalDate } from "../../src/time/dates";
import { localDate } from "../../src/time/zones";
import { seededRandom } from "../helpers/random";
import { GUILD, OTHER_GUILD, sqliteOnly, useStore } from "../helpers/store";

const rng = seededRandom;

const GUILD_ZONE = "America/New_York";
// null = follows the guild; the others sit far apart so "today" differs between members.
const MEMBER_ZONES = [null, "Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC", null] as const;
const MEMBERS = 12;
const SPAN = 70; // days of history before the anchor day
const ANCHOR: LocalDate = "2026-11-22";

interface Seeded {
  userIds: string[];
  /** time zone per member; absent = no member row (follows the guild) */
  zoneOf: Map<string, string | null>;
  nameOf: Map<string, string>;
  /** every entry inserted, live or not, in GUILD */
  rows: Array<typeof entries.$inferInsert>;
}

async function seed(db: Db, seedValue: number): Promise<Seeded> {
  const random = rng(seedValue);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const created = new Date("2026-11-01T00:00:00Z");
  await ensureGuild(db, GUILD, created);
  await ensureGuild(db, OTHER_GUILD, created);
  await db.update(guilds).set({ timezone: GUILD_ZONE }).where(eq(guilds.id, GUILD));
  let seq = 0;
  const out: Seeded = { userIds: [], zoneOf: new Map(), nameOf: new Map(), rows: [] };
  const all: Array<typeof entries.$inferInsert> = [];
  for (let m = 0; m < MEMBERS; m++) {
    const userId = String(400_000_000_000_000_000n + BigInt(m));
    out.userIds.push(userId);
    // the last member has entries but never got a member row
    if (m < MEMBERS - 1) {
      const zone = pick(MEMBER_ZONES);
      const displayName = `m${String(m).padStart(2, "0")}`;
      await db
        .insert(members)
        .values({ guildId: GUILD, userId, displayName, timezone: zone, createdAt: created });
      out.zoneOf.set(userId, zone);
      out.nameOf.set(userId, displayName);
    }
    // A two-state chain gives runs of varied lengths: long streaks, single days and gaps.
    const stay = 0.55 + random() * 0.4;
    let on = random() < 0.5;
    // up to two days past the anchor: members east of the guild are already there
    for (let d = -SPAN; d <= 2; d++) {
      if (random() > stay) on = !on;
      const day = addDays(ANCHOR, d);
      if (on) {
        const n = 1 + Math.floor(random() * 3); // duplicates on a day count once
        const removed = random() < 0.15 ? n : random() < 0.2 ? 1 : 0; // sometimes the whole day goes
        for (let k = 0; k < n; k++) {
          all.push({
            guildId: GUILD,
            userId,
            type: "hours",
            interactionId: `i-${seedValue}-${seq++}`,
            createdAt: created,
            localDate: day,
            minutes: 15 + Math.floor(random() * 120),
            kind: random() < 0.5 ? "learn" : "build",
            ...(k < removed ? { removedAt: created, removedBy: "mod", removedReason: "test" } : {}),
          });
        }
      }
      // projects and another guild's hours never make a streak
      if (random() < 0.08) {
        all.push({
          guildId: GUILD,
          userId,
          type: "project",
          interactionId: `i-${seedValue}-${seq++}`,
          createdAt: created,
          localDate: day,
          name: "api",
          url: "https://api.example.com",
        });
      }
      if (random() < 0.1) {
        all.push({
          guildId: OTHER_GUILD,
          userId,
          type: "hours",
          interactionId: `i-${seedValue}-${seq++}`,
          createdAt: created,
          localDate: day,
          minutes: 60,
          kind: "build",
        });
      }
    }
  }
  // a member of the guild with no hours at all
  await db
    .insert(members)
    .values({ guildId: GUILD, userId: "499", displayName: "idle", timezone: null, createdAt: created });
  // insertion order should not matter either
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j] as (typeof all)[number], all[i] as (typeof all)[number]];
  }
  await transaction(db, async (tx) => {
    for (const row of all) await tx.insert(entries).values(row);
  });
  out.rows = all.filter((r) => r.guildId === GUILD);
  return out;
}

/** The reference: distinct live hours days of the member, ascending, through `streaks`. */
function reference(s: Seeded, userId: string, today: LocalDate): Streaks {
  const days = [
    ...new Set(
      s.rows
        .filter((r) => r.userId === userId && r.type === "hours" && r.removedAt == null)
        .map((r) => r.localDate),
    ),
  ].sort();
  return streaks(days, today);
}

const todayOf = (s: Seeded, now: Date) => (userId: string) =>
  localDate(now, s.zoneOf.get(userId) ?? GUILD_ZONE);

// Instants around the anchor day, including ones where zones disagree on the date.
const NOWS = [
  "2026-11-22T12:00:00Z",
  "2026-11-22T03:30:00Z",
  "2026-11-22T23:59:00Z",
  "2026-11-23T10:15:00Z",
  "2026-11-24T06:00:00Z",
  "2026-11-19T16:45:00Z",
].map((t) => new Date(t));
const SEEDS = [1, 2, 3, 42, 1234, 99_991];

describe("SQL streaks match the pure reference", () => {
  const store = useStore();

  it.each(SEEDS)("guildStreaks, memberStreaks and the runs of each member (seed %i)", async (seedValue) => {
    const { db } = store();
    const s = await seed(db, seedValue);
    const runs = new Map((await memberRuns(db, GUILD)).map((r) => [r.userId, r]));
    for (const now of NOWS) {
      const todayFor = todayOf(s, now);
      const all = await guildStreaks(db, GUILD, todayFor);
      const some = await guildStreaks(db, GUILD, todayFor, s.userIds.slice(0, 5));
      expect([...some.keys()].every((id) => s.userIds.slice(0, 5).includes(id))).toBe(true);
      for (const userId of [...s.userIds, "499"]) {
        const today = todayFor(userId);
        const want = reference(s, userId, today);
        const label = `seed ${seedValue}, member ${userId}, today ${today}`;
        expect(all.get(userId) ?? { current: 0, longest: 0 }, label).toEqual(want);
        expect(streaksOfRuns(runs.get(userId), today), label).toEqual(want);
        expect(await memberStreaks(db, GUILD, userId, today), label).toEqual(want);
        if (s.userIds.slice(0, 5).includes(userId)) {
          expect(some.get(userId) ?? { current: 0, longest: 0 }, label).toEqual(want);
        }
      }
    }
    // only members with live hours come back, one row each
    expect(runs.has("499")).toBe(false);
    expect(await memberRuns(db, GUILD, [])).toEqual([]);
    expect((await memberRuns(db, OTHER_GUILD)).length).toBeGreaterThan(0);
  });

  it.each(SEEDS)("the streak leaderboard, the weekly post and /profile (seed %i)", async (seedValue) => {
    const { db } = store();
    const s = await seed(db, seedValue);
    for (const now of NOWS) {
      const todayFor = todayOf(s, now);
      const want = new Map(s.userIds.map((id) => [id, reference(s, id, todayFor(id))]));

      const board = await leaderboard(db, {
        guildId: GUILD,
        metric: "streak",
        period: { from: null, to: null, label: "All time" },
        now,
        limit: 1000,
      });
      const expected = s.userIds
        .filter((id) => (want.get(id)?.current ?? 0) > 0)
        .map((id) => [id, want.get(id)?.current])
        .sort();
      expect(
        board.top.map((t) => [t.userId, t.score]).sort(),
        `seed ${seedValue}, ${now.toISOString()}`,
      ).toEqual(expected);
      // a member without a member row is listed under their id
      const noRow = s.userIds.at(-1) as string;
      const listed = board.top.find((t) => t.userId === noRow);
      if (listed) expect(listed.displayName).toBe(noRow);

      const postDay = localDate(now, GUILD_ZONE);
      const { from, to } = previousWeek(postDay);
      const data = await weeklyCheckinData(db, GUILD, postDay, now);
      const activeIds = [
        ...new Set(
          s.rows
            .filter((r) => r.removedAt == null && r.localDate >= from && r.localDate <= to)
            .map((r) => r.userId),
        ),
      ];
      const nameOf = (id: string) => s.nameOf.get(id) ?? `member ${id}`;
      expect(
        data.active.map((a) => [a.displayName, a.streak]).sort(),
        `seed ${seedValue}, post ${postDay}`,
      ).toEqual(activeIds.map((id) => [nameOf(id), want.get(id)?.current]).sort());

      for (const id of s.userIds.slice(0, 3)) {
        expect((await memberProfile(db, GUILD, id, now)).streaks).toEqual(want.get(id));
      }
    }
  });
});

describe("streak queries", () => {
  const store = useStore();

  // Reads the plans: the guild's entries are reached through entries_live_hours_idx (partial: live hours only),
  // whose (guild, user, day) order feeds the day numbering without a sort of its own.
  sqliteOnly("logs/streaks: query plans")(
    "search entries by the guild-first (guild, user, day) index, never a full scan",
    async () => {
      const s = store();
      const plans = await Promise.all(
        [runsQuery(GUILD), runsQuery(GUILD, ["1", "2"]), streakQuery(GUILD), streakQuery(GUILD, ["1"])].map(
          async (q) =>
            (await rawAll<{ detail: string }>(s.db, sql`EXPLAIN QUERY PLAN ${q}`))
              .map((p) => p.detail)
              .join("\n"),
        ),
      );
      for (const plan of plans) {
        expect(plan).not.toMatch(/SCAN (entries|members)\b/);
        expect(plan).toMatch(/SEARCH entries USING INDEX entries_live_hours_idx \(guild_id=\?/);
        // The day numbering reads the index in order: the one ordering b-tree is the
        // window over a member's runs (one row per run), never a sort of their days.
        expect(plan.match(/USE TEMP B-TREE FOR .*ORDER BY/g)).toHaveLength(1);
      }
      expect(plans[1]).toMatch(/entries_live_hours_idx \(guild_id=\? AND user_id=\?\)/);
    },
  );
});
