/**
 * Issue 9, input side, end to end through the real bot and the stand-in:
 * other guilds' channels and roles (defect 2), replayed interaction ids
 * (defect 3), URLs that would render as someone else's link (defect 7),
 * forged confirmation buttons (defect 8) and the per-member rate limit (defect 9).
 */
import { afterEach, describe, expect, it } from "vitest";
import { cohorts, entries, guilds } from "../../src/db/tables";
import {
  CHANNEL,
  EPHEMERAL,
  INTEGER,
  MANAGER_PERMISSIONS,
  NUMBER,
  opt,
  ROLE,
  STRING,
  sub,
} from "../../src/standin";
import { buttonsOf, embedOf, type Harness, startHarness } from "./harness";

const GUILD_A = "800000000000000031";
const GUILD_B = "800000000000000032";
const CHANNEL_A = "810000000000000031";
const CHANNEL_B = "810000000000000032";
const ROLE_A = "820000000000000031";
const ROLE_B = "820000000000000032";
const ADA = "830000000000000031";
const BERT = "830000000000000032";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const guildsOpt = {
  guilds: [
    {
      id: GUILD_A,
      channels: [{ id: CHANNEL_A, name: "general" }],
      roles: [{ id: ROLE_A, name: "learners" }],
    },
    { id: GUILD_B, channels: [{ id: CHANNEL_B, name: "general" }], roles: [{ id: ROLE_B, name: "other" }] },
  ],
};
const start = (rateLimit?: object) =>
  startHarness({ standin: guildsOpt, ...(rateLimit ? { rateLimit } : {}) }).then((x) => {
    h = x;
    return x;
  });
const asMod = { userId: ADA, guildId: GUILD_A, channelId: CHANNEL_A, permissions: MANAGER_PERMISSIONS };
const hours = (n: number, note = "private note") =>
  sub("hours", [opt("hours", NUMBER, n), opt("kind", STRING, "build"), opt("note", STRING, note)]);

