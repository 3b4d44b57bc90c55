import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { guilds, members } from "../../src/db/tables";
import { ensureGuild } from "../../src/guilds/settings";
import {
  type Leaderboard,
  leaderboard,
  type Metric,
  scoreQuery,
  shippedProjects,
} from "../../src/leaderboards/leaderboard";
import { closedWeek, currentPeriod, guildPeriod, type Period } from "../../src/leaderboards/periods";
import { logHours } from "../../src/logs/hours";
import { undoLast } from "../../src/logs/undo";
import type { MemberRef } from "../../src/members/members";
import { setMemberTimeZone } from "../../src/members/timezone";
import { logProject } from "../../src/projects/log";
import { GUILD, interactionId, OTHER_GUILD, sqliteOnly, useStore } from "../helpers/store";

// Wednesday 2026-11-25, 12:00 UTC; the guild week (UTC) is 23–29 Nov
const NOW = new Date("2026-11-25T12:00:00Z");
const WEEK = guildPeriod("week", "2026-11-25");
const ALL = guildPeriod("all", "2026-11-25");

const ref = (name: string, userId: string, guildId = GUILD): MemberRef => ({
  guildId,
  userId,
  displayName: name,
});
const amy = ref("amy", "201");
const bob = ref("bob", "202");
const cat = ref("cat", "203");
const dee = ref("dee", "204");
const eve = ref("eve", "205");

async function hours(
  db: Db,
  who: MemberRef,
  h: number,
  kind: "learn" | "build",
  at: Date = NOW,
  date?: string,
) {
  return logHours(db, who, interactionId(), { hours: h, kind, ...(date ? { date } : {}) }, at);
}

async function project(db: Db, who: MemberRef, name: string, at: Date = NOW) {
  return logProject(db, who, interactionId(), { name, url: `https://${name}.example.com` }, at);
}

const undo = async (db: Db, who: MemberRef, at: Date = NOW) => undoLast(db, who.guildId, who.userId, at);

async function board(
  db: Db,
  metric: Metric,
  period: Period = WEEK,
  extra: Partial<Parameters<typeof leaderboard>[1]> = {},
) {
  return leaderboard(db, { guildId: GUILD, metric, period, now: NOW, ...extra });
}

/** [name, rank, score] per standing, for compact assertions. */
const rows = (lb: Leaderboard) => lb.top.map((s) => [s.displayName, s.rank, s.score]);

async function setGuildZone(db: Db, timezone: string, now: Date) {
  await ensureGuild(db, GUILD, now);
  await db.update(guilds).set({ timezone }).where(eq(guilds.id, GUILD));
}

