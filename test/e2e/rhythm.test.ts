import { PermissionFlagsBits } from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkins, guilds, posts, scheduleState } from "../../src/db/tables";
import {
  type CallbackData,
  CHANNEL,
  EPHEMERAL,
  MANAGER_PERMISSIONS,
  NUMBER,
  opt,
  ROLE,
  STRING,
  sub,
} from "../../src/standin";
import { dayStamp } from "../../src/text/format";
import { buttonsOf, embedOf, type Harness, logLines, startHarness } from "./harness";

const GUILD = "800000000000000001";
const GENERAL = "810000000000000001";
const PROMPTS = "810000000000000002";
const CHECKINS = "810000000000000003";
const BOARD = "810000000000000004";
const LOCKED = "810000000000000005";
const MOD_ROLE = "820000000000000001";
const MOD_USER = "830000000000000001";
const MEMBER = "830000000000000002";

describe("the group rhythm, end to end: /config, scheduled posts, /checkin, /leaderboard, /prompt", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      // Saturday 2026-11-21, 20:00 UTC
      now: "2026-11-21T20:00:00Z",
      standin: {
        guilds: [
          {
            id: GUILD,
            name: "Backend Study",
            roles: [{ id: MOD_ROLE, name: "mods" }],
            channels: [
              { id: GENERAL, name: "general" },
              { id: PROMPTS, name: "daily-prompt" },
              { id: CHECKINS, name: "weekly-checkin" },
              { id: BOARD, name: "leaderboard" },
              {
                id: LOCKED,
                name: "announcements",
                overwrites: [
                  { id: GUILD, type: 0, allow: "0", deny: String(PermissionFlagsBits.SendMessages) },
                ],
              },
            ],
          },
        ],
      },
    });
  });
  afterEach(async () => {
    // no request the stand-in did not understand, in any test
    expect(h.standin.unhandled).toEqual([]);
    await h?.close();
  });

  const settings = async () => await h.bot.store.db.select().from(guilds);
  const mod = (options: unknown[]) =>
    h.standin.command({ name: "config", userId: MOD_USER, permissions: MANAGER_PERMISSIONS, options });
  const setup = [
    [sub("timezone", [opt("name", STRING, "Europe/Berlin")])],
    [sub("channel", [opt("kind", STRING, "prompts"), opt("channel", CHANNEL, PROMPTS)])],
    [sub("channel", [opt("kind", STRING, "checkins"), opt("channel", CHANNEL, CHECKINS)])],
    [sub("channel", [opt("kind", STRING, "leaderboard"), opt("channel", CHANNEL, BOARD)])],
    [sub("schedule", [opt("kind", STRING, "prompt"), opt("time", STRING, "08:30")])],
    [sub("mod-role", [opt("role", ROLE, MOD_ROLE)])],
  ];
  /** the server as a moderator configures it: Berlin time, three channels, prompt at 08:30, a mod role */
  const configure = async () => {
    for (const options of setup) await mod(options);
  };
  /** three members log build hours this week: 3, 5 (the moderator) and 3 */
  const logWeek = async () => {
    for (const [user, hours] of [
      [MEMBER, 3],
      [MOD_USER, 5],
      ["830000000000000003", 3],
    ] as const) {
      const r = await h.standin.command({
        name: "log",
        userId: user,
        options: [sub("hours", [opt("hours", NUMBER, hours), opt("kind", STRING, "build")])],
      });
      expect(r.callback.data?.flags ?? 0).toBe(0);
    }
  };

  it("refuses /config to a member without Manage Server, even though Discord delivered it", async () => {
    const before = await settings();
    for (const options of [[sub("show")], [sub("timezone", [opt("name", STRING, "Europe/Berlin")])]]) {
      const r = await h.standin.command({ name: "config", userId: MEMBER, options });
      expect(r.callback.data?.flags).toBe(EPHEMERAL);
      expect(r.callback.data?.content).toMatch(/Only moderators/);
    }
    expect(await settings()).toEqual(before);
  });

  it("refuses bad time zones, times, weekdays and a channel the bot cannot post in, changing nothing", async () => {
    const before = await settings();
    const cases: Array<[unknown[], RegExp]> = [
      [[sub("timezone", [opt("name", STRING, "Mars/Olympus")])], /Europe\/Berlin/],
      [[sub("schedule", [opt("kind", STRING, "prompt"), opt("time", STRING, "25:00")])], /HH:MM.*09:00/],
      [
        [
          sub("schedule", [
            opt("kind", STRING, "checkin"),
            opt("time", STRING, "10:00"),
            opt("weekday", STRING, "funday"),
          ]),
        ],
        /monday/,
      ],
      [
        [sub("channel", [opt("kind", STRING, "checkins"), opt("channel", CHANNEL, LOCKED)])],
        /missing Send Messages/,
      ],
      [[sub("commitment", [opt("days", 4, 400)])], /14 to 365/],
    ];
    for (const [options, message] of cases) {
      const r = await mod(options);
      expect(r.callback.data?.flags).toBe(EPHEMERAL);
      expect(r.callback.data?.content).toMatch(message);
    }
    expect(await settings()).toEqual(before);
  });

  it("a moderator configures the server in a few commands; /config show reports it", async () => {
    for (const options of setup) {
      const r = await mod(options);
      expect(r.callback.data?.flags).toBe(EPHEMERAL);
      expect(r.callback.data?.content).not.toMatch(/Sorry|Only moderators/);
    }
    expect((await settings())[0]).toMatchObject({
      timezone: "Europe/Berlin",
      promptTime: 510,
      promptsChannelId: PROMPTS,
      modRoleId: MOD_ROLE,
    });
    const show = await mod([sub("show")]);
    expect(show.callback.data?.content).toMatch(/Europe\/Berlin/);
    expect(show.callback.data?.content).toMatch(
      /Daily prompt: Daily at 08:30 in <#810000000000000002> · next <t:\d+:f>/,
    );
    expect(show.callback.data?.content).toMatch(/Weekly leaderboard: Sundays at 18:00/);
  });

  it("channel and schedule accept both spellings of a kind; replies read one way", async () => {
    const ch = await mod([
      sub("channel", [opt("kind", STRING, "checkin"), opt("channel", CHANNEL, CHECKINS)]),
    ]);
    expect(ch.callback.data?.content).toMatch(/Weekly check-ins will be posted in <#810000000000000003>/);
    const plural = await mod([
      sub("channel", [opt("kind", STRING, "prompts"), opt("channel", CHANNEL, PROMPTS)]),
    ]);
    expect(plural.callback.data?.content).toMatch(/Daily prompts will be posted/);
    const weekly = await mod([
      sub("schedule", [
        opt("kind", STRING, "checkins"),
        opt("time", STRING, "07:15"),
        opt("weekday", STRING, "friday"),
      ]),
    ]);
    expect(weekly.callback.data?.content).toBe("Weekly check-in: Fridays at 07:15 (UTC).");
    const daily = await mod([
      sub("schedule", [opt("kind", STRING, "prompts"), opt("time", STRING, "11:47")]),
    ]);
    expect(daily.callback.data?.content).toBe("Daily prompt: Daily at 11:47 (UTC).");
    expect((await settings())[0]).toMatchObject({
      checkinsChannelId: CHECKINS,
      promptsChannelId: PROMPTS,
      checkinTime: 435,
      checkinWeekday: 5,
      promptTime: 707,
    });
    const registered = JSON.stringify(h.standin.commandPuts.at(-1)?.body);
    const kindChoices = (name: string) => registered.slice(registered.indexOf(`"name":"${name}"`));
    expect(kindChoices("channel")).toContain(
      '"choices":[{"name":"prompt","value":"prompt"},{"name":"checkin"',
    );
    expect(kindChoices("schedule")).toContain(
      '"choices":[{"name":"prompt","value":"prompt"},{"name":"checkin"',
    );
  });

  it("/config preview shows a moderator a post as it would look now; nothing is claimed or posted", async () => {
    await configure();
    await logWeek();
    // each member's first hour is celebrated in the check-in channel; previews add nothing
    await h.standin.waitFor(() => h.standin.channelMessages.length === 3);
    const posted = h.standin.channelMessages.length;
    for (const kind of ["prompt", "checkin", "leaderboard"]) {
      const r = await mod([sub("preview", [opt("kind", STRING, kind)])]);
      expect(r.callback.data?.flags, kind).toBe(EPHEMERAL);
      expect(r.callback.data?.content, kind).toMatch(/Preview.*nothing was posted/);
      const body = `${r.callback.data?.content}${JSON.stringify(r.callback.data?.embeds ?? [])}`;
      expect(body.length, kind).toBeGreaterThan(120);
    }
    const checkin = await mod([sub("preview", [opt("kind", STRING, "checkin")])]);
    expect(JSON.stringify(checkin.callback.data?.embeds)).toMatch(/\d+ h/);
    const noCohort = await mod([sub("preview", [opt("kind", STRING, "cohort-checkin")])]);
    expect(noCohort.callback.data?.content).toMatch(/Name the cohort/);
    const byMember = await h.standin.command({
      name: "config",
      userId: MEMBER,
      options: [sub("preview", [opt("kind", STRING, "checkin")])],
    });
    expect(byMember.callback.data?.content).toMatch(/Only moderators/);
    expect(h.standin.channelMessages).toHaveLength(posted);
    expect(await h.bot.store.db.select().from(posts)).toEqual([]);
    expect(await h.bot.store.db.select().from(scheduleState)).toEqual([]);
  });

  it("the moderator role counts as moderator inside the bot", async () => {
    await configure();
    const r = await h.standin.command({
      name: "config",
      userId: MEMBER,
      roles: [MOD_ROLE],
      options: [sub("show")],
    });
    expect(r.callback.data?.content).toMatch(/Server settings/);
  });

  it("members check in, log and see the leaderboard", async () => {
    const ci = await h.standin.command({
      name: "checkin",
      userId: MEMBER,
      options: [opt("goals", STRING, "ship the auth flow @everyone"), opt("blockers", STRING, "CORS")],
    });
    expect(ci.callback.data?.flags ?? 0).toBe(0);
    expect(ci.callback.data?.allowed_mentions?.parse).toEqual([]);
    expect(ci.callback.data?.content).toContain(`checked in for the week of ${dayStamp("2026-11-16")}`);
    const empty = await h.standin.command({
      name: "checkin",
      userId: MEMBER,
      options: [opt("goals", STRING, "   ")],
    });
    expect(empty.callback.data?.flags).toBe(EPHEMERAL);
    expect(await h.bot.store.db.select().from(checkins)).toHaveLength(1);

    await logWeek();
    const lb = await h.standin.command({ name: "leaderboard", userId: MEMBER });
    const text = embedOf(lb.callback.data)?.description ?? "";
    expect(text).toMatch(/1\.\*\* .*830000000000000001/);
    expect(text.match(/\*\*2\.\*\*/g)).toHaveLength(2); // a tie shares rank 2
    expect(lb.callback.data?.allowed_mentions?.parse).toEqual([]);
  });

  it("/prompt shows today's prompt ephemerally and the same one the daily post will use", async () => {
    const r = await h.standin.command({ name: "prompt", userId: MEMBER });
    expect(r.callback.data?.flags).toBe(EPHEMERAL);
    expect(r.callback.data?.content).toMatch(/Today's prompt/);
    const bad = await h.standin.command({
      name: "prompt",
      userId: MEMBER,
      options: [opt("topic", STRING, "astrology")],
    });
    expect(bad.callback.data?.flags).toBe(EPHEMERAL);
    expect(bad.callback.data?.content).toMatch(/roadmap topics/);
  });

  it("posts the daily prompt at 08:30 Berlin time with a thread, exactly once across ticks and a restart", async () => {
    await configure();
    // Sunday 2026-11-22 08:29 Berlin = 07:29 UTC
    h.clock.set("2026-11-22T07:29:00Z");
    expect((await h.bot.scheduler.tick()).sent).toEqual([]);
    h.clock.set("2026-11-22T07:30:00Z");
    expect((await h.bot.scheduler.tick()).sent).toEqual([`${GUILD}|prompt|2026-11-22`]);
    const posted = h.standin.channelMessages.filter((m) => m.channelId === PROMPTS);
    expect(posted).toHaveLength(1);
    expect(h.standin.threads).toEqual([
      expect.objectContaining({ channelId: PROMPTS, messageId: posted[0]?.id }),
    ]);
    expect(posted[0]?.body).toMatchObject({ allowed_mentions: { parse: [] } });
    h.clock.set("2026-11-22T07:31:00Z");
    expect((await h.bot.scheduler.tick()).sent).toEqual([]);
    await h.restart();
    expect((await h.bot.scheduler.tick()).sent).toEqual([]);
    expect(h.standin.channelMessages.filter((m) => m.channelId === PROMPTS)).toHaveLength(1);
    expect(logLines(h, "scheduled post").filter((l) => l.outcome === "sent")).toHaveLength(1);
  });

  it("posts the weekly leaderboard for the week ending that Sunday", async () => {
    await configure();
    await logWeek();
    h.clock.set("2026-11-22T07:30:00Z"); // the day's prompt is out first
    expect((await h.bot.scheduler.tick()).sent).toEqual([`${GUILD}|prompt|2026-11-22`]);
    h.clock.set("2026-11-22T17:00:00Z"); // 18:00 Berlin
    expect((await h.bot.scheduler.tick()).sent).toEqual([`${GUILD}|leaderboard|2026-W47`]);
    const post = h.standin.channelMessages.find((m) => m.channelId === BOARD);
    const embed = (post?.body as { embeds?: Array<{ title: string; description: string }> } | undefined)
      ?.embeds?.[0];
    expect(embed?.description).toContain(`${dayStamp("2026-11-16")} – ${dayStamp("2026-11-22")}`);
    expect(embed?.description).toMatch(/5 h/);
    // every scheduled post carries the next action (SPEC §3.14)
    expect(buttonsOf(post?.body as CallbackData).map((b) => b.label)).toEqual(["Log time"]);
  });

  it("a check-in post Discord refuses (403 Missing Permissions) is recorded, shown by /config show, and retried", async () => {
    await configure();
    h.standin.failChannel(CHECKINS, 403, 50013, "Missing Permissions");
    h.clock.set("2026-11-23T09:00:00Z"); // Monday 10:00 Berlin
    const r = await h.bot.scheduler.tick();
    expect(r.failed).toEqual([`${GUILD}|checkin|2026-W48`]);
    const show = await mod([sub("show")]);
    expect(show.callback.data?.content).toMatch(/Weekly check-in: .*last: failed .*Missing Permissions/);
    h.standin.clearFailures();
    h.clock.set("2026-11-23T09:10:00Z");
    expect((await h.bot.scheduler.tick()).sent).toEqual([]);
    h.clock.set("2026-11-23T09:15:00Z");
    expect((await h.bot.scheduler.tick()).sent).toEqual([`${GUILD}|checkin|2026-W48`]);
    const post = h.standin.channelMessages.find((m) => m.channelId === CHECKINS);
    const text = JSON.stringify(post?.body);
    expect(text).toMatch(/checkin/);
    expect(text).not.toMatch(/<@\d/);
  });
});
