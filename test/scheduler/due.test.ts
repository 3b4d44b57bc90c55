import { describe, expect, it } from "vitest";
import {
  type AnyPostKind,
  type DueInput,
  duePosts,
  type GuildSchedule,
  latestOccurrence,
  nextOccurrence,
  type PostKind,
  postKey,
} from "../../src/scheduler/due";

const H = 60 * 60 * 1000;
const MIN = 60 * 1000;

function guild(overrides: Partial<GuildSchedule> = {}): GuildSchedule {
  return {
    guildId: "g1",
    timezone: "UTC",
    promptTime: 9 * 60,
    checkinTime: 10 * 60,
    checkinWeekday: 1,
    leaderboardTime: 18 * 60,
    leaderboardWeekday: 7,
    promptsChannelId: "c-prompts",
    checkinsChannelId: "c-checkins",
    leaderboardChannelId: "c-board",
    ...overrides,
  };
}

/** Only one kind has a channel, so assertions are about that kind alone. */
function only(kind: PostKind, overrides: Partial<GuildSchedule> = {}): GuildSchedule {
  return guild({
    promptsChannelId: kind === "prompt" ? "c-prompts" : null,
    checkinsChannelId: kind === "checkin" ? "c-checkins" : null,
    leaderboardChannelId: kind === "leaderboard" ? "c-board" : null,
    ...overrides,
  });
}

function decide(
  schedules: GuildSchedule[],
  now: string,
  extra: { settled?: Iterable<string>; lastFailure?: [string, string][]; graceMs?: number } = {},
) {
  const input: DueInput = {
    schedules,
    settled: new Set(extra.settled ?? []),
    lastFailure: new Map((extra.lastFailure ?? []).map(([k, t]) => [k, new Date(t)])),
    now: new Date(now),
  };
  if (extra.graceMs !== undefined) input.graceMs = extra.graceMs;
  return duePosts(input);
}

const summary = (occs: { guildId: string; kind: AnyPostKind; period: string; scheduledAt: Date }[]) =>
  occs.map((o) => ({ key: postKey(o), at: o.scheduledAt.toISOString() }));

describe("postKey", () => {
  it("joins guild, kind and period", () => {
    expect(postKey({ guildId: "g1", kind: "checkin", period: "2026-W48" })).toBe("g1|checkin|2026-W48");
  });
});

describe("a normal week (defaults, UTC)", () => {
  // 2026-11-23 is the Monday that starts ISO week 2026-W48.
  it("has nothing due before the first prompt of the week", () => {
    const d = decide([guild()], "2026-11-23T08:59:00Z", {
      settled: ["g1|prompt|2026-11-22", "g1|checkin|2026-W47", "g1|leaderboard|2026-W47"],
    });
    expect(d).toEqual({ due: [], expired: [] });
  });

  it("makes the prompt due at 09:00 with the local date as period", () => {
    const d = decide([only("prompt")], "2026-11-24T09:00:00Z");
    expect(d.expired).toEqual([]);
    expect(d.due).toEqual([
      {
        guildId: "g1",
        kind: "prompt",
        period: "2026-11-24",
        scheduledAt: new Date("2026-11-24T09:00:00Z"),
        localDate: "2026-11-24",
        channelId: "c-prompts",
      },
    ]);
  });

  it("makes the check-in due on Monday 10:00 with the ISO week as period", () => {
    expect(decide([only("checkin")], "2026-11-23T09:59:00Z").due).toEqual([]);
    const d = decide([only("checkin")], "2026-11-23T10:00:00Z");
    expect(summary(d.due)).toEqual([{ key: "g1|checkin|2026-W48", at: "2026-11-23T10:00:00.000Z" }]);
    expect(d.due[0]?.channelId).toBe("c-checkins");
    expect(d.due[0]?.localDate).toBe("2026-11-23");
  });

  it("makes the leaderboard due on Sunday 18:00 with that week as period", () => {
    expect(decide([only("leaderboard")], "2026-11-29T17:59:00Z").due).toEqual([]);
    const d = decide([only("leaderboard")], "2026-11-29T18:00:00Z");
    expect(summary(d.due)).toEqual([{ key: "g1|leaderboard|2026-W48", at: "2026-11-29T18:00:00.000Z" }]);
  });

  it("walks a whole week tick by tick and posts each key exactly once", () => {
    const settled = new Set<string>([
      "g1|prompt|2026-11-22",
      "g1|checkin|2026-W47",
      "g1|leaderboard|2026-W47",
    ]);
    const posted: string[] = [];
    const start = Date.parse("2026-11-23T00:00:00Z");
    for (let t = start; t < start + 7 * 24 * H; t += MIN) {
      const d = duePosts({ schedules: [guild()], settled, lastFailure: new Map(), now: new Date(t) });
      expect(d.expired).toEqual([]);
      for (const o of d.due) {
        const key = postKey(o);
        posted.push(`${key}@${new Date(t).toISOString()}`);
        settled.add(key);
      }
    }
    expect(posted).toEqual([
      "g1|prompt|2026-11-23@2026-11-23T09:00:00.000Z",
      "g1|checkin|2026-W48@2026-11-23T10:00:00.000Z",
      "g1|prompt|2026-11-24@2026-11-24T09:00:00.000Z",
      "g1|prompt|2026-11-25@2026-11-25T09:00:00.000Z",
      "g1|prompt|2026-11-26@2026-11-26T09:00:00.000Z",
      "g1|prompt|2026-11-27@2026-11-27T09:00:00.000Z",
      "g1|prompt|2026-11-28@2026-11-28T09:00:00.000Z",
      "g1|prompt|2026-11-29@2026-11-29T09:00:00.000Z",
      "g1|leaderboard|2026-W48@2026-11-29T18:00:00.000Z",
    ]);
  });
});