describe("leaderboard metrics", () => {
  const store = useStore();

  it("hours: live minutes in the period with competition ranking; zero and undone entries never count", async () => {
    const { db } = store();
    await hours(db, amy, 3, "build");
    await hours(db, bob, 2, "learn");
    await hours(db, cat, 1, "learn");
    await hours(db, cat, 1, "build");
    await hours(db, cat, 4, "build");
    await undo(db, cat); // cat's 4 h are removed
    await hours(db, dee, 1, "learn");
    await hours(db, eve, 5, "learn");
    await undo(db, eve); // eve's only entry is removed: eve scores 0
    // last week's hours are outside the period
    await hours(db, ref("fay", "206"), 9, "build", NOW, "2026-11-22");
    const lb = await board(db, "hours");
    expect(rows(lb)).toEqual([
      ["amy", 1, 180],
      ["bob", 2, 120],
      ["cat", 2, 120],
      ["dee", 4, 60],
    ]);
    expect(lb).toMatchObject({ metric: "hours", period: WEEK, caller: null, participants: 4 });
    expect(lb.top[0]).toEqual({ userId: "201", displayName: "amy", rank: 1, score: 180 });
  });

  it("build: only build minutes count; members with only learn hours are left out", async () => {
    const { db } = store();
    await hours(db, amy, 3, "build");
    await hours(db, bob, 2, "learn");
    await hours(db, bob, 0.5, "build");
    await hours(db, cat, 6, "learn");
    expect(rows(await board(db, "build"))).toEqual([
      ["amy", 1, 180],
      ["bob", 2, 30],
    ]);
    expect((await board(db, "build")).participants).toBe(2);
  });

  it("projects: live projects whose local date is in the period", async () => {
    const { db } = store();
    await project(db, amy, "api");
    await project(db, amy, "blog");
    await project(db, bob, "shop");
    await project(db, bob, "oops");
    await undo(db, bob);
    await project(db, cat, "old", new Date("2026-11-20T12:00:00Z")); // last week
    await project(db, ref("amy", "201", OTHER_GUILD), "elsewhere");
    expect(rows(await board(db, "projects"))).toEqual([
      ["amy", 1, 2],
      ["bob", 2, 1],
    ]);
    expect(rows(await board(db, "projects", ALL))).toEqual([
      ["amy", 1, 2],
      ["bob", 2, 1],
      ["cat", 2, 1],
    ]);
    expect((await shippedProjects(db, GUILD, WEEK)).map((p) => [p.displayName, p.name, p.url])).toEqual([
      ["amy", "api", "https://api.example.com/"],
      ["amy", "blog", "https://blog.example.com/"],
      ["bob", "shop", "https://shop.example.com/"],
    ]);
  });

  it("streak: each member's current streak on their own local today, whatever the period", async () => {
    const { db } = store();
    // 2026-11-23 20:00 UTC: already Tuesday the 24th in Tokyo (the guild's zone),
    // still Monday the 23rd in UTC and in Honolulu
    const now = new Date("2026-11-23T20:00:00Z");
    await setGuildZone(db, "Asia/Tokyo", now);
    const hana = ref("hana", "211");
    const uma = ref("uma", "212");
    const gil = ref("gil", "213");
    const tom = ref("tom", "214");
    const ned = ref("ned", "215");
    await setMemberTimeZone(db, hana, "Pacific/Honolulu", now);
    await setMemberTimeZone(db, uma, "UTC", now);
    // hana: 20–22 on Honolulu days; her today is the 23rd, so the streak still runs (in Tokyo's it would not)
    for (const d of ["2026-11-20", "2026-11-21", "2026-11-22"]) await hours(db, hana, 1, "learn", now, d);
    // uma: 21–22 in UTC, same as hana's days but a shorter run
    for (const d of ["2026-11-21", "2026-11-22"]) await hours(db, uma, 1, "learn", now, d);
    // gil (guild zone): 22–24 Tokyo days, several entries a day count once
    for (const d of ["2026-11-22", "2026-11-23", "2026-11-24", "2026-11-24"])
      await hours(db, gil, 1, "build", now, d);
    // tom (guild zone): 21–22; today is the 24th in Tokyo, so the streak is broken (in UTC it would be 2)
    for (const d of ["2026-11-21", "2026-11-22"]) await hours(db, tom, 2, "build", now, d);
    // ned: 23 and 24, but the 24th is undone: the 23rd alone is yesterday, a streak of 1
    await hours(db, ned, 1, "learn", now, "2026-11-23");
    await hours(db, ned, 1, "learn", now, "2026-11-24");
    await undo(db, ned, now);
    const expected = [
      ["gil", 1, 3],
      ["hana", 1, 3],
      ["uma", 3, 2],
      ["ned", 4, 1],
    ];
    for (const period of [WEEK, ALL, closedWeek("2026-11-01")]) {
      const lb = await leaderboard(db, { guildId: GUILD, metric: "streak", period, now });
      expect(rows(lb)).toEqual(expected);
    }
  });

  it("weeks follow the guild's time zone; entries count on the member's own local date", async () => {
    const { db } = store();
    // Sunday 29 Nov 20:00 UTC = Monday 30 Nov 05:00 in Tokyo = Sunday 29 Nov 12:00 in Los Angeles
    const now = new Date("2026-11-29T20:00:00Z");
    await setGuildZone(db, "Asia/Tokyo", now);
    const tokyo = ref("tokyo", "221");
    const la = ref("la", "222");
    const utc = ref("utc", "223");
    await setMemberTimeZone(db, la, "America/Los_Angeles", now);
    await setMemberTimeZone(db, utc, "UTC", now);
    await hours(db, tokyo, 1, "build", now);
    await hours(db, la, 2, "build", now);
    await hours(db, utc, 3, "build", now);
    // 30 Nov 07:00 UTC is Monday afternoon in Tokyo but still Sunday 23:00 in LA
    await hours(db, la, 2, "learn", new Date("2026-11-30T07:00:00Z"));
    const thisWeek = await currentPeriod(db, GUILD, "week", now);
    expect(thisWeek).toMatchObject({ from: "2026-11-30", to: "2026-12-06" });
    const at = { guildId: GUILD, metric: "hours", now } as const;
    expect(rows(await leaderboard(db, { ...at, period: thisWeek }))).toEqual([["tokyo", 1, 60]]);
    // the Monday post closes the week before: LA's and UTC's Sunday hours are there
    expect(rows(await leaderboard(db, { ...at, period: closedWeek("2026-11-30") }))).toEqual([
      ["la", 1, 240],
      ["utc", 2, 180],
    ]);
  });

  it("month and all", async () => {
    const { db } = store();
    await hours(db, amy, 1, "learn", new Date("2026-10-31T12:00:00Z"));
    await hours(db, amy, 2, "learn", new Date("2026-11-01T12:00:00Z"));
    await hours(db, bob, 4, "build", new Date("2026-11-30T23:59:00Z"));
    await hours(db, amy, 8, "build", new Date("2026-12-01T00:00:00Z"));
    const november = guildPeriod("month", "2026-11-15");
    expect(rows(await board(db, "hours", november))).toEqual([
      ["bob", 1, 240],
      ["amy", 2, 120],
    ]);
    expect(rows(await board(db, "build", november))).toEqual([["bob", 1, 240]]);
    expect(rows(await board(db, "hours", ALL))).toEqual([
      ["amy", 1, 660],
      ["bob", 2, 240],
    ]);
    expect(rows(await board(db, "hours", guildPeriod("month", "2026-12-02")))).toEqual([["amy", 1, 480]]);
  });

  it("the year-end week (28 Dec 2026 – 3 Jan 2027) takes exactly its seven days", async () => {
    const { db } = store();
    await hours(db, amy, 1, "learn", new Date("2026-12-27T12:00:00Z"));
    await hours(db, amy, 2, "learn", new Date("2026-12-28T12:00:00Z"));
    await hours(db, bob, 4, "learn", new Date("2027-01-03T12:00:00Z"));
    await hours(db, bob, 8, "learn", new Date("2027-01-04T12:00:00Z"));
    const week = closedWeek("2027-01-03");
    expect(rows(await leaderboard(db, { guildId: GUILD, metric: "hours", period: week, now: NOW }))).toEqual([
      ["bob", 1, 240],
      ["amy", 2, 120],
    ]);
  });

  it("an empty week: nobody on the board, no caller line", async () => {
    const { db } = store();
    await hours(db, amy, 2, "build", new Date("2026-11-20T12:00:00Z"));
    await project(db, amy, "api", new Date("2026-11-20T12:00:00Z"));
    for (const metric of ["hours", "build", "projects"] as const) {
      expect(await board(db, metric, WEEK, { callerId: amy.userId })).toMatchObject({
        top: [],
        caller: null,
        participants: 0,
      });
    }
    // an empty guild too, streaks included
    const empty = await leaderboard(db, { guildId: "999", metric: "streak", period: WEEK, now: NOW });
    expect(empty).toMatchObject({ top: [], caller: null, participants: 0 });
  });

  it("another guild's entries never count", async () => {
    const { db } = store();
    const here = ref("amy", "201");
    const there = ref("amy-elsewhere", "201", OTHER_GUILD);
    await hours(db, here, 1, "build");
    await hours(db, there, 5, "build");
    await hours(db, ref("zed", "299", OTHER_GUILD), 7, "build");
    await project(db, there, "far");
    for (const d of ["2026-11-23", "2026-11-24"]) await hours(db, there, 1, "learn", NOW, d);
    expect(rows(await board(db, "hours"))).toEqual([["amy", 1, 60]]);
    expect(rows(await board(db, "build"))).toEqual([["amy", 1, 60]]);
    expect(rows(await board(db, "projects"))).toEqual([]);
    expect(rows(await board(db, "streak"))).toEqual([["amy", 1, 1]]);
    expect(await shippedProjects(db, GUILD, WEEK)).toEqual([]);
  });

  it("shows the stored display name, refreshed by the member's latest interaction", async () => {
    const { db } = store();
    await hours(db, ref("old name", "201"), 1, "build");
    expect((await board(db, "hours")).top[0]?.displayName).toBe("old name");
    await hours(db, ref("new name", "201"), 1, "build");
    expect((await board(db, "hours")).top[0]?.displayName).toBe("new name");
    // a member row that is gone (never happens through the bot today) falls back to the id
    await db.delete(members).where(and(eq(members.guildId, GUILD), eq(members.userId, "201")));
    expect((await board(db, "hours")).top[0]).toMatchObject({
      userId: "201",
      displayName: "201",
      score: 120,
    });
    expect((await board(db, "streak")).top[0]).toMatchObject({ userId: "201", displayName: "201", score: 1 });
  });
});

