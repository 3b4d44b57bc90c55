import { describe, expect, it } from "vitest";
import { checkIn } from "../../src/checkins/checkin";
import {
  type ActiveMemberLine,
  previousWeek,
  renderWeeklyCheckin,
  type WeeklyCheckinData,
  weeklyCheckinData,
  weeklyCheckinPost,
} from "../../src/checkins/weekly";
import type { Store } from "../../src/db/client";
import { logHours } from "../../src/logs/hours";
import { undoLast } from "../../src/logs/undo";
import type { MemberRef } from "../../src/members/members";
import { logProject } from "../../src/projects/log";
import { type EmbedPost, MAX_EMBED_DESCRIPTION, MAX_EMBED_TOTAL, MAX_EMBEDS } from "../../src/text/embeds";
import { dayStamp } from "../../src/text/format";
import { GUILD, interactionId, OTHER_GUILD, useStore } from "../helpers/store";

// The default post: Monday 2026-11-23 10:00 (guild time zone UTC), summarising 2026-11-16 … 2026-11-22.
const POST_DAY = "2026-11-23";
const POST_NOW = new Date("2026-11-23T10:00:00Z");

const ref = (userId: string, displayName: string, guildId = GUILD): MemberRef => ({
  guildId,
  userId,
  displayName,
});
const noon = (day: string) => new Date(`${day}T12:00:00Z`);

const ADA = ref("201", "Ada_Lovelace*");
const BOB = ref("202", "Bob");
const CAROL = ref("203", "<@999> Carol");
const DEE = ref("204", "Dee");
const EVE = ref("205", "Eve");
const FAY = ref("206", "Fay");
const GUS = ref("207", "Gus");
const OUTSIDER = ref("301", "Outsider", OTHER_GUILD);

async function hours(s: Store, who: MemberRef, day: string, h: number, kind: "learn" | "build") {
  await logHours(s.db, who, interactionId(), { hours: h, kind }, noon(day));
}

async function project(s: Store, who: MemberRef, day: string) {
  await logProject(s.db, who, interactionId(), { name: "api", url: "https://api.example.com" }, noon(day));
}

/** A sample guild; see the comments for what each member should contribute. */
async function seed(s: Store) {
  // Ada: 6 h last week (5 h build), a 3-day streak up to Sunday, checked in for last week.
  await hours(s, ADA, "2026-11-15", 1, "learn"); // the week before: not counted
  await hours(s, ADA, "2026-11-20", 2, "build");
  await hours(s, ADA, "2026-11-21", 1, "learn");
  await hours(s, ADA, "2026-11-22", 3, "build");
  await checkIn(s.db, ADA, { goals: "finish joins" }, noon("2026-11-18"));
  // Bob: 2 h and a project; a 5 h entry removed with undo; checked in only for this week.
  await hours(s, BOB, "2026-11-17", 2, "learn");
  await project(s, BOB, "2026-11-18");
  await hours(s, BOB, "2026-11-19", 5, "build");
  await undoLast(s.db, GUILD, BOB.userId, new Date("2026-11-19T13:00:00Z"));
  await checkIn(s.db, BOB, { goals: "this week" }, new Date("2026-11-23T09:00:00Z"));
  // Carol: logged once, long ago: quiet.
  await hours(s, CAROL, "2026-11-05", 1, "learn");
  // Dee: only a project last week: active with no hours, and quiet.
  await project(s, DEE, "2026-11-21");
  // Eve: checked in but never logged: neither active nor quiet.
  await checkIn(s.db, EVE, { goals: "start" }, noon("2026-11-18"));
  // Fay: her only entry was removed: neither active nor quiet.
  await hours(s, FAY, "2026-11-20", 4, "build");
  await undoLast(s.db, GUILD, FAY.userId, new Date("2026-11-20T13:00:00Z"));
  // Gus: logged on the post day only: not active last week, not quiet.
  await hours(s, GUS, "2026-11-23", 1, "learn");
  // Another guild's member, active in the same week.
  await hours(s, OUTSIDER, "2026-11-18", 8, "build");
  await project(s, OUTSIDER, "2026-11-18");
  await checkIn(s.db, OUTSIDER, { goals: "elsewhere" }, noon("2026-11-18"));
}

function allText(post: EmbedPost): string {
  return [post.title, ...post.embeds.flatMap((e) => [e.title ?? "", e.description])].join("\n");
}

