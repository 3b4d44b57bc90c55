import { describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import {
  DESCRIPTION_LIMIT,
  fitLines,
  formatLeaderboard,
  formatWeeklyPost,
  SHIPPED_READ_LIMIT,
  standingLine,
} from "../../src/leaderboards/format";
import {
  type Leaderboard,
  leaderboard,
  type Standing,
  shippedProjects,
} from "../../src/leaderboards/leaderboard";
import { closedWeek, guildPeriod } from "../../src/leaderboards/periods";
import { weeklyLeaderboardPost } from "../../src/leaderboards/weekly";
import { logHours } from "../../src/logs/hours";
import { undoLast } from "../../src/logs/undo";
import type { MemberRef } from "../../src/members/members";
import { logProject } from "../../src/projects/log";
import { GUILD, interactionId, useStore } from "../helpers/store";

const WEEK = guildPeriod("week", "2026-11-25");

const standing = (userId: string, rank: number, score: number, displayName = `user-${userId}`): Standing => ({
  userId,
  displayName,
  rank,
  score,
});

const board = (over: Partial<Leaderboard> = {}): Leaderboard => ({
  metric: "hours",
  period: WEEK,
  top: [],
  caller: null,
  participants: 0,
  ...over,
});

/** The "…and N more" count, or 0 when nothing was cut. */
const moreCount = (text: string): number => Number(/…and (\d+) more/.exec(text)?.[1] ?? 0);

describe("formatLeaderboard", () => {
  it("writes one line per standing with mentions, medals for the top three and shared ranks", () => {
    const lb = board({
      top: [standing("1", 1, 750), standing("2", 2, 120), standing("3", 2, 120), standing("4", 4, 75)],
      participants: 4,
    });
    const out = formatLeaderboard(lb, { title: "Leaderboard" });
    expect(out.title).toBe("Leaderboard");
    expect(out.description.split("\n")).toEqual([
      `*Hours logged · ${WEEK.label}*`,
      "",
      "🥇 **1.** <@1> — 12.5 h",
      "🥈 **2.** <@2> — 2 h",
      "🥈 **2.** <@3> — 2 h",
      "**4.** <@4> — 1.25 h",
      "",
      "4 members on the board",
    ]);
  });

  it("formats each metric's score", () => {
    const s = standing("1", 5, 1);
    expect(standingLine({ ...s, score: 90 }, "build")).toBe("**5.** <@1> — 1.5 h");
    expect(standingLine(s, "streak")).toBe("**5.** <@1> — 1 day");
    expect(standingLine({ ...s, score: 12 }, "streak")).toBe("**5.** <@1> — 12 days");
    expect(standingLine(s, "projects")).toBe("**5.** <@1> — 1 project");
    expect(standingLine({ ...s, score: 3 }, "projects")).toBe("**5.** <@1> — 3 projects");
    expect(
      formatLeaderboard(board({ metric: "streak", top: [s], participants: 1 }), { title: "t" }).description,
    ).toMatch(/^\*Current streaks.* · as of today\*/);
  });

  it("adds the caller's own line after a separator when they are outside the top", () => {
    const top = Array.from({ length: 10 }, (_, i) => standing(String(i + 1), i + 1, 600 - i * 30));
    const out = formatLeaderboard(board({ top, caller: standing("42", 27, 30), participants: 31 }), {
      title: "Leaderboard",
    });
    const lines = out.description.split("\n");
    expect(lines.slice(-6)).toEqual([
      "**10.** <@10> — 5.5 h",
      "",
      "⋯",
      "**27.** <@42> — 0.5 h ← you",
      "",
      "31 members on the board",
    ]);
  });

  it("says something encouraging when nobody scored", () => {
    for (const metric of ["hours", "build", "streak", "projects"] as const) {
      const { description } = formatLeaderboard(board({ metric }), { title: "Leaderboard" });
      expect(description).toMatch(/`\/log (hours|project)/);
      expect(description).not.toMatch(/on the board$/);
    }
  });

  it("can write stored display names instead of mentions, with markdown and mention syntax neutralised", () => {
    const lb = board({ top: [standing("1", 1, 60, "**bold** <@&99> `x`")], participants: 1 });
    const { description } = formatLeaderboard(lb, { title: "t", names: "stored" });
    expect(description).toContain("🥇 **1.** **\\*\\*bold\\*\\* <\u200b@\u200b&99\\> \\`x\\`** — 1 h");
  });

  it("never exceeds 4096 characters, even with 500 members on a long board", () => {
    const longName = "🦀".repeat(40) + "x".repeat(60);
    const top = Array.from({ length: 500 }, (_, i) =>
      standing(String(100_000_000_000_000_000n + BigInt(i)), i + 1, 1000 - i, longName),
    );
    const lb = board({ top, caller: standing("9", 501, 1), participants: 501 });
    for (const names of ["mention", "stored"] as const) {
      const { description } = formatLeaderboard(lb, { title: "x".repeat(300), names });
      expect(description.length).toBeLessThanOrEqual(DESCRIPTION_LIMIT);
      const shown = description.split("\n").filter((l) => /^(🥇 |🥈 |🥉 )?\*\*\d+\.\*\*/.test(l)).length;
      // the caller's line survives the cut; the rest of the top adds up
      expect(description).toContain("**501.**");
      expect(shown - 1 + moreCount(description)).toBe(500);
      expect(description).toMatch(/501 members on the board$/);
    }
    expect(formatLeaderboard(lb, { title: "x".repeat(300) }).title).toHaveLength(256);
  });
});

describe("fitLines", () => {
  it("keeps what fits and counts the rest", () => {
    expect(fitLines(["aa", "bb", "cc"], 100)).toEqual(["aa", "bb", "cc"]);
    const cut = fitLines(["aaaa", "bbbb", "cccc", "dddd"], 20);
    expect(cut).toEqual(["aaaa", "…and 3 more"]);
    expect(cut.join("\n").length).toBeLessThanOrEqual(20);
  });
});

describe("formatWeeklyPost", () => {
  const week = closedWeek("2026-11-29");

  it("has the hours board, then Streaks and Shipped this week", () => {
    const out = formatWeeklyPost({
      hours: board({ period: week, top: [standing("1", 1, 600)], participants: 1 }),
      streak: board({ metric: "streak", period: week, top: [standing("2", 1, 9)], participants: 1 }),
      projects: [
        { userId: "1", name: "url [shortener]", url: "https://short.example.com/a_(b)" },
        { userId: "2", name: "blog", url: "https://blog.example.com/" },
      ],
    });
    expect(out.title).toBe("🏆 Weekly leaderboard");
    expect(out.description).toBe(
      [
        `*${week.label}*`,
        "",
        "**Hours logged** · 1 member",
        "🥇 **1.** <@1> — 10 h",
        "",
        "**Streaks**",
        "🥇 **1.** <@2> — 9 days",
        "",
        "**Shipped this week**",
        "• [url \\[shortener\\]](https://short.example.com/a_%28b%29) by <@1>",
        "• [blog](https://blog.example.com/) by <@2>",
      ].join("\n"),
    );
  });

  it("an empty week still reads well", () => {
    const out = formatWeeklyPost({
      hours: board({ period: week }),
      streak: board({ metric: "streak", period: week }),
      projects: [],
    });
    expect(out.description).toMatch(/\*\*Hours logged\*\*\nNobody has logged hours/);
    expect(out.description).toMatch(/\*\*Streaks\*\*\nNo streaks running/);
    expect(out.description).toMatch(/\*\*Shipped this week\*\*\nNothing shipped this week/);
  });

  it("never exceeds 4096 characters with 500 members shipping long URLs, and keeps every section", () => {
    const top = (n: number) =>
      Array.from({ length: n }, (_, i) => standing(String(1000 + i), i + 1, 500 - i));
    const projects = Array.from({ length: 500 }, (_, i) => ({
      userId: String(1000 + i),
      name: `project-${i}-${"n".repeat(100)}`,
      url: `https://p${i}.example.com/${"a".repeat(400)}`,
    }));
    const out = formatWeeklyPost({
      hours: board({ period: week, top: top(500), participants: 500 }),
      streak: board({ metric: "streak", period: week, top: top(500), participants: 500 }),
      projects,
    });
    expect(out.description.length).toBeLessThanOrEqual(DESCRIPTION_LIMIT);
    const sections = out.description.split("\n\n");
    expect(sections.map((s) => s.split("\n")[0])).toEqual([
      `*${week.label}*`,
      "**Hours logged** · 500 members",
      "**Streaks**",
      "**Shipped this week**",
    ]);
    for (const [section, total] of [
      [sections[1] ?? "", 500],
      [sections[2] ?? "", 500],
      [sections[3] ?? "", 500],
    ] as const) {
      const lines = section.split("\n").slice(1);
      expect(lines.length).toBeGreaterThan(1);
      expect(lines.length - 1 + moreCount(section)).toBe(total);
    }
  });

  it("gives the same post from the first SHIPPED_READ_LIMIT projects and the total as from all of them", () => {
    // the shortest lines there can be: empty name and URL, one-character ids
    const projects = Array.from({ length: 1000 }, (_, i) => ({ userId: String(i % 10), name: "", url: "" }));
    for (const names of ["mention", "stored"] as const) {
      for (const total of [SHIPPED_READ_LIMIT, SHIPPED_READ_LIMIT + 1, 1000]) {
        const data = { hours: board({ top: [] }), streak: board({ metric: "streak", top: [] }) };
        const all = formatWeeklyPost({ ...data, projects: projects.slice(0, total) }, { names });
        const first = formatWeeklyPost(
          { ...data, projects: projects.slice(0, SHIPPED_READ_LIMIT), projectsTotal: total },
          { names },
        );
        expect(first.description).toBe(all.description);
        expect(all.description).toMatch(/…and \d+ more$/);
      }
    }
  });
});