describe("defect 2: channels and roles of another guild", () => {
  it("/config channel refuses guild B's channel and stores nothing", async () => {
    await start();
    const r = await h.standin.command({
      ...asMod,
      name: "config",
      options: [sub("channel", [opt("kind", STRING, "prompts"), opt("channel", CHANNEL, CHANNEL_B)])],
    });
    expect(r.callback.data?.flags).toBe(EPHEMERAL);
    expect(r.callback.data?.content).toBe(
      "That channel is not in this server — pick one of this server's channels.",
    );
    const row = (await h.bot.store.db.select().from(guilds))[0];
    expect(row?.promptsChannelId ?? null).toBeNull();
  });

  it("/config mod-role refuses guild B's role and @everyone", async () => {
    await start();
    for (const [role, message] of [
      [ROLE_B, /^That role is not in this server/],
      [GUILD_A, /^@everyone can't be the moderator role/],
    ] as const) {
      const r = await h.standin.command({
        ...asMod,
        name: "config",
        options: [sub("mod-role", [opt("role", ROLE, role)])],
      });
      expect(r.callback.data?.content).toMatch(message);
    }
    const row = (await h.bot.store.db.select().from(guilds))[0];
    expect(row?.modRoleId ?? null).toBeNull();
  });

  it("/cohort create refuses another guild's channel or role, @everyone and a managed role", async () => {
    await start();
    const botRole = h.standin.memberRoles(GUILD_A, h.standin.botUserId)[0] ?? "";
    const create = (extra: unknown[]) =>
      h.standin.command({
        ...asMod,
        name: "cohort",
        options: [
          sub("create", [
            opt("name", STRING, "Spring"),
            opt("start", STRING, "2026-12-01"),
            opt("weeks", INTEGER, 4),
            ...(extra as ReturnType<typeof opt>[]),
          ]),
        ],
      });
    const cases: Array<[unknown[], RegExp]> = [
      [[opt("channel", CHANNEL, CHANNEL_B)], /^That channel is not in this server/],
      [[opt("role", ROLE, ROLE_B)], /^That role is not in this server/],
      [[opt("role", ROLE, GUILD_A)], /^@everyone can't be a cohort role/],
      [[opt("role", ROLE, botRole)], /^That role is managed by an integration/],
    ];
    for (const [extra, message] of cases) {
      const r = await create(extra);
      expect(r.callback.data?.flags).toBe(EPHEMERAL);
      expect(r.callback.data?.content).toMatch(message);
    }
    expect(await h.bot.store.db.select().from(cohorts)).toEqual([]);
    const ok = await create([opt("channel", CHANNEL, CHANNEL_A), opt("role", ROLE, ROLE_A)]);
    expect(ok.callback.data?.content).toMatch(/Cohort \*\*Spring\*\*/);
  });
});

describe("defect 3: a replayed interaction id", () => {
  it("from another member or guild is refused without disclosing the entry", async () => {
    await start();
    const first = await h.standin.command({
      name: "log",
      userId: ADA,
      guildId: GUILD_A,
      options: [hours(1)],
    });
    expect(first.callback.data?.content).toMatch(/private note/);
    const replay = (userId: string, guildId: string) =>
      h.standin.command({
        name: "log",
        userId,
        guildId,
        interactionId: first.interactionId,
        forgeInteractionId: true,
        options: [hours(2, "mine")],
      });
    for (const r of [await replay(BERT, GUILD_A), await replay(ADA, GUILD_B)]) {
      expect(r.callback.data?.flags).toBe(EPHEMERAL);
      expect(r.callback.data?.content).toBe(
        "This request was already used, so nothing was stored — run the command again.",
      );
    }
    // (a member's own redelivery returning the original: spine.test.ts and test/logs/idempotency.test.ts)
    expect(await h.bot.store.db.select().from(entries)).toHaveLength(1);
  });
});

describe("defect 7: a URL cannot render as another link", () => {
  it("/profile shows the project link with Markdown in the URL escaped", async () => {
    await start();
    const logged = await h.standin.command({
      name: "log",
      userId: ADA,
      guildId: GUILD_A,
      options: [
        sub("project", [
          opt("name", STRING, "app"),
          opt("url", STRING, "https://example.com/)[Click here](https://evil.example/login)"),
        ]),
      ],
    });
    const reply = await logged.final();
    expect(reply?.content).not.toMatch(/\]\(https:\/\/evil/);
    const profile = await h.standin.command({ name: "profile", userId: ADA, guildId: GUILD_A });
    const projects = embedOf(await profile.final())?.fields?.find((f) =>
      f.name.startsWith("Projects"),
    )?.value;
    expect(projects).toMatch(
      /^• \[app\]\(https:\/\/example\.com\/%29%5BClick%20here%5D%28https:\/\/evil\.example\/login%29\)/,
    );
    expect(projects).toMatch(/not reachable \(its host name does not resolve\)$/);
  });
});

describe("defect 8: the /privacy delete confirmation is signed", () => {
  it("refuses a forged expiry, an unsigned id and a token from another guild", async () => {
    await start();
    await h.standin.command({ name: "log", userId: ADA, guildId: GUILD_A, options: [hours(1)] });
    await h.standin.command({
      name: "log",
      userId: ADA,
      guildId: GUILD_B,
      channelId: CHANNEL_B,
      options: [hours(1)],
    });
    const ask = await h.standin.command({
      name: "privacy",
      userId: ADA,
      guildId: GUILD_A,
      options: [sub("delete")],
    });
    const id = buttonsOf(ask.callback.data)[0]?.custom_id ?? "";
    expect(id).toMatch(/^privacy:delete:830000000000000031:\d+:[A-Za-z0-9_-]{22}$/);
    const [prefix, action, user, , mac] = id.split(":");
    const press = (customId: string, guildId = GUILD_A, channelId = CHANNEL_A) =>
      h.standin.button({ customId, userId: ADA, guildId, channelId });
    const refusals = [
      await press(`${prefix}:${action}:${user}:4102444800000:${mac}`), // forged far-future expiry
      await press(`${prefix}:${action}:${user}:4102444800000`), // the old unsigned form
      await press(id, GUILD_B, CHANNEL_B), // guild A's token pressed in guild B
    ];
    for (const r of refusals) {
      expect(r.callback.data?.flags).toBe(EPHEMERAL);
      expect(r.callback.data?.content).toBe(
        "This confirmation button is not valid — run /privacy delete again.",
      );
    }
    expect(await h.bot.store.db.select().from(entries)).toHaveLength(2);
    const confirm = await press(id);
    expect(confirm.callback.data?.content).toMatch(/Deleted your data in this server: 1 entry/);
    expect((await h.bot.store.db.select().from(entries)).map((e) => e.guildId)).toEqual([GUILD_B]);
  });
});

describe("defect 9: at most 5 interactions in 10 s per member per guild", () => {
  it("answers the 6th with 'slow down' and runs nothing, per member and guild, until the window passes", async () => {
    await start({});
    const log = (userId = ADA, guildId = GUILD_A) =>
      h.standin.command({
        name: "log",
        userId,
        guildId,
        channelId: guildId === GUILD_A ? CHANNEL_A : CHANNEL_B,
        options: [hours(0.25)],
      });
    for (let i = 0; i < 5; i++) expect((await log()).callback.data?.content).toMatch(/logged/);
    const sixth = await log();
    expect(sixth.callback.data?.flags).toBe(EPHEMERAL);
    expect(sixth.callback.data?.content).toBe(
      "Slow down — you can use at most 5 commands, buttons or forms in 10 seconds. Try again in 10 s.",
    );
    expect((await log(BERT)).callback.data?.content).toMatch(/logged/);
    expect((await log(ADA, GUILD_B)).callback.data?.content).toMatch(/logged/);
    const auto = await h.standin.autocomplete({
      name: "log",
      userId: ADA,
      guildId: GUILD_A,
      focused: "topic",
      options: [sub("hours", [opt("topic", STRING, "data")])],
    });
    expect(auto.callback.type).toBe(8); // autocomplete is not limited
    h.clock.advance(10_000);
    expect((await log()).callback.data?.content).toMatch(/logged/);
    expect(await h.bot.store.db.select().from(entries)).toHaveLength(8);
  });
});