function expectWithinLimits(post: EmbedPost) {
  expect(post.embeds.length).toBeLessThanOrEqual(MAX_EMBEDS);
  for (const e of post.embeds) {
    expect(e.description.length).toBeGreaterThan(0);
    expect(e.description.length).toBeLessThanOrEqual(MAX_EMBED_DESCRIPTION);
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(256);
  }
  const total =
    post.title.length + post.embeds.reduce((n, e) => n + (e.title?.length ?? 0) + e.description.length, 0);
  expect(total).toBeLessThanOrEqual(MAX_EMBED_TOTAL);
}

describe("previousWeek", () => {
  it("is the Monday–Sunday week before the one containing the post day", () => {
    expect(previousWeek("2026-11-23")).toEqual({ from: "2026-11-16", to: "2026-11-22" });
    expect(previousWeek("2026-11-29")).toEqual({ from: "2026-11-16", to: "2026-11-22" });
    expect(previousWeek("2026-11-22")).toEqual({ from: "2026-11-09", to: "2026-11-15" });
  });
});

describe("weeklyCheckinData", () => {
  const store = useStore();

  it("gathers last week's totals, active members, check-ins and quiet members of this guild only", async () => {
    const s = store();
    await seed(s);
    const data = await weeklyCheckinData(s.db, GUILD, POST_DAY, POST_NOW);
    expect(data.from).toBe("2026-11-16");
    expect(data.to).toBe("2026-11-22");
    expect(data.totals).toEqual({ minutes: 480, activeMembers: 3, projects: 2 });
    expect(data.active).toEqual([
      {
        displayName: "Ada_Lovelace*",
        minutes: 360,
        buildMinutes: 300,
        projects: 0,
        streak: 3,
        checkedIn: true,
      },
      { displayName: "Bob", minutes: 120, buildMinutes: 0, projects: 1, streak: 0, checkedIn: false },
      { displayName: "Dee", minutes: 0, buildMinutes: 0, projects: 1, streak: 0, checkedIn: false },
    ]);
    expect(data.quiet).toEqual(["<@999> Carol", "Dee"]);
  });

  it("counts another guild's own data separately", async () => {
    const s = store();
    await seed(s);
    const data = await weeklyCheckinData(s.db, OTHER_GUILD, POST_DAY, POST_NOW);
    expect(data.totals).toEqual({ minutes: 480, activeMembers: 1, projects: 1 });
    expect(data.active).toEqual([
      { displayName: "Outsider", minutes: 480, buildMinutes: 480, projects: 1, streak: 0, checkedIn: true },
    ]);
    expect(data.quiet).toEqual([]);
  });

  it("summarises the same week for any post day in the following week", async () => {
    const s = store();
    await seed(s);
    const wednesday = await weeklyCheckinData(s.db, GUILD, "2026-11-25", new Date("2026-11-25T10:00:00Z"));
    expect(wednesday.totals).toEqual({ minutes: 480, activeMembers: 3, projects: 2 });
    // by Wednesday, Bob's last hours (the 17th) are more than 7 days back, and Gus logged within them
    expect(wednesday.quiet).toEqual(["<@999> Carol", "Bob", "Dee"]);
  });

  it("is empty for a guild with no entries", async () => {
    const s = store();
    expect(await weeklyCheckinData(s.db, GUILD, POST_DAY, POST_NOW)).toEqual({
      from: "2026-11-16",
      to: "2026-11-22",
      totals: { minutes: 0, activeMembers: 0, projects: 0 },
      active: [],
      quiet: [],
    });
  });
});

describe("weeklyCheckinPost", () => {
  const store = useStore();

  it("shows totals, one line per active member, quiet members by name without pings, and the invitation", async () => {
    const s = store();
    await seed(s);
    const post = await weeklyCheckinPost(s.db, GUILD, POST_DAY, POST_NOW);
    expectWithinLimits(post);
    // dates as Discord timestamps, never as ISO dates (SPEC §3)
    expect(post.title).toContain(dayStamp("2026-11-16"));
    expect(post.title).toContain(dayStamp("2026-11-22"));
    expect(post.title).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const [summary, active, quiet, ...rest] = post.embeds;
    expect(rest).toEqual([]);
    expect(summary?.description).toContain("8 h logged · 3 active members · 2 projects shipped");
    expect(summary?.description).toContain("press **Check in** below");
    expect(active?.title).toBe("Active members");
    expect(active?.description.split("\n")).toEqual([
      "**Ada\\_Lovelace\\*** — 6 h · 83% build · streak 3 d · check-in ✅",
      "**Bob** — 2 h · 0% build · streak 0 d · 1 project shipped · check-in —",
      "**Dee** — 0 h · no hours · streak 0 d · 1 project shipped · check-in —",
    ]);
    expect(quiet?.title).toBe("No hours in the last 7 days");
    // names in bold, as every post writes them
    expect(quiet?.description.split("\n")).toEqual(["• **<\u200b@\u200b999\\> Carol**", "• **Dee**"]);
    const text = allText(post);
    expect(text).not.toContain("<@");
    for (const absent of ["Eve", "Fay", "Gus", "Outsider", "more"]) expect(text).not.toContain(absent);
  });

  it("says so when nobody was active", async () => {
    const s = store();
    const post = await weeklyCheckinPost(s.db, GUILD, POST_DAY, POST_NOW);
    expect(post.embeds).toHaveLength(2);
    expect(post.embeds[0]?.description).toContain("0 h logged · 0 active members · 0 projects shipped");
    expect(post.embeds[1]?.description).toBe("Nobody logged anything last week.");
  });
});