describe("restarts around the scheduled minute", () => {
  const key = "g1|prompt|2026-11-24";

  it("is not due just before the minute (yesterday's prompt is already settled)", () => {
    const d = decide([only("prompt")], "2026-11-24T08:59:59Z", { settled: ["g1|prompt|2026-11-23"] });
    expect(d).toEqual({ due: [], expired: [] });
  });

  it.each(["2026-11-24T09:00:00Z", "2026-11-24T09:00:30Z", "2026-11-24T09:05:00Z"])(
    "at %s: exactly one due while unsettled, none once settled",
    (now) => {
      expect(summary(decide([only("prompt")], now).due)).toEqual([{ key, at: "2026-11-24T09:00:00.000Z" }]);
      expect(decide([only("prompt")], now, { settled: [key] })).toEqual({ due: [], expired: [] });
    },
  );
});

describe("downtime and the grace window", () => {
  const key = "g1|prompt|2026-11-24";

  it("posts on return within the window", () => {
    const d = decide([only("prompt")], "2026-11-24T20:00:00Z"); // 11 h late
    expect(summary(d.due)).toEqual([{ key, at: "2026-11-24T09:00:00.000Z" }]);
    expect(d.expired).toEqual([]);
  });

  it("is still due at exactly 12 h (inclusive)", () => {
    const d = decide([only("prompt")], "2026-11-24T21:00:00Z");
    expect(summary(d.due).map((s) => s.key)).toEqual([key]);
    expect(d.expired).toEqual([]);
  });

  it("expires one minute past the window and is not due", () => {
    const d = decide([only("prompt")], "2026-11-24T21:01:00Z");
    expect(d.due).toEqual([]);
    expect(summary(d.expired)).toEqual([{ key, at: "2026-11-24T09:00:00.000Z" }]);
    // once the runner stores the skip, it is reported only once
    expect(decide([only("prompt")], "2026-11-24T21:02:00Z", { settled: [key] })).toEqual({
      due: [],
      expired: [],
    });
  });

  it("honours a custom grace window", () => {
    const d = decide([only("prompt")], "2026-11-24T10:00:01Z", { graceMs: H });
    expect(summary(d.expired).map((s) => s.key)).toEqual([key]);
  });

  it("only considers the current period, not older missed ones", () => {
    // down for three days: only today's prompt is considered
    const d = decide([only("prompt")], "2026-11-27T09:30:00Z");
    expect(summary(d.due).map((s) => s.key)).toEqual(["g1|prompt|2026-11-27"]);
    expect(d.expired).toEqual([]);
  });

  it("a late-evening prompt is still due after local midnight (yesterday's period)", () => {
    const g = only("prompt", { promptTime: 23 * 60 });
    const d = decide([g], "2026-11-25T02:00:00Z");
    expect(summary(d.due)).toEqual([{ key: "g1|prompt|2026-11-24", at: "2026-11-24T23:00:00.000Z" }]);
    expect(d.due[0]?.localDate).toBe("2026-11-24");
  });
});

