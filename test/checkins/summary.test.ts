import { describe, expect, it } from "vitest";
import { isBigGuild, SUMMARY_ABOVE, weeklySummaryData } from "../../src/checkins/summary";
import { renderWeeklyCheckin, weeklyCheckinData, weeklyCheckinPost } from "../../src/checkins/weekly";
import { openStore } from "../../src/db/client";
import { seedDatabase } from "../../src/seed/seed";
import { MAX_EMBED_TOTAL, postSize } from "../../src/text/embeds";

const GUILD = "100000000000000001";
const NOW = new Date("2026-11-23T10:00:00Z");
const POST_DAY = "2026-11-23";

describe("weekly check-in of a big guild", () => {
  it("summarises above the threshold with the same numbers as the full data, within Discord's limits", () => {
    const store = openStore(":memory:");
    seedDatabase(store, { guildId: GUILD, members: 400, entries: 8000, days: 40, now: NOW, smallGuilds: 1 });
    expect(isBigGuild(store.db, GUILD)).toBe(true);
    const full = weeklyCheckinData(store.db, GUILD, POST_DAY, NOW);
    const summary = weeklySummaryData(store.db, GUILD, POST_DAY, NOW);
    const post = weeklyCheckinPost(store.db, GUILD, POST_DAY, NOW);
    store.close();

    expect(full.active.length).toBeGreaterThan(SUMMARY_ABOVE);
    expect(summary.totals).toEqual(full.totals);
    expect(summary.quiet).toBe(full.quiet.length);
    expect(summary.checkedIn).toBe(full.active.filter((a) => a.checkedIn).length);
    expect(summary.top.map((t) => t.minutes)).toEqual(full.active.slice(0, 10).map((a) => a.minutes));
    const byName = new Map(full.active.map((a) => [a.displayName, a]));
    for (const t of summary.top) expect(t).toEqual(byName.get(t.displayName));

    expect(post.title).toBe(renderWeeklyCheckin(full).title);
    expect(post.embeds.map((e) => e.title)).toEqual(["Last week", "Everyone", "Top 10 by hours"]);
    expect(post.embeds[2]?.description.split("\n")).toHaveLength(10);
    expect(post.embeds[1]?.description).toContain(
      `${summary.quiet} members have logged no hours in the last 7 days`,
    );
    expect(postSize(post)).toBeLessThanOrEqual(MAX_EMBED_TOTAL);
  });

  it("counts quiet members as the full post does when members logged after the post day", () => {
    const store = openStore(":memory:");
    seedDatabase(store, { guildId: GUILD, members: 400, entries: 8000, days: 40, now: NOW });
    // A post a week back: most members' latest day is after it, so each needs a look at their days.
    const earlier = "2026-11-16";
    const full = weeklyCheckinData(store.db, GUILD, earlier, NOW);
    const summary = weeklySummaryData(store.db, GUILD, earlier, NOW);
    const ahead = store.sqlite
      .prepare("select count(*) from member_totals where guild_id = ? and last_day > ?")
      .pluck()
      .get(GUILD, earlier);
    store.close();
    expect(ahead).toBeGreaterThan(SUMMARY_ABOVE);
    expect(full.quiet.length).toBeGreaterThan(0);
    expect(summary.quiet).toBe(full.quiet.length);
    expect(summary.totals).toEqual(full.totals);
    expect(summary.checkedIn).toBe(full.active.filter((a) => a.checkedIn).length);
  });

  it("keeps the full post for a small guild", () => {
    const store = openStore(":memory:");
    seedDatabase(store, { guildId: GUILD, members: 20, entries: 800, days: 40, now: NOW });
    expect(isBigGuild(store.db, GUILD)).toBe(false);
    const post = weeklyCheckinPost(store.db, GUILD, POST_DAY, NOW);
    store.close();
    expect(post.embeds.map((e) => e.title)).toContain("Active members");
  });
});