describe("renderWeeklyCheckin with many members", () => {
  const synthetic = (n: number, name = (i: number) => `member_${i}`): ActiveMemberLine[] =>
    Array.from({ length: n }, (_, i) => ({
      displayName: name(i),
      minutes: 600 - (i % 40) * 15,
      buildMinutes: 300,
      projects: i % 3,
      streak: i % 30,
      checkedIn: i % 2 === 0,
    }));
  const data = (active: ActiveMemberLine[], quiet: string[]): WeeklyCheckinData => ({
    from: "2026-11-16",
    to: "2026-11-22",
    totals: {
      minutes: active.reduce((n, m) => n + m.minutes, 0),
      activeMembers: active.length,
      projects: 0,
    },
    active,
    quiet,
  });
  const memberLines = (post: EmbedPost) =>
    post.embeds.flatMap((e) => e.description.split("\n")).filter((l) => l.includes(" · check-in "));
  const quietLines = (post: EmbedPost) =>
    post.embeds.flatMap((e) => e.description.split("\n")).filter((l) => l.startsWith("• "));
  const mores = (post: EmbedPost) => [...allText(post).matchAll(/…and (\d+) more/g)].map((m) => Number(m[1]));

  it("cuts 1,000 active members with …and N more and stays within Discord's limits", () => {
    const post = renderWeeklyCheckin(data(synthetic(1000), []));
    expectWithinLimits(post);
    const shown = memberLines(post).length;
    expect(shown).toBeGreaterThan(20);
    expect(mores(post)).toEqual([1000 - shown]);
    expect(post.embeds[0]?.description).toContain("1000 active members");
  });

  it("shares the room between 1,000 active and 1,000 quiet members", () => {
    const quiet = Array.from({ length: 1000 }, (_, i) => `quiet ${i}`);
    const post = renderWeeklyCheckin(data(synthetic(1000), quiet));
    expectWithinLimits(post);
    const active = memberLines(post).length;
    const silent = quietLines(post).length;
    expect(active).toBeGreaterThan(10);
    expect(silent).toBeGreaterThan(10);
    expect(mores(post)).toEqual([1000 - active, 1000 - silent]);
  });

  it("gives a short list all it needs and the long one the rest", () => {
    const post = renderWeeklyCheckin(
      data(
        synthetic(3),
        Array.from({ length: 1000 }, (_, i) => `q${i}`),
      ),
    );
    expectWithinLimits(post);
    expect(memberLines(post)).toHaveLength(3);
    expect(mores(post)).toEqual([1000 - quietLines(post).length]);
  });

  it("survives hostile names: long, markdown-heavy, mention-shaped", () => {
    const names = (i: number) => `<@${i}>${"*_`|>\\".repeat(40)}`;
    const post = renderWeeklyCheckin(
      data(
        synthetic(1000, names),
        Array.from({ length: 1000 }, (_, i) => names(i)),
      ),
    );
    expectWithinLimits(post);
    expect(allText(post)).not.toContain("<@");
  });

  it("keeps everything when it fits, even across several embeds", () => {
    const post = renderWeeklyCheckin(
      data(
        synthetic(40),
        Array.from({ length: 40 }, (_, i) => `q${i}`),
      ),
    );
    expectWithinLimits(post);
    expect(memberLines(post)).toHaveLength(40);
    expect(quietLines(post)).toHaveLength(40);
    expect(mores(post)).toEqual([]);
  });

  it("splits a list longer than one description across embeds without cutting it", () => {
    const post = renderWeeklyCheckin(data(synthetic(60), []));
    expectWithinLimits(post);
    expect(post.embeds).toHaveLength(3);
    expect(post.embeds[2]?.title).toBeUndefined();
    expect(memberLines(post)).toHaveLength(60);
    expect(mores(post)).toEqual([]);
  });
});