describe("failure retry", () => {
  const key = "g1|prompt|2026-11-24";
  const now = "2026-11-24T10:00:00Z";

  it("waits when the last failure was 5 minutes ago", () => {
    const d = decide([only("prompt")], now, { lastFailure: [[key, "2026-11-24T09:55:00Z"]] });
    expect(d).toEqual({ due: [], expired: [] });
  });

  it("retries once 15 minutes have passed", () => {
    const d = decide([only("prompt")], now, { lastFailure: [[key, "2026-11-24T09:45:00Z"]] });
    expect(summary(d.due).map((s) => s.key)).toEqual([key]);
  });

  it("ignores failures of other keys", () => {
    const d = decide([only("prompt")], now, {
      lastFailure: [["g1|prompt|2026-11-23", "2026-11-24T09:59:00Z"]],
    });
    expect(summary(d.due).map((s) => s.key)).toEqual([key]);
  });

  it("stops retrying when the grace window ends", () => {
    const d = decide([only("prompt")], "2026-11-24T21:01:00Z", {
      lastFailure: [[key, "2026-11-24T20:30:00Z"]],
    });
    expect(d.due).toEqual([]);
    expect(summary(d.expired).map((s) => s.key)).toEqual([key]);
  });
});

describe("schedule or timezone changed mid-week", () => {
  it("a time moved to a few minutes ago is due at the next tick", () => {
    // Wednesday 14:00Z: the check-in moved to Wednesday 13:55
    const before = only("checkin");
    const settled = ["g1|checkin|2026-W47"];
    // under the old schedule W48's Monday check-in is 28 h old: past the window, not due
    expect(decide([before], "2026-11-25T14:00:00Z", { settled }).due).toEqual([]);
    const after = only("checkin", { checkinWeekday: 3, checkinTime: 13 * 60 + 55 });
    const d = decide([after], "2026-11-25T14:00:00Z", { settled });
    expect(summary(d.due)).toEqual([{ key: "g1|checkin|2026-W48", at: "2026-11-25T13:55:00.000Z" }]);
  });

  it("a time moved to later today is not due yet, and the settled key holds", () => {
    const g = only("prompt", { promptTime: 16 * 60 });
    const d = decide([g], "2026-11-25T14:00:00Z", { settled: ["g1|prompt|2026-11-24"] });
    expect(d).toEqual({ due: [], expired: [] });
  });

  it("a moved weekly time never posts the same week twice", () => {
    // checkin already posted Monday; moved to Thursday 09:00
    const g = only("checkin", { checkinWeekday: 4, checkinTime: 9 * 60 });
    const d = decide([g], "2026-11-26T09:01:00Z", { settled: ["g1|checkin|2026-W48"] });
    expect(d).toEqual({ due: [], expired: [] });
  });

  it("a new timezone takes effect at the next tick", () => {
    // 09:00 in Tokyo is 00:00Z; at 00:05Z a guild that just switched from UTC to Tokyo gets today's prompt
    const utc = only("prompt");
    const tokyo = only("prompt", { timezone: "Asia/Tokyo" });
    const settled = ["g1|prompt|2026-11-24"];
    expect(decide([utc], "2026-11-25T00:05:00Z", { settled }).due).toEqual([]);
    const d = decide([tokyo], "2026-11-25T00:05:00Z", { settled });
    expect(summary(d.due)).toEqual([{ key: "g1|prompt|2026-11-25", at: "2026-11-25T00:00:00.000Z" }]);
  });
});