describe("leaderboard caller and limits", () => {
  const store = useStore();

  /** 12 members: m01 logs 12 h … m12 logs 1 h, except m11 ties m10 at 3 h. */
  async function twelve(db: Db) {
    for (let i = 1; i <= 12; i++) {
      const h = i === 11 ? 3 : 13 - i;
      await hours(db, ref(`m${String(i).padStart(2, "0")}`, String(300 + i)), h, "build");
    }
  }

  it("a caller outside the top 10 gets their own rank", async () => {
    const { db } = store();
    await twelve(db);
    const lb = await board(db, "hours", WEEK, { callerId: "312" });
    expect(lb.top).toHaveLength(10);
    expect(lb.top.map((s) => s.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(lb.caller).toEqual({ userId: "312", displayName: "m12", rank: 12, score: 60 });
    expect(lb.participants).toBe(12);
  });

  it("a caller tied at rank 10 but listed after the cut gets their line with the shared rank", async () => {
    const { db } = store();
    await twelve(db);
    const lb = await board(db, "hours", WEEK, { callerId: "311" });
    expect(lb.top.at(-1)).toMatchObject({ displayName: "m10", rank: 10 });
    expect(lb.caller).toEqual({ userId: "311", displayName: "m11", rank: 10, score: 180 });
  });

  it("a caller inside the top 10 (or not on the board) gets no extra line", async () => {
    const { db } = store();
    await twelve(db);
    expect((await board(db, "hours", WEEK, { callerId: "303" })).caller).toBeNull();
    expect((await board(db, "hours", WEEK, { callerId: "310" })).caller).toBeNull();
    expect((await board(db, "hours", WEEK, { callerId: "999" })).caller).toBeNull();
  });

  it("limit sets the size of the top", async () => {
    const { db } = store();
    await twelve(db);
    const lb = await board(db, "hours", WEEK, { limit: 3, callerId: "305" });
    expect(rows(lb)).toEqual([
      ["m01", 1, 720],
      ["m02", 2, 660],
      ["m03", 3, 600],
    ]);
    expect(lb.caller).toMatchObject({ rank: 5 });
    expect((await board(db, "hours", WEEK, { limit: 50 })).top).toHaveLength(12);
  });

  it("userIds restricts the board to those members and ranks among them", async () => {
    const { db } = store();
    await twelve(db);
    for (const d of ["2026-11-24", "2026-11-25"]) await hours(db, ref("m05", "305"), 1, "learn", NOW, d);
    const cohort = ["305", "307", "312", "999"];
    const lb = await board(db, "hours", WEEK, { userIds: cohort, callerId: "301" });
    expect(rows(lb)).toEqual([
      ["m05", 1, 600],
      ["m07", 2, 360],
      ["m12", 3, 60],
    ]);
    // the caller is not in the cohort
    expect(lb).toMatchObject({ caller: null, participants: 3 });
    expect(rows(await board(db, "streak", WEEK, { userIds: cohort }))).toEqual([
      ["m05", 1, 2],
      ["m07", 2, 1],
      ["m12", 2, 1],
    ]);
    expect(await board(db, "hours", WEEK, { userIds: [] })).toMatchObject({ top: [], participants: 0 });
  });
});

describe("leaderboard queries", () => {
  const store = useStore();

  // Reads the plans, not the timing: each metric is one query that reaches
  // `entries` through one of its guild-leading indexes, never a full scan.
  sqliteOnly("leaderboards/leaderboard: query plans")(
    "each metric is one aggregate query that searches entries by index",
    () => {
      const s = store();
      const plans = [
        scoreQuery(s.db, GUILD, "hours", WEEK),
        scoreQuery(s.db, GUILD, "build", WEEK),
        scoreQuery(s.db, GUILD, "projects", WEEK),
        scoreQuery(s.db, GUILD, "hours", ALL),
        scoreQuery(s.db, GUILD, "hours", WEEK, ["1", "2"]),
      ].map((q) => {
        const { sql, params } = q.toSQL();
        expect(sql).toMatch(/group by/i);
        const steps = s.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params as string[])) as Array<{
          detail: string;
        }>;
        return steps.map((p) => p.detail);
      });
      for (const plan of plans) {
        expect(plan.join("\n")).not.toMatch(/SCAN (entries|members)\b/);
        expect(
          plan.some((d) => /^SEARCH entries USING (COVERING )?INDEX entries_\w+ \(guild_id=\?/.test(d)),
        ).toBe(true);
      }
      // a bounded period goes straight to the (guild, date) range
      expect(plans[0]?.[0]).toMatch(
        /entries_guild_date_idx \(guild_id=\? AND local_date>\? AND local_date<\?\)/,
      );
    },
  );
});
