import { describe, expect, it } from "vitest";
import { checkIn } from "../../src/checkins/checkin";
import { endCohort } from "../../src/cohorts/cohorts";
import { joinCohort } from "../../src/cohorts/membership";
import { cohortCheckinPost, cohortFinalReport } from "../../src/cohorts/posts";
import type { Store } from "../../src/db/client";
import { undoLast } from "../../src/logs/undo";
import {
  type EmbedPost,
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_TOTAL,
  MAX_EMBEDS,
  postSize,
} from "../../src/text/embeds";
import { CHECKIN_INVITATION, dayStamp } from "../../src/text/format";
import { GUILD, OTHER_GUILD, useStore } from "../helpers/store";
import { cohort, hours, MOD, noon, project, ref } from "./fixtures";

const ADA = ref("201", "Ada");
const BOB = ref("202", "Bob");
const CAROL = ref("203", "<@999> Carol");
const DAN = ref("204", "Dan"); // in the guild, not in the cohort

function expectWithinLimits(post: EmbedPost) {
  expect(post.embeds.length).toBeLessThanOrEqual(MAX_EMBEDS);
  for (const e of post.embeds) expect(e.description.length).toBeLessThanOrEqual(MAX_EMBED_DESCRIPTION);
  expect(postSize(post)).toBeLessThanOrEqual(MAX_EMBED_TOTAL);
}

const text = (post: EmbedPost) =>
  [post.title, ...post.embeds.map((e) => `## ${e.title ?? ""}\n${e.description}`)].join("\n");

/** A 4-week cohort from Monday 2026-03-02. */
async function seed(s: Store) {
  const c = await cohort(s, { start: "2026-03-02", weeks: 4 }, noon("2026-02-25"));
  for (const who of [ADA, BOB, CAROL]) await joinCohort(s.db, GUILD, c.name, who, noon("2026-02-25"));
  // Week 2 (03-09 … 03-15): Ada 3 h (2 h build) and a project; Bob 1 h learn; Carol nothing.
  await hours(s, ADA, "2026-03-09", 1, "learn");
  await hours(s, ADA, "2026-03-14", 1, "build");
  await hours(s, ADA, "2026-03-15", 1, "build");
  await project(s, ADA, "2026-03-12", "url-shortener", "https://short.example.com");
  await hours(s, BOB, "2026-03-10", 1, "learn");
  await hours(s, BOB, "2026-03-11", 5, "build");
  await undoLast(s.db, GUILD, BOB.userId, noon("2026-03-11"));
  await checkIn(s.db, ADA, { goals: "joins" }, noon("2026-03-09"));
  await checkIn(s.db, BOB, { goals: "next week" }, noon("2026-03-16"));
  await hours(s, DAN, "2026-03-10", 8, "build");
  await hours(s, ref(ADA.userId, "Ada", OTHER_GUILD), "2026-03-10", 8, "build");
  return c;
}

describe("cohortCheckinPost", () => {
  const store = useStore();

  it("opens week N of M with last cohort week's numbers for the cohort's members only", async () => {
    const s = store();
    const c = await seed(s);
    const post = await cohortCheckinPost(s.db, c, "2026-03-16", new Date("2026-03-16T10:00:00Z"));
    // one week number per post, the one it is about, said plainly (issue 10 §6)
    expect(post.title).toBe("Spring backend — Week 2 wrap-up · Week 3 starts now");
    expectWithinLimits(post);
    expect(post.embeds[0]).toEqual({
      title: "Wrap-up",
      description: [
        `${dayStamp("2026-03-09")} – ${dayStamp("2026-03-15")}`,
        "**Cohort totals:** 4 h logged · 2 of 3 members active · 1 project shipped",
        "",
        CHECKIN_INVITATION,
      ].join("\n"),
    });
    expect(text(post)).not.toMatch(/Week \d+ of|\d{4}-\d{2}-\d{2}/);
    expect(post.embeds[1]).toEqual({
      title: "Members",
      description: [
        "**Ada** — 3 h · 67% build · streak 2 d · 1 project shipped · check-in ✅",
        "**Bob** — 1 h · 0% build · streak 0 d · check-in —",
        "**<\u200b@\u200b999\\> Carol** — 0 h · no hours · streak 0 d · check-in —",
      ].join("\n"),
    });
    // Carol logged nothing in the 7 days up to the post day; Bob's 03-10 hour is within them.
    expect(post.embeds[2]).toEqual({
      title: "No hours in the last 7 days",
      description: "• **<\u200b@\u200b999\\> Carol**",
    });
    expect(post.embeds).toHaveLength(3);
    expect(text(post)).not.toContain("Dan");
  });

  it("welcomes the cohort in week 1, with nothing to summarise yet", async () => {
    const s = store();
    const c = await seed(s);
    const post = await cohortCheckinPost(s.db, c, "2026-03-02", noon("2026-03-02"));
    expect(post.title).toBe("Spring backend — Week 1 starts now");
    expect(post.embeds).toHaveLength(1);
    expect(post.embeds[0]?.description).toContain(
      `runs 4 weeks, ${dayStamp("2026-03-02")} – ${dayStamp("2026-03-29")}, with 3 members.`,
    );
    expect(post.embeds[0]?.description).toContain("/checkin");
  });

  it("stays within Discord's limits for a big cohort with long names", async () => {
    const s = store();
    const c = await cohort(s, { start: "2026-03-02", weeks: 12 }, noon("2026-02-25"));
    for (let i = 0; i < 400; i++) {
      const who = ref(String(10_000 + i), `${"*_~".repeat(10)}${i}`);
      await joinCohort(s.db, GUILD, c.name, who, noon("2026-02-25"));
      if (i % 2 === 0) await hours(s, who, "2026-03-10", 1 + (i % 5), "build");
    }
    const post = await cohortCheckinPost(s.db, c, "2026-03-16", noon("2026-03-16"));
    expectWithinLimits(post);
    expect(text(post)).toMatch(/…and \d+ more/);
  });
});