describe("DST", () => {
  describe("America/New_York", () => {
    it("spring forward: 02:30 fires once at 03:30 EDT (07:30Z)", () => {
      const g = only("prompt", { timezone: "America/New_York", promptTime: 2 * 60 + 30 });
      const settled = new Set(["g1|prompt|2026-03-07"]);
      const fired: string[] = [];
      // from local midnight (05:00Z) to the next day's prompt time
      for (let t = Date.parse("2026-03-08T05:00:00Z"); t < Date.parse("2026-03-09T06:30:00Z"); t += MIN) {
        const d = duePosts({ schedules: [g], settled, lastFailure: new Map(), now: new Date(t) });
        for (const o of d.due) {
          fired.push(`${postKey(o)}@${new Date(t).toISOString()}=${o.scheduledAt.toISOString()}`);
          settled.add(postKey(o));
        }
      }
      expect(fired).toEqual(["g1|prompt|2026-03-08@2026-03-08T07:30:00.000Z=2026-03-08T07:30:00.000Z"]);
      expect(decide([g], "2026-03-08T07:29:59Z", { settled: ["g1|prompt|2026-03-07"] }).due).toEqual([]);
    });

    it("fall back: 01:30 fires at the first 01:30 (05:30Z) only", () => {
      const g = only("prompt", { timezone: "America/New_York", promptTime: 90 });
      expect(decide([g], "2026-11-01T05:29:00Z", { settled: ["g1|prompt|2026-10-31"] }).due).toEqual([]);
      expect(summary(decide([g], "2026-11-01T05:30:00Z").due)).toEqual([
        { key: "g1|prompt|2026-11-01", at: "2026-11-01T05:30:00.000Z" },
      ]);
      // second 01:30 (EST)
      expect(decide([g], "2026-11-01T06:30:00Z", { settled: ["g1|prompt|2026-11-01"] })).toEqual({
        due: [],
        expired: [],
      });
      const latest = latestOccurrence(g, "prompt", new Date("2026-11-01T06:30:00Z"));
      expect(latest.scheduledAt.toISOString()).toBe("2026-11-01T05:30:00.000Z");
      expect(latest.period).toBe("2026-11-01");
    });
  });

  describe("Europe/Berlin", () => {
    const g = only("prompt", { timezone: "Europe/Berlin", promptTime: 2 * 60 + 30 });

    it("spring forward 2026-03-29: 02:30 resolves to 03:30 CEST (01:30Z)", () => {
      expect(decide([g], "2026-03-29T01:29:00Z", { settled: ["g1|prompt|2026-03-28"] }).due).toEqual([]);
      expect(summary(decide([g], "2026-03-29T01:30:00Z").due)).toEqual([
        { key: "g1|prompt|2026-03-29", at: "2026-03-29T01:30:00.000Z" },
      ]);
    });

    it("fall back 2026-10-25: first 02:30 (00:30Z), nothing at the second (01:30Z)", () => {
      expect(summary(decide([g], "2026-10-25T00:30:00Z").due)).toEqual([
        { key: "g1|prompt|2026-10-25", at: "2026-10-25T00:30:00.000Z" },
      ]);
      expect(decide([g], "2026-10-25T01:30:00Z", { settled: ["g1|prompt|2026-10-25"] })).toEqual({
        due: [],
        expired: [],
      });
    });

    it("a weekly post on the DST Sunday keeps its ISO week", () => {
      const w = only("leaderboard", { timezone: "Europe/Berlin", leaderboardTime: 2 * 60 + 30 });
      const d = decide([w], "2026-03-29T02:00:00Z");
      expect(summary(d.due)).toEqual([{ key: "g1|leaderboard|2026-W13", at: "2026-03-29T01:30:00.000Z" }]);
    });
  });
});

