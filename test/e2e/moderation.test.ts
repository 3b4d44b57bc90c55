import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkins, entries, members, stackHistory } from "../../src/db/tables";
import { EPHEMERAL, INTEGER, MANAGER_PERMISSIONS, NUMBER, opt, STRING, sub, USER } from "../../src/standin";
import { buttonsOf, fieldOf, type Harness, startHarness } from "./harness";

const GUILD_A = "800000000000000011";
const GUILD_B = "800000000000000012";
const CHANNEL_A = "810000000000000011";
const CHANNEL_B = "810000000000000012";
const MEMBER = "830000000000000011";
const OTHER = "830000000000000012";
const MOD_A = "830000000000000013";
const MOD_B = "830000000000000014";

describe("/mod and /privacy end to end", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      standin: {
        guilds: [
          { id: GUILD_A, channels: [{ id: CHANNEL_A, name: "general" }] },
          { id: GUILD_B, channels: [{ id: CHANNEL_B, name: "general" }] },
        ],
      },
    });
  });
  afterEach(async () => {
    // no request the stand-in did not understand, in any test
    expect(h.standin.unhandled).toEqual([]);
    await h?.close();
  });

  const rows = async () => await h.bot.store.db.select().from(entries);
  const logHours = (userId: string, hours: number, guildId = GUILD_A, channelId = CHANNEL_A) =>
    h.standin.command({
      name: "log",
      userId,
      guildId,
      channelId,
      options: [
        sub("hours", [
          opt("hours", NUMBER, hours),
          opt("kind", STRING, "build"),
          opt("note", STRING, "@everyone look"),
        ]),
      ],
    });

  const logThree = async () => {
    await logHours(MEMBER, 2);
    await logHours(MEMBER, 3);
    await logHours(MEMBER, 1, GUILD_B, CHANNEL_B);
    return await rows();
  };
  const removeAsModA = (id: number | undefined, reason: string) =>
    h.standin.command({
      name: "mod",
      userId: MOD_A,
      guildId: GUILD_A,
      channelId: CHANNEL_A,
      permissions: MANAGER_PERMISSIONS,
      options: [sub("remove", [opt("id", INTEGER, id), opt("reason", STRING, reason)])],
    });
  /** the member logged twice in guild A (one entry removed by a moderator) and once in guild B */
  const moderatedMember = async () => {
    const [first] = await logThree();
    await removeAsModA(first?.id, "duplicate");
  };

  it("lists and removes entries only for moderators, only in their guild", async () => {
    const [first, second, elsewhere] = await logThree();

    const denied = await h.standin.command({
      name: "mod",
      userId: OTHER,
      guildId: GUILD_A,
      channelId: CHANNEL_A,
      options: [sub("entries", [opt("member", USER, MEMBER)])],
    });
    expect(denied.callback.data?.flags).toBe(EPHEMERAL);
    expect(denied.callback.data?.content).toMatch(/Only moderators/);

    const list = await h.standin.command({
      name: "mod",
      userId: MOD_A,
      guildId: GUILD_A,
      channelId: CHANNEL_A,
      permissions: MANAGER_PERMISSIONS,
      options: [sub("entries", [opt("member", USER, MEMBER)])],
    });
    expect(list.callback.data?.flags).toBe(EPHEMERAL);
    expect(list.callback.data?.content).toContain(`#${second?.id}`);
    expect(list.callback.data?.content).toContain(`#${first?.id}`);
    expect(list.callback.data?.content).not.toContain(`#${elsewhere?.id} `);
    expect(list.callback.data?.allowed_mentions?.parse).toEqual([]);

    const byMember = await h.standin.command({
      name: "mod",
      userId: OTHER,
      guildId: GUILD_A,
      channelId: CHANNEL_A,
      options: [sub("remove", [opt("id", INTEGER, first?.id), opt("reason", STRING, "spam")])],
    });
    expect(byMember.callback.data?.content).toMatch(/Only moderators/);

    // a moderator of guild B cannot reach guild A's entry
    const crossGuild = await h.standin.command({
      name: "mod",
      userId: MOD_B,
      guildId: GUILD_B,
      channelId: CHANNEL_B,
      permissions: MANAGER_PERMISSIONS,
      options: [sub("remove", [opt("id", INTEGER, first?.id), opt("reason", STRING, "spam")])],
    });
    expect(crossGuild.callback.data?.flags).toBe(EPHEMERAL);
    expect(crossGuild.callback.data?.content).toMatch(new RegExp(`No entry #${first?.id} in this server`));
    expect((await rows()).every((e) => e.removedAt === null)).toBe(true);

    const removed = await removeAsModA(first?.id, "duplicate");
    expect(removed.callback.data?.content).toMatch(/Removed #\d+/);
    expect((await rows()).find((e) => e.id === first?.id)).toMatchObject({
      removedBy: MOD_A,
      removedReason: "duplicate",
    });

    const profile = await h.standin.command({
      name: "profile",
      userId: MEMBER,
      guildId: GUILD_A,
      channelId: CHANNEL_A,
    });
    expect(fieldOf(await profile.final(), "This week")).toBe("3 h · build 100%");
  });

  it("/privacy export sends the member's own data as a JSON attachment, ephemerally", async () => {
    await moderatedMember();
    const r = await h.standin.command({
      name: "privacy",
      userId: MEMBER,
      guildId: GUILD_A,
      channelId: CHANNEL_A,
      options: [sub("export")],
    });
    expect(r.callback.data?.flags).toBe(EPHEMERAL);
    expect(r.files).toHaveLength(1);
    const data = JSON.parse(r.files[0]?.data.toString("utf8") ?? "{}");
    expect(data).toMatchObject({ guild_id: GUILD_A, user_id: MEMBER });
    expect(data.entries).toHaveLength(2);
  });

  it("/privacy delete asks to confirm with a button only that member can press, then erases only their data here", async () => {
    await moderatedMember();
    await h.standin.command({
      name: "pick-stack",
      userId: MEMBER,
      guildId: GUILD_A,
      channelId: CHANNEL_A,
      options: [opt("stack", STRING, "go")],
    });
    await h.standin.command({
      name: "checkin",
      userId: MEMBER,
      guildId: GUILD_A,
      channelId: CHANNEL_A,
      options: [opt("goals", STRING, "ship")],
    });
    await logHours(OTHER, 1);
    const ask = await h.standin.command({
      name: "privacy",
      userId: MEMBER,
      guildId: GUILD_A,
      channelId: CHANNEL_A,
      options: [sub("delete")],
    });
    expect(ask.callback.data?.flags).toBe(EPHEMERAL);
    const customId = buttonsOf(ask.callback.data)[0]?.custom_id ?? "";
    expect(customId).toMatch(/^privacy:delete:/);

    const intruder = await h.standin.button({
      customId,
      userId: OTHER,
      guildId: GUILD_A,
      channelId: CHANNEL_A,
    });
    expect(intruder.callback.data?.flags).toBe(EPHEMERAL);
    expect(intruder.callback.data?.content).toMatch(/Only <@830000000000000011> can confirm/);
    const db = h.bot.store.db;
    expect(await db.select().from(entries).where(eq(entries.userId, MEMBER))).toHaveLength(3);

    h.clock.advance(5 * 60_000);
    const late = await h.standin.button({ customId, userId: MEMBER, guildId: GUILD_A, channelId: CHANNEL_A });
    expect(late.callback.data?.content).toMatch(/expired/);
    expect(await db.select().from(entries).where(eq(entries.userId, MEMBER))).toHaveLength(3);

    const again = await h.standin.command({
      name: "privacy",
      userId: MEMBER,
      guildId: GUILD_A,
      channelId: CHANNEL_A,
      options: [sub("delete")],
    });
    const confirm = await h.standin.button({
      customId: buttonsOf(again.callback.data)[0]?.custom_id ?? "",
      userId: MEMBER,
      guildId: GUILD_A,
      channelId: CHANNEL_A,
    });
    expect(confirm.callback.type).toBe(7);
    expect(confirm.callback.data?.content).toMatch(/Deleted your data in this server: 2 entries/);
    expect(confirm.callback.data?.components).toEqual([]);
    const mine = async (t: typeof entries | typeof checkins | typeof stackHistory | typeof members) =>
      (await db.select().from(t)).filter((r) => r.userId === MEMBER && r.guildId === GUILD_A);
    for (const t of [entries, checkins, stackHistory, members]) expect(await mine(t)).toEqual([]);
    // the same user's data in guild B and another member's data in guild A are untouched
    expect((await rows()).filter((e) => e.userId === MEMBER && e.guildId === GUILD_B)).toHaveLength(1);
    expect((await rows()).filter((e) => e.userId === OTHER)).toHaveLength(1);
  });
});
