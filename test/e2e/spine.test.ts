import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HELP_LINES } from "../../commands/help";
import { entries, members, stackHistory } from "../../src/db/tables";
import { BOOLEAN, EPHEMERAL, MANAGER_PERMISSIONS, NUMBER, opt, STRING, sub, USER } from "../../src/standin";
import { embedOf, fieldOf, type Harness, logLines, startHarness } from "./harness";

const PEER = "700000000000000002";

describe("the spine, end to end through the real discord.js client", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    // no request the stand-in did not understand, in any test
    expect(h.standin.unhandled).toEqual([]);
    expect(h.standin.protocolErrors).toEqual([]);
    await h?.close();
  });

  const rows = async () => await h.bot.store.db.select().from(entries);
  const pick = (stack: string, userId?: string) =>
    h.standin.command({
      name: "pick-stack",
      ...(userId ? { userId } : {}),
      options: [opt("stack", STRING, stack)],
    });
  /** the default member picks Go, then switches to Rust + Axum with a reason */
  const switchToRust = async () => {
    await pick("go");
    return h.standin.command({
      name: "pick-stack",
      options: [
        opt("stack", STRING, "rust-axum"),
        opt("switch", BOOLEAN, true),
        opt("reason", STRING, "@everyone job needs Rust"),
      ],
    });
  };
  const logToday = () =>
    h.standin.command({
      name: "log",
      options: [
        sub("hours", [
          opt("hours", NUMBER, 1.5),
          opt("kind", STRING, "build"),
          opt("topic", STRING, "databases"),
          opt("note", STRING, "added an index @everyone <@&123456789012345678>"),
        ]),
      ],
    });
  const yesterday = [
    sub("hours", [opt("hours", NUMBER, 2), opt("kind", STRING, "learn"), opt("date", STRING, "yesterday")]),
  ];
  const logYesterday = () => h.standin.command({ name: "log", options: yesterday });
  /** resolves once the (deferred) reply is final: the live check has run and its status is stored */
  const ship = async () => {
    const r = await h.standin.command({
      name: "log",
      options: [
        sub("project", [
          opt("name", STRING, "shortener"),
          opt("url", STRING, "https://short.example.com"),
          opt("repo", STRING, "https://github.com/me/short"),
        ]),
      ],
    });
    await r.final();
    return r;
  };
  /** a member on Rust + Axum with 3.5 h this week over two days, and a shipped project */
  const busyWeek = async () => {
    await switchToRust();
    await logToday();
    await logYesterday();
    await ship();
  };

  it("logs in and registers every command in one PUT", () => {
    expect(h.standin.commandPuts).toHaveLength(1);
    const names = ((h.standin.commandPuts[0]?.body ?? []) as Array<{ name: string }>)
      .map((c) => c.name)
      .sort();
    expect(names).toEqual([
      "checkin",
      "cohort",
      "config",
      "help",
      "leaderboard",
      "log",
      "mod",
      "pick-stack",
      "privacy",
      "profile",
      "prompt",
      "remind",
      "stack",
      "timezone",
    ]);
  });

  it("/pick-stack commits publicly, counts peers, and never pings", async () => {
    const r = await pick("go");
    expect(r.callback.type).toBe(4);
    expect(r.callback.data?.flags ?? 0).toBe(0);
    expect(r.callback.data?.content).toMatch(/committed to \*\*Go \+ Gin\/Chi\*\* until <t:\d+:D>.*first on/);
    expect(r.callback.data?.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const other = await pick("go", PEER);
    expect(other.callback.data?.content).toMatch(/2 members of this server are on \*\*Go/);
  });

  it("picking the same stack again says nothing changed, without 'first on' again", async () => {
    await pick("go");
    const again = await pick("go");
    expect(again.callback.data?.content).toMatch(/already on \*\*Go \+ Gin\/Chi\*\*.*nothing changed\.$/);
    expect(again.callback.data?.content).not.toMatch(/first on/);
  });

  it("refuses a second pick while committed, ephemerally, changing nothing", async () => {
    await pick("go");
    const before = await h.bot.store.db.select().from(members);
    const r = await pick("rust-axum");
    expect(r.callback.data?.flags).toBe(EPHEMERAL);
    expect(r.callback.data?.content).toMatch(/90 days left.*switch:true/);
    expect(await h.bot.store.db.select().from(members)).toEqual(before);
  });

  it("switches with switch:true and a reason, kept in history", async () => {
    const r = await switchToRust();
    expect(r.callback.data?.content).toMatch(/switched to \*\*Rust \+ Axum\*\*/);
    const history = await h.bot.store.db.select().from(stackHistory);
    expect(history.at(-1)).toMatchObject({
      fromStack: "go",
      toStack: "rust-axum",
      reason: "@everyone job needs Rust",
    });
  });

  it("refuses an unknown stack", async () => {
    const r = await pick("cobol", "700000000000000009");
    expect(r.callback.data?.flags).toBe(EPHEMERAL);
    expect(r.callback.data?.content).toMatch(/not a stack on this server/);
  });

  it("autocompletes stacks and topics", async () => {
    const stacks = await h.standin.autocomplete({
      name: "pick-stack",
      focused: "stack",
      options: [{ name: "stack", type: STRING, value: "pyth", focused: true }],
    });
    expect(stacks.callback.type).toBe(8);
    expect(stacks.callback.data?.choices?.map((c) => c.value)).toEqual([
      "python-django",
      "python-fastapi",
      "python-flask",
    ]);
    const topics = await h.standin.autocomplete({
      name: "log",
      focused: "topic",
      options: [sub("hours", [{ name: "topic", type: STRING, value: "data", focused: true }])],
    });
    expect(topics.callback.data?.choices).toEqual([{ name: "databases", value: "databases" }]);
  });

  it("/stack show and /stack peers", async () => {
    await switchToRust();
    await pick("go", PEER);
    const show = await h.standin.command({ name: "stack", options: [sub("show")] });
    expect(show.callback.data?.content).toMatch(
      /is on \*\*Rust \+ Axum\*\* — day 1, 90 days left .* 1 switch\./,
    );
    const peers = await h.standin.command({
      name: "stack",
      options: [sub("peers", [opt("stack", STRING, "go")])],
    });
    expect(peers.callback.data?.content).toMatch(
      /\*\*Go \+ Gin\/Chi\*\* — 1 member\n• <@700000000000000002>/,
    );
    const nobody = await h.standin.command({
      name: "stack",
      options: [sub("show", [opt("member", USER, "700000000000000077")])],
    });
    expect(nobody.callback.data?.flags).toBe(EPHEMERAL);
    expect(nobody.callback.data?.content).toMatch(/has not picked a stack yet/);
  });

  it("/log hours re-checks bounds Discord should have enforced, and stores nothing", async () => {
    for (const hours of [0.1, 16.5, 100]) {
      const r = await h.standin.command({
        name: "log",
        options: [sub("hours", [opt("hours", NUMBER, hours), opt("kind", STRING, "build")])],
      });
      expect(r.callback.data?.flags).toBe(EPHEMERAL);
      expect(r.callback.data?.content).toMatch(/between 0.25 and 16/);
    }
    const bad = [
      [opt("kind", STRING, "watch")],
      [opt("kind", STRING, "build"), opt("topic", STRING, "crypto")],
      [opt("kind", STRING, "build"), opt("date", STRING, "2026-11-23")],
      [opt("kind", STRING, "build"), opt("date", STRING, "2026-11-14")],
      [opt("kind", STRING, "build"), opt("note", STRING, "x".repeat(501))],
    ];
    for (const extra of bad) {
      const r = await h.standin.command({
        name: "log",
        options: [sub("hours", [opt("hours", NUMBER, 1), ...extra])],
      });
      expect(r.callback.data?.flags).toBe(EPHEMERAL);
    }
    expect(await rows()).toEqual([]);
  });

  it("/log hours stores, replies publicly with week total, build share and streak, never pinging", async () => {
    const r = await logToday();
    expect(r.callback.data?.flags ?? 0).toBe(0);
    expect(r.callback.data?.content).toMatch(
      /logged \*\*1.5 h\*\* of build on \*\*databases\*\* for today\./,
    );
    expect(r.callback.data?.content).toMatch(
      /This week: \*\*1.5 h\*\* · build share \*\*100%\*\* \(target 70% ✓\) · streak \*\*1\*\* day/,
    );
    expect(r.callback.data?.allowed_mentions?.parse).toEqual([]);
    expect(await rows()).toHaveLength(1);
  });

  it("the same interaction delivered twice stores one entry", async () => {
    await logToday();
    const first = await logYesterday();
    expect(first.callback.data?.content).toMatch(/for yesterday\./);
    const again = await h.standin.command({
      name: "log",
      interactionId: first.interactionId,
      options: yesterday,
    });
    expect(again.callback.data?.content).toMatch(/for yesterday\./);
    expect(await rows()).toHaveLength(2);
  });

  it("/log project refuses private and malformed URLs and stores a public one", async () => {
    for (const url of [
      "http://localhost:3000",
      "http://10.0.0.5/app",
      "https://user:pw@example.com",
      "myapp.fly.dev",
    ]) {
      const r = await h.standin.command({
        name: "log",
        options: [sub("project", [opt("name", STRING, "api"), opt("url", STRING, url)])],
      });
      expect(r.callback.data?.flags, url).toBe(EPHEMERAL);
      expect(r.callback.data?.content, url).toMatch(/url/);
    }
    expect((await rows()).filter((e) => e.type === "project")).toEqual([]);
    const ok = await ship();
    expect(ok.callback.data?.flags ?? 0).toBe(0);
    const reply = await ok.final();
    // the live check runs offline in e2e tests: the host "does not resolve"
    expect(reply?.content).toMatch(
      /shipped \*\*shortener\*\* — <https:\/\/short.example.com\/> · not reachable \(its host name does not resolve\) · source: <https:\/\/github.com\/me\/short>/,
    );
    expect(reply?.allowed_mentions?.parse).toEqual([]);
  });

  it("/profile shows stack, hours, share, streak, projects and milestones in an embed", async () => {
    await busyWeek();
    const r = await h.standin.command({ name: "profile" });
    const final = await r.final();
    const field = (name: string) => embedOf(final)?.fields?.find((f) => f.name.startsWith(name))?.value;
    expect(field("Stack")).toMatch(/Rust \+ Axum/);
    expect(field("This week")).toBe("3.5 h · build 43%");
    expect(field("Streak")).toBe("2 days (longest 2)");
    expect(field("Projects")).toMatch(/\[shortener\]\(https:\/\/short.example.com\/\)/);
    expect(field("Milestones")).toMatch(/First logged hour[\s\S]*First deployed project/);
  });

  it("/log undo removes the latest entry and says which; then hours still count right", async () => {
    await busyWeek();
    const r = await h.standin.command({ name: "log", options: [sub("undo")] });
    expect(r.callback.data?.content).toMatch(/removed their entry #\d+: project \*\*shortener\*\*/);
    expect((await rows()).filter((e) => e.removedAt !== null)).toHaveLength(1);
    const nothing = await h.standin.command({
      name: "log",
      userId: "700000000000000055",
      options: [sub("undo")],
    });
    expect(nothing.callback.data?.flags).toBe(EPHEMERAL);
    expect(nothing.callback.data?.content).toMatch(/nothing to undo/);
  });

  it("/timezone sets the member's own zone; a bad name is refused", async () => {
    const bad = await h.standin.command({ name: "timezone", options: [opt("name", STRING, "Mars/Base")] });
    expect(bad.callback.data?.flags).toBe(EPHEMERAL);
    expect(bad.callback.data?.content).toMatch(/Europe\/Berlin/);
    const ok = await h.standin.command({ name: "timezone", options: [opt("name", STRING, "Asia/Tokyo")] });
    expect(ok.callback.data?.flags).toBe(EPHEMERAL);
    expect(ok.callback.data?.content).toMatch(/Asia\/Tokyo/);
  });

  it("time-zone autocomplete matches cities and countries; a legacy alias is stored as its current name", async () => {
    const first = async (name: string, value: string, options = [] as unknown[]) => {
      const r = await h.standin.autocomplete({
        name,
        focused: "name",
        options: [...options, { name: "name", type: STRING, value, focused: true }],
      });
      return r.callback.data?.choices?.[0]?.value;
    };
    expect(await first("timezone", "kolk")).toBe("Asia/Kolkata");
    expect(await first("timezone", "berlin")).toBe("Europe/Berlin");
    expect(await first("timezone", "india")).toBe("Asia/Kolkata");
    expect(await first("timezone", "serv")).toBe("server");
    const legacy = await h.standin.command({
      name: "timezone",
      options: [opt("name", STRING, "Asia/Calcutta")],
    });
    expect(legacy.callback.data?.content).toMatch(/follow \*\*Asia\/Kolkata\*\*/);
    expect((await h.bot.store.db.select().from(members))[0]?.timezone).toBe("Asia/Kolkata");
  });

  it("/help lists every registered command, ephemerally", async () => {
    const r = await h.standin.command({ name: "help" });
    expect(r.callback.data?.flags).toBe(EPHEMERAL);
    const names = ((h.standin.commandPuts[0]?.body ?? []) as Array<{ name: string }>).map((c) => c.name);
    for (const name of names)
      expect(
        HELP_LINES.some((l) => l.includes(`/${name}`)),
        name,
      ).toBe(true);
  });

  it("/help is an embed grouped by task; moderator commands only for moderators", async () => {
    const member = await h.standin.command({ name: "help" });
    const fields = embedOf(member.callback.data)?.fields ?? [];
    expect(fields.map((f) => f.name)).toEqual(["Log your work", "Look at progress", "Keep the rhythm"]);
    expect(JSON.stringify(fields)).not.toMatch(/\/config|\/mod /);
    const mod = await h.standin.command({ name: "help", permissions: MANAGER_PERMISSIONS });
    expect(mod.callback.data?.flags).toBe(EPHEMERAL);
    expect(embedOf(mod.callback.data)?.fields?.map((f) => f.name)).toContain("Moderators");
  });

  it("logs one JSON line per interaction with guild, user, command, outcome and latency", async () => {
    // a busy session: a week of logs, a refused pick, and a member reading help a lot
    await busyWeek();
    await pick("cobol", "700000000000000009");
    for (let i = 0; i < 16; i++) await h.standin.command({ name: "help" });
    await h.standin.command({ name: "help", userId: "700000000000000042" });
    await h.waitForLog("interaction", (l) => l.user === "700000000000000042");
    const lines = logLines(h, "interaction");
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.find((l) => l.command === "log hours" && l.outcome === "ok")).toMatchObject({
      guild: h.standin.defaultGuildId,
      user: h.standin.defaultUserId,
      latency_ms: expect.any(Number),
    });
    expect(lines.some((l) => l.outcome === "user_error")).toBe(true);
  });

  it("a restart on the same database file loses nothing and does not re-register commands", async () => {
    await busyWeek();
    const before = await rows();
    await h.restart();
    expect(h.standin.commandPuts).toHaveLength(1);
    expect(await rows()).toEqual(before);
    const r = await h.standin.command({ name: "profile" });
    expect(fieldOf(await r.final(), "This week")).toBe("3.5 h · build 43%");
  });
});