describe("cohortFinalReport", () => {
  const store = useStore();

  it("reports totals, build share, projects with URLs and members who checked in every week", async () => {
    const s = store();
    const c = await cohort(s, { start: "2026-03-02", weeks: 2 }, noon("2026-02-25"));
    for (const who of [ADA, BOB, CAROL]) await joinCohort(s.db, GUILD, c.name, who, noon("2026-02-25"));
    await hours(s, ADA, "2026-03-02", 2, "learn");
    await hours(s, ADA, "2026-03-10", 4, "build");
    await hours(s, BOB, "2026-03-05", 2, "build");
    await project(s, ADA, "2026-02-27", "too-early", "https://early.example.com");
    await project(s, ADA, "2026-03-08", "url-shortener", "https://short.example.com/");
    await project(s, BOB, "2026-03-12", "Todo *API*", "https://todo.example.com/app");
    await project(s, BOB, "2026-03-13", "oops", "https://oops.example.com");
    await undoLast(s.db, GUILD, BOB.userId, noon("2026-03-13"));
    await hours(s, BOB, "2026-03-16", 9, "build"); // after the run
    await project(s, DAN, "2026-03-12", "not-in-cohort", "https://dan.example.com");
    for (const day of ["2026-03-02", "2026-03-09"]) await checkIn(s.db, ADA, { goals: "g" }, noon(day));
    await checkIn(s.db, BOB, { goals: "g" }, noon("2026-03-02"));

    const post = await cohortFinalReport(s.db, c, noon("2026-03-16"));
    expectWithinLimits(post);
    expect(post.title).toBe("Spring backend — final report");
    // what the group achieved leads (issue 10 §6)
    expect(post.embeds.map((e) => e.title)).toEqual([
      "What the group achieved",
      "Shipped during the run",
      "Hours by member",
      "Checked in every week (2 weeks)",
    ]);
    expect(post.embeds[0]?.description.split("\n").slice(0, 3)).toEqual([
      "**8 h** logged by 2 of 3 members · 75% build · **2 projects** shipped",
      "1 member checked in every week",
      `Ran 2 weeks, ${dayStamp("2026-03-02")} – ${dayStamp("2026-03-15")}.`,
    ]);
    expect(post.embeds[2]?.description).toBe(
      ["1. **Ada** — 6 h (67% build) · 1 project", "2. **Bob** — 2 h (100% build) · 1 project"].join("\n"),
    );
    expect(post.embeds[1]?.description).toBe(
      [
        "• **url-shortener** by **Ada** — <https://short.example.com/>",
        "• **Todo \\*API\\*** by **Bob** — <https://todo.example.com/app>",
      ].join("\n"),
    );
    expect(post.embeds[3]?.description).toBe("• **Ada**");
  });

  it("stops at the day a cohort was ended early", async () => {
    const s = store();
    const c = await seed(s);
    const ended = await endCohort(s.db, GUILD, c.name, MOD, noon("2026-03-11"));
    const post = await cohortFinalReport(s.db, ended, noon("2026-03-11"));
    expect(post.embeds[0]?.description).toContain(
      `Ran ${dayStamp("2026-03-02")} – ${dayStamp("2026-03-11")}: ended early, in week 2 of 4.`,
    );
    // Ada's 03-14 and 03-15 hours and Bob's (removed) 03-11 entry do not count.
    expect(post.embeds[0]?.description).toContain("**2 h** logged by 2 of 3 members · 0% build");
    // nobody checked in every week: no gloomy last line, no empty section (issue 10 §6)
    expect(text(post)).not.toMatch(/Nobody checked in|checked in every week/);
  });

  it("never exceeds Discord's limits, cutting long lists", async () => {
    const s = store();
    const c = await cohort(s, { start: "2026-03-02", weeks: 2 }, noon("2026-02-25"));
    for (let i = 0; i < 120; i++) {
      const who = ref(String(10_000 + i), `member ${i} ${"x".repeat(30)}`);
      await joinCohort(s.db, GUILD, c.name, who, noon("2026-02-25"));
      await hours(s, who, "2026-03-03", 1, "build");
      await project(
        s,
        who,
        "2026-03-04",
        `project-${i}-${"p".repeat(80)}`,
        `https://example.com/${"a".repeat(1500)}/${i}`,
      );
      await checkIn(s.db, who, { goals: "g" }, noon("2026-03-03"));
      await checkIn(s.db, who, { goals: "g" }, noon("2026-03-10"));
    }
    const post = await cohortFinalReport(s.db, c, noon("2026-03-20"));
    expectWithinLimits(post);
    expect(post.embeds[0]?.description).toContain("120 of 120 members");
    const all = text(post);
    expect(all).toContain("Shipped during the run");
    expect(all).toMatch(/…and \d+ more/);
  });
});