describe("extreme offsets and week boundaries", () => {
  it("Kiritimati (UTC+14): Monday 10:00 check-in is Sunday 20:00Z with the local Monday's week", () => {
    const g = only("checkin", { timezone: "Pacific/Kiritimati" });
    const settled = ["g1|checkin|2026-W47"];
    expect(decide([g], "2026-11-22T19:59:00Z", { settled }).due).toEqual([]);
    const d = decide([g], "2026-11-22T20:00:00Z", { settled });
    expect(summary(d.due)).toEqual([{ key: "g1|checkin|2026-W48", at: "2026-11-22T20:00:00.000Z" }]);
    expect(d.due[0]?.localDate).toBe("2026-11-23");
  });

  it("Pago Pago (UTC−11): Sunday 18:00 leaderboard is Monday 05:00Z with the local Sunday's week", () => {
    const g = only("leaderboard", { timezone: "Pacific/Pago_Pago" });
    const settled = ["g1|leaderboard|2026-W47"];
    expect(decide([g], "2026-11-30T04:59:00Z", { settled }).due).toEqual([]);
    const d = decide([g], "2026-11-30T05:00:00Z", { settled });
    expect(summary(d.due)).toEqual([{ key: "g1|leaderboard|2026-W48", at: "2026-11-30T05:00:00.000Z" }]);
    expect(d.due[0]?.localDate).toBe("2026-11-29");
  });

  it("the same instant falls in different periods for different zones", () => {
    const kiri = only("prompt", { guildId: "east", timezone: "Pacific/Kiritimati" });
    const pago = only("prompt", { guildId: "west", timezone: "Pacific/Pago_Pago" });
    // 2026-11-24T20:00Z is 10:00 on the 25th in Kiritimati and 09:00 on the 24th in Pago Pago
    const d = decide([kiri, pago], "2026-11-24T20:00:00Z");
    expect(summary(d.due)).toEqual([
      { key: "east|prompt|2026-11-25", at: "2026-11-24T19:00:00.000Z" },
      { key: "west|prompt|2026-11-24", at: "2026-11-24T20:00:00.000Z" },
    ]);
  });
});

describe("year end", () => {
  it("Sunday 2027-01-03 leaderboard belongs to 2026-W53", () => {
    const d = decide([only("leaderboard")], "2027-01-03T18:00:00Z");
    expect(summary(d.due).map((s) => s.key)).toEqual(["g1|leaderboard|2026-W53"]);
  });

  it("the Monday 2027-01-04 check-in belongs to 2027-W01", () => {
    const d = decide([only("checkin")], "2027-01-04T10:00:00Z");
    expect(summary(d.due).map((s) => s.key)).toEqual(["g1|checkin|2027-W01"]);
  });

  it("the prompt on 2026-12-31 uses the date, and a check-in that week is 2026-W53", () => {
    expect(summary(decide([only("prompt")], "2026-12-31T09:00:00Z").due).map((s) => s.key)).toEqual([
      "g1|prompt|2026-12-31",
    ]);
    const g = only("checkin", { checkinWeekday: 4 });
    expect(summary(decide([g], "2026-12-31T10:00:00Z").due).map((s) => s.key)).toEqual([
      "g1|checkin|2026-W53",
    ]);
  });
});

describe("channels and many guilds", () => {
  it("a kind with no channel produces nothing, even past its grace window", () => {
    const g = guild({ promptsChannelId: null, checkinsChannelId: null, leaderboardChannelId: null });
    expect(decide([g], "2026-11-29T18:00:00Z")).toEqual({ due: [], expired: [] });
    expect(decide([g], "2026-11-30T12:00:00Z")).toEqual({ due: [], expired: [] });
  });

  it("decides each guild independently", () => {
    const schedules = [
      guild({ guildId: "a" }),
      guild({ guildId: "b", timezone: "America/New_York", promptTime: 4 * 60 }),
      guild({ guildId: "c", promptsChannelId: null }),
      guild({ guildId: "d", promptTime: 10 * 60 }),
      guild({ guildId: "e", timezone: "Not/AZone" }),
    ];
    // Tuesday 2026-11-24 09:30Z; New York is 04:30
    const d = decide(schedules, "2026-11-24T09:30:00Z", {
      settled: ["a|checkin|2026-W48", "c|checkin|2026-W48", "d|checkin|2026-W48"],
      lastFailure: [["a|prompt|2026-11-24", "2026-11-24T09:20:00Z"]],
    });
    expect(summary(d.due)).toEqual([{ key: "b|prompt|2026-11-24", at: "2026-11-24T09:00:00.000Z" }]);
    expect(d.expired.map(postKey)).toEqual([
      "a|leaderboard|2026-W47",
      "b|checkin|2026-W48",
      "b|leaderboard|2026-W47",
      "c|leaderboard|2026-W47",
      "d|prompt|2026-11-23",
      "d|leaderboard|2026-W47",
    ]);
  });

  it("handles a thousand guilds in a few zones", () => {
    const zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Pacific/Kiritimati"];
    const schedules = Array.from({ length: 1000 }, (_, i) =>
      only("prompt", { guildId: `g${i}`, timezone: zones[i % zones.length] ?? "UTC" }),
    );
    // due: UTC (09:00Z), Berlin (08:00Z), Tokyo (00:00Z); expired: New York (yesterday 14:00Z, 19 h)
    // and Kiritimati (the day before at 19:00Z, 14 h)
    const d = decide(schedules, "2026-11-24T09:00:00Z");
    expect(d.due).toHaveLength(600);
    expect(d.expired).toHaveLength(400);
    expect(d.expired.filter((o) => o.guildId === "g2")[0]?.period).toBe("2026-11-23");
    expect(new Set(d.due.map(postKey)).size).toBe(600);
  });

  it("never returns the same key twice in one decision", () => {
    const d = decide([only("prompt"), only("prompt")], "2026-11-24T09:00:00Z");
    expect(d.due).toHaveLength(1);
  });
});

