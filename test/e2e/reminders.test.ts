import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reminderSends, reminders } from "../../src/db/tables";
import { CHANNEL, EPHEMERAL, MANAGER_PERMISSIONS, NUMBER, opt, STRING, sub } from "../../src/standin";
import { buttonsOf, type Harness, startHarness } from "./harness";

const GUILD = "800000000000000041";
const GENERAL = "810000000000000041";
const CHECKINS = "810000000000000042";
const MOD = "830000000000000041";
const ANA = "830000000000000042";
const BEN = "830000000000000043";

describe("opt-in reminder DMs through the stand-in (SPEC §3.17)", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      now: "2026-11-16T09:00:00Z", // Monday, server in UTC
      standin: {
        guilds: [
          {
            id: GUILD,
            name: "Backend Study",
            channels: [
              { id: GENERAL, name: "general" },
              { id: CHECKINS, name: "weekly-checkin" },
            ],
          },
        ],
      },
    });
  });
  afterEach(async () => {
    expect(h.standin.unhandled).toEqual([]);
    await h?.close();
  });

  const as = (userId: string, name: string, options: unknown[] = [], permissions?: string) =>
    h.standin.command({
      name,
      userId,
      guildId: GUILD,
      channelId: GENERAL,
      options,
      ...(permissions ? { permissions } : {}),
    });
  const remind = (userId: string, options: unknown[]) => as(userId, "remind", options);
  const logHour = (userId: string) =>
    as(userId, "log", [sub("hours", [opt("hours", NUMBER, 1), opt("kind", STRING, "build")])]);
  /** one reminder pass at `at`, waiting until its DMs have left */
  const tickAt = async (at: string) => {
    h.clock.set(at);
    const tick = await h.bot.reminders.tick();
    await tick.delivered;
    return tick.queued;
  };
  const rows = async () => await h.bot.store.db.select().from(reminders);

  it("a bad time is a clear ephemeral error and stores nothing; /remind show reads the settings", async () => {
    const bad = await remind(ANA, [sub("daily", [opt("time", STRING, "25:00")])]);
    expect(bad.callback.data?.flags).toBe(EPHEMERAL);
    expect(bad.callback.data?.content).toMatch(/HH:MM.*20:00/);
    expect(await rows()).toEqual([]);
    const set = await remind(ANA, [sub("daily", [opt("time", STRING, "20:00")])]);
    expect(set.callback.data?.flags).toBe(EPHEMERAL);
    expect(set.callback.data?.content).toMatch(/DM you at 20:00/);
    const show = await remind(ANA, [sub("show")]);
    expect(show.callback.data?.flags).toBe(EPHEMERAL);
    expect(show.callback.data?.content).toMatch(/Daily\*\*: at 20:00.*\n\*\*Check-in\*\*: off/);
    const off = await remind(ANA, [sub("daily", [opt("time", STRING, "off")])]);
    expect(off.callback.data?.content).toMatch(/Daily reminder off/);
    expect(await tickAt("2026-11-16T20:00:00Z")).toBe(0);
    expect(h.standin.directMessages()).toEqual([]);
  });

  it("a daily DM goes out once at its time, only on a day with nothing logged", async () => {
    await remind(ANA, [sub("daily", [opt("time", STRING, "20:00")])]);
    await remind(BEN, [sub("daily", [opt("time", STRING, "20:00")])]);
    await logHour(BEN);
    expect(await tickAt("2026-11-16T19:59:00Z")).toBe(0);
    expect(await tickAt("2026-11-16T20:00:00Z")).toBe(1);
    expect(await tickAt("2026-11-16T20:01:00Z")).toBe(0);
    const dms = h.standin.directMessages();
    expect(dms.map((d) => d.userId)).toEqual([ANA]);
    const dm = dms[0]?.body;
    expect(dm?.content).toMatch(/Nothing logged today in \*\*Backend Study\*\*/);
    expect(dm?.enforce_nonce).toBe(true);
    expect(dm?.nonce).toMatch(/^rem\d+$/);
    expect(buttonsOf(dm)).toEqual([{ custom_id: `remind:log:${GUILD}`, label: "Log time" }]);
    // a restart does not send it again
    await h.restart();
    expect(await tickAt("2026-11-16T20:05:00Z")).toBe(0);
    // the next day Ana logs before 20:00 and gets no DM; Ben did not, and gets his first
    h.clock.set("2026-11-17T08:00:00Z");
    await logHour(ANA);
    expect(await tickAt("2026-11-17T20:00:00Z")).toBe(1);
    expect(h.standin.directMessages().map((d) => d.userId)).toEqual([ANA, BEN]);
    const sends = await h.bot.store.db.select().from(reminderSends);
    expect(sends.map((s) => [s.userId, s.period, s.status])).toEqual([
      [ANA, "2026-11-16", "sent"],
      [BEN, "2026-11-17", "sent"],
    ]);
  });

  it("closed DMs (50007) turn the reminder off, and the member's next command reply says why, once", async () => {
    await remind(ANA, [sub("daily", [opt("time", STRING, "20:00")])]);
    h.standin.closeDms(ANA);
    expect(await tickAt("2026-11-16T20:00:00Z")).toBe(1);
    expect(h.standin.directMessages()).toEqual([]);
    expect((await rows())[0]).toMatchObject({ enabled: false, nextDueAt: null, noticePending: true });
    h.clock.set("2026-11-17T09:00:00Z");
    const next = await logHour(ANA);
    await h.waitForLog("interaction", (l) => l.user === ANA && l.command === "log hours");
    expect(next.callback.data?.content).toMatch(/logged \*\*1 h/);
    const notice = next.followUps();
    expect(notice).toHaveLength(1);
    expect(notice[0]?.flags).toBe(EPHEMERAL);
    expect(notice[0]?.content).toMatch(/daily reminder is off: Discord would not let me DM you/);
    const after = await as(ANA, "help");
    await h.waitForLog("interaction", (l) => l.user === ANA && l.command === "help");
    expect(after.followUps()).toEqual([]);
    expect(await tickAt("2026-11-17T20:00:00Z")).toBe(0);
    const show = await remind(ANA, [sub("show")]);
    expect(show.callback.data?.content).toMatch(/Daily\*\*: off.*\n.*\n⚠️ Your daily reminder is off/);
  });

  it("the check-in DM goes 24 h after the weekly check-in, to members who have not checked in", async () => {
    await as(
      MOD,
      "config",
      [sub("channel", [opt("kind", STRING, "checkin"), opt("channel", CHANNEL, CHECKINS)])],
      MANAGER_PERMISSIONS,
    );
    await remind(ANA, [sub("checkin", [opt("state", STRING, "on")])]);
    await remind(BEN, [sub("checkin", [opt("state", STRING, "on")])]);
    h.clock.set("2026-11-16T10:00:00Z");
    expect((await h.bot.scheduler.tick()).sent).toHaveLength(1);
    h.clock.set("2026-11-16T12:00:00Z");
    await as(BEN, "checkin", [opt("goals", STRING, "ship the auth flow")]);
    expect(await tickAt("2026-11-17T09:59:00Z")).toBe(0);
    expect(await tickAt("2026-11-17T10:00:00Z")).toBe(1);
    expect(await tickAt("2026-11-17T10:01:00Z")).toBe(0);
    const dms = h.standin.directMessages();
    expect(dms.map((d) => d.userId)).toEqual([ANA]);
    expect(dms[0]?.body.content).toMatch(/weekly check-in in \*\*Backend Study\*\* has been out for a day/);
  });
});