describe("weeklyLeaderboardPost", () => {
  const store = useStore();
  const ref = (name: string, userId: string): MemberRef => ({ guildId: GUILD, userId, displayName: name });
  const log = (db: Db, who: MemberRef, h: number, at: string) =>
    logHours(db, who, interactionId(), { hours: h, kind: "build" }, new Date(at));
  const ship = (db: Db, who: MemberRef, name: string, at: string, host = name) =>
    logProject(db, who, interactionId(), { name, url: `https://${host}.example.com` }, new Date(at));

  it("closes the week ending on a Sunday post: top hours, streaks as of now, projects of that week", () => {
    const { db } = store();
    const amy = ref("amy", "201");
    const bob = ref("bob", "202");
    log(db, amy, 2, "2026-11-22T12:00:00Z"); // the week before
    log(db, amy, 3, "2026-11-27T12:00:00Z");
    log(db, amy, 1, "2026-11-28T12:00:00Z");
    log(db, amy, 1, "2026-11-29T12:00:00Z");
    log(db, bob, 5, "2026-11-23T12:00:00Z");
    ship(db, amy, "api", "2026-11-24T12:00:00Z");
    ship(db, bob, "oops", "2026-11-29T10:00:00Z");
    undoLast(db, GUILD, bob.userId, new Date("2026-11-29T11:00:00Z"));
    ship(db, bob, "old", "2026-11-22T12:00:00Z");
    const now = new Date("2026-11-29T18:00:00Z");
    const post = weeklyLeaderboardPost(db, GUILD, "2026-11-29", now, { names: "mention" });
    expect(post.title).toBe("🏆 Weekly leaderboard");
    expect(post.description).toBe(
      [
        `*${closedWeek("2026-11-29").label}*`,
        "",
        "**Hours logged** · 2 members",
        "🥇 **1.** <@201> — 5 h",
        "🥇 **1.** <@202> — 5 h",
        "",
        "**Streaks**",
        "🥇 **1.** <@201> — 3 days",
        "",
        "**Shipped this week**",
        "• [api](https://api.example.com/) by <@201>",
      ].join("\n"),
    );
    // the Monday after, the same week is closed; the post writes bold stored names, as every post does
    const monday = weeklyLeaderboardPost(db, GUILD, "2026-11-30", new Date("2026-11-30T09:00:00Z"));
    expect(monday.title).toBe(post.title);
    expect(monday.description).toContain("🥇 **1.** **amy** — 5 h");
    expect(monday.description).toContain("• [api](https://api.example.com/) by **amy**");
    expect(monday.description).not.toMatch(/<@\d/);
  });

  it("reads the first projects and the week's count, and posts what every project would give", () => {
    const { db } = store();
    const at = "2026-11-26T12:00:00Z";
    const n = SHIPPED_READ_LIMIT + 30;
    for (let i = 0; i < n; i++) ship(db, ref(`m${i}`, String(10_000 + i)), "a", at, `p${i}`);
    // a removed project and one of the week after do not count
    ship(db, ref("late", "9999"), "late", "2026-11-30T12:00:00Z");
    ship(db, ref("gone", "9998"), "gone", at);
    undoLast(db, GUILD, "9998", new Date(at));
    const now = new Date("2026-11-29T18:00:00Z");
    const period = closedWeek("2026-11-29");
    const post = weeklyLeaderboardPost(db, GUILD, "2026-11-29", now);
    const every = formatWeeklyPost(
      {
        hours: leaderboard(db, { guildId: GUILD, metric: "hours", period, now, limit: 10 }),
        streak: leaderboard(db, { guildId: GUILD, metric: "streak", period, now, limit: 5 }),
        projects: shippedProjects(db, GUILD, period),
      },
      { names: "stored" },
    );
    expect(shippedProjects(db, GUILD, period)).toHaveLength(n);
    expect(post.description).toBe(every.description);
    expect(post.description).toMatch(/…and \d+ more$/);
  });

  it("stays within 4096 characters for a guild of 500 active members", () => {
    const { db } = store();
    const at = "2026-11-29T12:00:00Z";
    for (let i = 0; i < 500; i++) {
      const who = ref(`member number ${i} with a rather long display name`, String(10_000 + i));
      log(db, who, 1 + (i % 15), at);
      ship(db, who, `project-${i}-${"x".repeat(80)}`, at, `p${i}`);
    }
    const post = weeklyLeaderboardPost(db, GUILD, "2026-11-29", new Date("2026-11-29T18:00:00Z"));
    expect(post.description.length).toBeLessThanOrEqual(DESCRIPTION_LIMIT);
    const hoursLines = (post.description.split("\n\n")[1] ?? "").split("\n").slice(1);
    expect(hoursLines).toHaveLength(10);
    const streakLines = (post.description.split("\n\n")[2] ?? "").split("\n").slice(1);
    expect(streakLines).toHaveLength(5);
    expect(post.description).toMatch(/…and \d+ more$/);
    // the full board agrees with the post's top
    const lb = leaderboard(db, {
      guildId: GUILD,
      metric: "hours",
      period: closedWeek("2026-11-29"),
      now: new Date(at),
    });
    expect(lb.participants).toBe(500);
    expect(lb.top[0]?.score).toBe(15 * 60);
  });
});