describe("nextOccurrence", () => {
  it("is strictly after the given instant", () => {
    const g = guild();
    expect(nextOccurrence(g, "prompt", new Date("2026-11-24T08:59:00Z")).toISOString()).toBe(
      "2026-11-24T09:00:00.000Z",
    );
    expect(nextOccurrence(g, "prompt", new Date("2026-11-24T09:00:00Z")).toISOString()).toBe(
      "2026-11-25T09:00:00.000Z",
    );
  });

  it("steps over weeks", () => {
    const g = guild();
    expect(nextOccurrence(g, "checkin", new Date("2026-11-23T10:00:00Z")).toISOString()).toBe(
      "2026-11-30T10:00:00.000Z",
    );
    expect(nextOccurrence(g, "checkin", new Date("2026-11-23T09:00:00Z")).toISOString()).toBe(
      "2026-11-23T10:00:00.000Z",
    );
    expect(nextOccurrence(g, "leaderboard", new Date("2026-11-24T00:00:00Z")).toISOString()).toBe(
      "2026-11-29T18:00:00.000Z",
    );
    expect(nextOccurrence(g, "leaderboard", new Date("2026-12-31T00:00:00Z")).toISOString()).toBe(
      "2027-01-03T18:00:00.000Z",
    );
  });

  it("crosses DST changes in New York", () => {
    const g = guild({ timezone: "America/New_York", promptTime: 2 * 60 + 30 });
    // Saturday 02:30 EST → the Sunday gap resolves to 03:30 EDT → Monday 02:30 EDT
    expect(nextOccurrence(g, "prompt", new Date("2026-03-07T07:30:00Z")).toISOString()).toBe(
      "2026-03-08T07:30:00.000Z",
    );
    expect(nextOccurrence(g, "prompt", new Date("2026-03-08T07:30:00Z")).toISOString()).toBe(
      "2026-03-09T06:30:00.000Z",
    );
    const f = guild({ timezone: "America/New_York", promptTime: 90 });
    // after the first 01:30 on the fall-back day, the next is Monday 01:30 EST, not the repeated hour
    expect(nextOccurrence(f, "prompt", new Date("2026-11-01T05:30:00Z")).toISOString()).toBe(
      "2026-11-02T06:30:00.000Z",
    );
    // weekly across the change: Monday 10:00 EDT then Monday 10:00 EST
    expect(nextOccurrence(g, "checkin", new Date("2026-10-26T14:00:00Z")).toISOString()).toBe(
      "2026-11-02T15:00:00.000Z",
    );
  });

  it("crosses a week boundary in Kiritimati", () => {
    const g = guild({ timezone: "Pacific/Kiritimati" });
    expect(nextOccurrence(g, "checkin", new Date("2026-11-22T19:00:00Z")).toISOString()).toBe(
      "2026-11-22T20:00:00.000Z",
    );
  });
});

describe("latestOccurrence", () => {
  it("ignores channels and returns the occurrence at or before the instant", () => {
    const g = guild({ promptsChannelId: null });
    expect(latestOccurrence(g, "prompt", new Date("2026-11-24T09:00:00Z"))).toEqual({
      guildId: "g1",
      kind: "prompt",
      period: "2026-11-24",
      scheduledAt: new Date("2026-11-24T09:00:00Z"),
      localDate: "2026-11-24",
    });
    expect(latestOccurrence(g, "leaderboard", new Date("2026-11-29T17:59:00Z")).period).toBe("2026-W47");
  });
});
