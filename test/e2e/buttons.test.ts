import { InteractionResponseType } from "discord-api-types/v10";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkins, cohortMembers, entries } from "../../src/db/tables";
import { OTHER_GUILD } from "../../src/discord/command";
import { OUTDATED } from "../../src/discord/custom-id";
import { logHours } from "../../src/logs/hours";
import {
  type CallbackData,
  CHANNEL,
  type ChannelMessage,
  EPHEMERAL,
  INTEGER,
  MANAGER_PERMISSIONS,
  opt,
  STRING,
  sub,
} from "../../src/standin";
import { buttonsOf, embedOf, type Harness, hoursForm, startHarness } from "./harness";

const GUILD = "800000000000000001";
const ELSEWHERE = "800000000000000002";
const GENERAL = "810000000000000001";
const PROMPTS = "810000000000000002";
const CHECKINS = "810000000000000003";
const AWAY = "810000000000000009";
const MOD = "830000000000000001";
const ANA = "830000000000000002";
const BEN = "830000000000000003";

describe("buttons and forms (SPEC §3.14), end to end through the stand-in", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      now: "2026-11-23T08:00:00Z", // Monday: prompt at 09:00, check-in at 10:00 (UTC defaults)
      standin: {
        guilds: [
          {
            id: GUILD,
            name: "Backend Study",
            channels: [
              { id: GENERAL, name: "general" },
              { id: PROMPTS, name: "daily-prompt" },
              { id: CHECKINS, name: "weekly-checkin" },
            ],
          },
          { id: ELSEWHERE, name: "Another server", channels: [{ id: AWAY, name: "general" }] },
        ],
      },
    });
  });
  afterEach(async () => {
    expect(h.standin.unhandled).toEqual([]);
    await h?.close();
  });

  const db = () => h.bot.store.db;
  const asMod = (name: string, options: unknown[]) =>
    h.standin.command({ name, userId: MOD, permissions: MANAGER_PERMISSIONS, options });
  /** the prompts and check-ins channels set, then the day's prompt and the week's check-in posted */
  const posts = async () => {
    await asMod("config", [
      sub("channel", [opt("kind", STRING, "prompts"), opt("channel", CHANNEL, PROMPTS)]),
    ]);
    await asMod("config", [
      sub("channel", [opt("kind", STRING, "checkins"), opt("channel", CHANNEL, CHECKINS)]),
    ]);
    h.clock.set("2026-11-23T09:00:00Z");
    await h.bot.scheduler.tick();
    h.clock.set("2026-11-23T10:00:00Z");
    await h.bot.scheduler.tick();
    const inChannel = (id: string) => h.standin.channelMessages.find((m) => m.channelId === id);
    return { prompt: inChannel(PROMPTS), checkin: inChannel(CHECKINS) };
  };
  const buttons = (m: ChannelMessage | undefined) => buttonsOf(m?.body as CallbackData | undefined);
  const press = (m: ChannelMessage | undefined, label: string, userId = ANA) => {
    const b = buttons(m).find((x) => x.label === label);
    if (!b || !m) throw new Error(`no ${label} button`);
    return h.standin.button({ customId: b.custom_id, messageId: m.id, channelId: m.channelId, userId });
  };
  const submit = (customId: string, fields: Record<string, string>, extra: Record<string, string> = {}) =>
    h.standin.modalSubmit({ customId, fields, userId: ANA, channelId: PROMPTS, ...extra });

  it("Log time on the daily prompt (an embed) opens the form; the form logs once, as /log hours does", async () => {
    const { prompt } = await posts();
    expect(prompt?.body.content).toBeUndefined();
    expect(embedOf(prompt?.body as CallbackData)?.title).toMatch(/Today's prompt/);
    expect(buttons(prompt).map((b) => b.label)).toEqual(["Log time"]);
    // once its thread exists, the post links to it (a thread started from a message has its id)
    const link = h.standin.message(prompt?.id ?? "")?.components?.[0];
    expect(JSON.stringify(link)).toContain(`"url":"https://discord.com/channels/${GUILD}/${prompt?.id}"`);
    expect(h.standin.threads.map((t) => t.id)).toEqual([prompt?.id]);

    const opened = await press(prompt, "Log time");
    expect(opened.callback.type).toBe(InteractionResponseType.Modal);
    const form = opened.callback.data;
    expect(form?.custom_id).toBe(`log:form:${GUILD}`);
    expect(form?.components).toHaveLength(5);

    const r = await submit(form?.custom_id ?? "", hoursForm({ kind: "Build", topic: "apis", note: "REST" }));
    expect(r.callback.data?.flags ?? 0).toBe(0);
    expect(r.callback.data?.content).toMatch(/logged \*\*1.5 h\*\* of build on \*\*apis\*\*/);
    expect(r.callback.data?.allowed_mentions).toMatchObject({ parse: [] });
    // the same submission delivered again stores nothing new (idempotent on its interaction id)
    await h.standin.modalSubmit({
      customId: form?.custom_id ?? "",
      fields: hoursForm({}),
      interactionId: r.interactionId,
    });
    const rows = await db().select().from(entries);
    expect(rows.map((e) => [e.userId, e.minutes, e.kind, e.topic, e.note])).toEqual([
      [ANA, 90, "build", "apis", "REST"],
    ]);
  });

  it("a form refuses what /log hours refuses, with the same clear ephemeral errors, and stores nothing", async () => {
    const id = `log:form:${GUILD}`;
    const cases: Array<[Record<string, string>, RegExp]> = [
      [hoursForm({ hours: "abc" }), /Hours must be a number/],
      [hoursForm({ hours: "20" }), /between 0.25 and 16/],
      [hoursForm({ kind: "maybe" }), /Kind must be `learn`/],
      [hoursForm({ note: "n".repeat(600) }), /at most 500 characters/],
      [hoursForm({ date: "2026-11-15" }), /more than 7 days ago/],
      [hoursForm({ topic: "cooking" }), /roadmap topics/],
      [{ hours: "1" }, /incomplete/],
    ];
    for (const [fields, message] of cases) {
      const r = await submit(id, fields);
      expect(r.callback.data?.flags).toBe(EPHEMERAL);
      expect(r.callback.data?.content).toMatch(message);
    }
    expect(await db().select().from(entries)).toEqual([]);
  });

  it("Check in and Log time on the weekly check-in post; the Check in form checks in", async () => {
    const { checkin } = await posts();
    expect(buttons(checkin).map((b) => b.label)).toEqual(["Check in", "Log time"]);
    const opened = await press(checkin, "Check in", BEN);
    expect(opened.callback.type).toBe(InteractionResponseType.Modal);
    expect(opened.callback.data?.custom_id).toBe(`checkin:form:${GUILD}`);
    const r = await submit(
      opened.callback.data?.custom_id ?? "",
      { goals: "finish the SQL joins chapter", blockers: "" },
      { userId: BEN, channelId: CHECKINS },
    );
    expect(r.callback.data?.content).toMatch(/checked in/);
    expect(r.callback.data?.content).toContain("finish the SQL joins chapter");
    expect((await db().select().from(checkins)).map((c) => [c.userId, c.goals])).toEqual([
      [BEN, "finish the SQL joins chapter"],
    ]);
    // goals over the command's limit are refused as /checkin refuses them
    const long = await submit(`checkin:form:${GUILD}`, { goals: "g".repeat(1001) }, { userId: BEN });
    expect(long.callback.data?.flags).toBe(EPHEMERAL);
  });

  it("Join on a cohort's announcement and on /cohort list; a second press says they are in already", async () => {
    const created = await asMod("cohort", [
      sub("create", [
        opt("name", STRING, "Spring backend"),
        opt("start", STRING, "2026-11-30"),
        opt("weeks", INTEGER, 4),
      ]),
    ]);
    const join = buttonsOf(created.callback.data).find((b) => b.label === "Join");
    expect(join?.custom_id).toMatch(/^cohort:join:/);
    const joined = await h.standin.button({
      customId: join?.custom_id ?? "",
      userId: ANA,
      channelId: GENERAL,
    });
    expect(joined.callback.data?.content).toMatch(/<@830000000000000002> joined \*\*Spring backend\*\*/);
    const again = await h.standin.button({
      customId: join?.custom_id ?? "",
      userId: ANA,
      channelId: GENERAL,
    });
    expect(again.callback.data?.flags).toBe(EPHEMERAL);
    expect(again.callback.data?.content).toMatch(/already in/);

    const list = await h.standin.command({ name: "cohort", userId: BEN, options: [sub("list")] });
    const fromList = buttonsOf(list.callback.data).find((b) => b.label === "Join Spring backend");
    await h.standin.button({ customId: fromList?.custom_id ?? "", userId: BEN, channelId: GENERAL });
    expect((await db().select().from(cohortMembers)).map((m) => m.userId).sort()).toEqual([ANA, BEN]);
  });

  it("buttons act only in their own guild, refuse forged and outdated ids, and work after a restart", async () => {
    const { prompt } = await posts();
    const logTime = buttons(prompt)[0]?.custom_id ?? "";
    // carried to another server (a forwarded message, a copied id): refused there, nothing stored
    const away = await h.standin.button({
      customId: logTime,
      guildId: ELSEWHERE,
      channelId: AWAY,
      userId: ANA,
    });
    expect(away.callback.data).toMatchObject({ flags: EPHEMERAL, content: OTHER_GUILD });
    const awayForm = await submit(`log:form:${GUILD}`, hoursForm({}), {
      guildId: ELSEWHERE,
      channelId: AWAY,
    });
    expect(awayForm.callback.data).toMatchObject({ flags: EPHEMERAL, content: OTHER_GUILD });
    // forged or from an older version
    for (const forged of ["log:time:abc", `log:time:${GUILD}:1`, `cohort:join:${GUILD}:0`]) {
      const r = await h.standin.button({ customId: forged, userId: ANA });
      expect(r.callback.data).toMatchObject({ flags: EPHEMERAL, content: OUTDATED });
    }
    const forgedForm = await submit("log:form:12345", hoursForm({}));
    expect(forgedForm.callback.data).toMatchObject({ flags: EPHEMERAL, content: OUTDATED });
    const gone = await h.standin.button({ customId: `cohort:join:${GUILD}:999`, userId: ANA });
    expect(gone.callback.data?.content).toMatch(/no longer exists/);
    expect(await db().select().from(entries)).toEqual([]);
    expect(await db().select().from(cohortMembers)).toEqual([]);
    // state lives in the custom id and the database: the same button works after a restart
    await h.restart();
    const opened = await press(prompt, "Log time");
    expect(opened.callback.type).toBe(InteractionResponseType.Modal);
  });

  it("/leaderboard pages of ten and periods: the caller's message updates, anyone else gets their own view", async () => {
    for (let i = 0; i < 12; i++) {
      const who = { guildId: GUILD, userId: `8400000000000000${10 + i}`, displayName: `learner ${i}` };
      await logHours(db(), who, `85000000000000${1000 + i}`, { hours: 1 + i, kind: "build" }, h.clock.now());
    }
    await logHours(
      db(),
      { guildId: GUILD, userId: BEN, displayName: "Ben" },
      "860000000000000001",
      { hours: 0.25, kind: "learn" },
      h.clock.now(),
    );
    const r = await h.standin.command({ name: "leaderboard", userId: ANA });
    const labels = buttonsOf(r.callback.data).map((b) => b.label);
    expect(labels).toEqual(["This week", "This month", "All time", "◀ Previous", "Next ▶"]);
    expect(embedOf(r.callback.data)?.footer?.text).toBe("Page 1 of 2");
    const next = buttonsOf(r.callback.data).find((b) => b.label === "Next ▶")?.custom_id ?? "";

    const mine = await h.standin.button({ customId: next, userId: ANA, messageId: r.interactionId });
    expect(mine.callback.type).toBe(InteractionResponseType.UpdateMessage);
    expect(embedOf(mine.callback.data)?.footer?.text).toBe("Page 2 of 2");
    expect(embedOf(mine.callback.data)?.description).toMatch(/\*\*11\.\*\*/);

    const theirs = await h.standin.button({ customId: next, userId: BEN, messageId: r.interactionId });
    expect(theirs.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(theirs.callback.data?.flags).toBe(EPHEMERAL);
    expect(embedOf(theirs.callback.data)?.description).toMatch(/<@830000000000000003> — 0.25 h/);
    // Ben's own view carries his id: his presses update his ephemeral message
    const month = buttonsOf(theirs.callback.data).find((b) => b.label === "This month")?.custom_id ?? "";
    expect(month).toContain(BEN);
    expect(embedOf(mine.callback.data)?.description).not.toMatch(/2026-\d\d-\d\d/);
  });
});
