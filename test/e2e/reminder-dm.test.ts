import { InteractionResponseType } from "discord-api-types/v10";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { entries } from "../../src/db/tables";
import { EPHEMERAL, NUMBER, opt, STRING, sub } from "../../src/standin";
import { type Harness, hoursForm, startHarness } from "./harness";

const GUILD = "800000000000000051";
const GENERAL = "810000000000000051";
const OTHER = "800000000000000052";
const OTHER_GENERAL = "810000000000000052";
const ANA = "830000000000000052";
const BEN = "830000000000000053";

describe("a reminder DM's Log time button logs into the reminder's server (SPEC §3.17)", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      now: "2026-11-16T09:00:00Z", // Monday, servers in UTC
      standin: {
        guilds: [
          { id: GUILD, name: "Backend Study", channels: [{ id: GENERAL, name: "general" }] },
          { id: OTHER, name: "Frontend Study", channels: [{ id: OTHER_GENERAL, name: "general" }] },
        ],
      },
    });
  });
  afterEach(async () => {
    expect(h.standin.unhandled).toEqual([]);
    await h?.close();
  });

  const rows = async () => await h.bot.store.db.select().from(entries);
  /** Ana opts in to a daily reminder in GUILD (Ben in OTHER) and gets her DM at 20:00 */
  const reminderDm = async () => {
    for (const [userId, guildId] of [
      [ANA, GUILD],
      [BEN, OTHER],
    ] as const) {
      await h.standin.command({
        name: "remind",
        userId,
        guildId,
        options: [sub("daily", [opt("time", STRING, "20:00")])],
      });
    }
    // Ana also logs in OTHER once (a member there, but with no reminder there)
    await h.standin.command({
      name: "log",
      userId: ANA,
      guildId: OTHER,
      options: [sub("hours", [opt("hours", NUMBER, 1), opt("kind", STRING, "learn")])],
    });
    h.clock.set("2026-11-16T20:00:00Z");
    const tick = await h.bot.reminders.tick();
    await tick.delivered;
    const dm = h.standin.directMessages(ANA)[0];
    if (!dm) throw new Error("no reminder DM");
    return dm;
  };
  const inDm = (dm: { id: string }, customId: string, fields?: Record<string, string>) =>
    fields
      ? h.standin.modalSubmit({ customId, messageId: dm.id, userId: ANA, fields })
      : h.standin.button({ customId, messageId: dm.id, userId: ANA });

  it("the button opens the Log time form; submitting it logs into the reminder's server and replies", async () => {
    const dm = await reminderDm();
    const opened = await inDm(dm, `remind:log:${GUILD}`);
    expect(opened.callback.type).toBe(InteractionResponseType.Modal);
    expect(opened.callback.data?.custom_id).toBe(`log:form:${GUILD}`);
    expect(opened.callback.data?.title).toBe("Log time");
    expect(opened.callback.data?.components).toHaveLength(5);

    const r = await inDm(dm, `log:form:${GUILD}`, hoursForm({ topic: "apis", note: "REST" }));
    expect(r.callback.data?.flags ?? 0).toBe(0);
    expect(r.callback.data?.content).toMatch(/logged \*\*1.5 h\*\* of build on \*\*apis\*\*/);
    expect(r.callback.data?.allowed_mentions).toMatchObject({ parse: [] });
    expect((await rows()).map((e) => [e.guildId, e.userId, e.minutes, e.kind, e.topic, e.note])).toEqual([
      [OTHER, ANA, 60, "learn", null, null],
      [GUILD, ANA, 90, "build", "apis", "REST"],
    ]);
    await h.waitForLog("interaction", (l) => l.user === ANA && l.command === "form log:form");
  });

  it("a forged button or form for a server where the presser has no reminder is refused; nothing stored", async () => {
    const dm = await reminderDm();
    const before = await rows();
    for (const r of [
      await inDm(dm, `remind:log:${OTHER}`),
      await inDm(dm, `log:form:${OTHER}`, hoursForm({})),
    ]) {
      expect(r.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(r.callback.data?.flags).toBe(EPHEMERAL);
      expect(r.callback.data?.content).toMatch(/belongs to a reminder you did not set up in that server/);
    }
    const gone = await inDm(dm, "remind:log:800000000000000099");
    expect(gone.callback.data?.flags).toBe(EPHEMERAL);
    expect(gone.callback.data?.content).toMatch(/no longer in the server this reminder came from/);
    // in a server, the id's server must still be that server
    const elsewhere = await h.standin.button({
      customId: `remind:log:${OTHER}`,
      userId: ANA,
      guildId: GUILD,
    });
    expect(elsewhere.callback.data?.flags).toBe(EPHEMERAL);
    expect(elsewhere.callback.data?.content).toMatch(/belongs to another server/);
    expect(await rows()).toEqual(before);
  });

  it("a bad value in the form gets the form's usual error and stores nothing", async () => {
    const dm = await reminderDm();
    const before = await rows();
    const r = await inDm(dm, `log:form:${GUILD}`, hoursForm({ hours: "abc" }));
    expect(r.callback.data?.flags).toBe(EPHEMERAL);
    expect(r.callback.data?.content).toMatch(/Hours must be a number/);
    expect(await rows()).toEqual(before);
  });
});
