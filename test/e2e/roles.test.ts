import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { roleProblems, stackRoles } from "../../src/db/tables";
import {
  BOOLEAN,
  CHANNEL,
  EPHEMERAL,
  INTEGER,
  MANAGER_PERMISSIONS,
  opt,
  ROLE,
  STRING,
  sub,
  USER,
} from "../../src/standin";
import { type Harness, startHarness } from "./harness";

const GUILD = "800000000000000031";
const GENERAL = "810000000000000031";
const GOPHERS = "820000000000000031";
const CRABS = "820000000000000032";
const COHORT_ROLE = "820000000000000033";
const MOD = "830000000000000031";
const ANA = "830000000000000032";
const BEN = "830000000000000033";

describe("roles through REST: stack roles, cohort roles, refusals reported (SPEC §3.18)", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      now: "2026-11-16T09:00:00Z",
      standin: {
        guilds: [
          {
            id: GUILD,
            roles: [
              { id: GOPHERS, name: "gophers" },
              { id: CRABS, name: "crabs" },
              { id: COHORT_ROLE, name: "spring" },
            ],
            channels: [{ id: GENERAL, name: "general" }],
          },
        ],
      },
    });
  });
  afterEach(async () => {
    expect(h.standin.unhandled).toEqual([]);
    await h?.close();
  });

  const run = (name: string, userId: string, options: unknown[], permissions?: string) =>
    h.standin.command({
      name,
      userId,
      guildId: GUILD,
      channelId: GENERAL,
      options,
      ...(permissions ? { permissions } : {}),
    });
  const config = (options: unknown[]) => run("config", MOD, options, MANAGER_PERMISSIONS);
  const stackRole = async (stack: string, role?: string) => {
    const r = await config([
      sub("stack-role", [opt("stack", STRING, stack), ...(role ? [opt("role", ROLE, role)] : [])]),
    ]);
    return (await r.final()) ?? r.callback.data;
  };
  const pick = (userId: string, stack: string, reason?: string) =>
    run("pick-stack", userId, [
      opt("stack", STRING, stack),
      ...(reason ? [opt("switch", BOOLEAN, true), opt("reason", STRING, reason)] : []),
    ]);
  const roles = (userId: string) => h.standin.memberRoles(GUILD, userId);
  /** a cohort starting Monday 2026-11-16 that posts in #general and hands out COHORT_ROLE */
  const createCohort = (name: string, weeks: number) =>
    run(
      "cohort",
      MOD,
      [
        sub("create", [
          opt("name", STRING, name),
          opt("start", STRING, "2026-11-16"),
          opt("weeks", INTEGER, weeks),
          opt("channel", CHANNEL, GENERAL),
          opt("role", ROLE, COHORT_ROLE),
        ]),
      ],
      MANAGER_PERMISSIONS,
    );

  it("a stack role goes to members already on it, to new picks, and moves with a switch", async () => {
    await pick(ANA, "go");
    const set = await stackRole("go", GOPHERS);
    expect(set?.flags).toBe(EPHEMERAL);
    expect(set?.content).toMatch(/Members on \*\*Go \+ Gin\/Chi\*\* get <@&820000000000000031> \(1 now/);
    expect(roles(ANA)).toEqual([GOPHERS]);
    await pick(BEN, "go");
    expect(roles(BEN)).toEqual([GOPHERS]);
    await stackRole("rust-axum", CRABS);
    const moved = await pick(BEN, "rust-axum", "the team writes Rust");
    expect(moved.callback.data?.content).toMatch(/switched to \*\*Rust \+ Axum\*\*/);
    expect(roles(BEN)).toEqual([CRABS]);
    const show = await config([sub("show")]);
    expect(show.callback.data?.content).toMatch(
      /Stack roles: `go` → <@&820000000000000031>, `rust-axum` → <@&820000000000000032>/,
    );
    const none = await stackRole("go");
    expect(none?.content).toMatch(
      /has no role any more; <@&820000000000000031> was taken from its 1 member\./,
    );
    expect(roles(ANA)).toEqual([]);
  });

  it("a stack role for an unknown stack, @everyone, or by a member: a clear ephemeral error, nothing stored", async () => {
    const unknown = await stackRole("cobol", GOPHERS);
    expect(unknown?.flags).toBe(EPHEMERAL);
    expect(unknown?.content).toMatch(/`cobol` is not a stack on this server/);
    const everyone = await stackRole("go", GUILD);
    expect(everyone?.content).toMatch(/@everyone cannot be handed out/);
    const member = await run("config", ANA, [
      sub("stack-role", [opt("stack", STRING, "go"), opt("role", ROLE, GOPHERS)]),
    ]);
    expect(member.callback.data?.content).toMatch(/Only moderators/);
    expect(await h.bot.store.db.select().from(stackRoles)).toEqual([]);
  });

  it("Discord refusing a role change (50013) never fails the command; the reply and /config show say what to fix", async () => {
    await stackRole("go", GOPHERS);
    h.standin.fail(
      (r) => r.method === "PUT" && r.path.includes("/roles/"),
      403,
      50013,
      "Missing Permissions",
    );
    const r = await pick(ANA, "go");
    expect(r.callback.data?.flags ?? 0).toBe(0);
    expect(r.callback.data?.content).toMatch(/committed to \*\*Go \+ Gin\/Chi\*\*/);
    expect(r.callback.data?.content).toMatch(
      /Role not changed: I lack Manage Roles, or <@&820000000000000031> is above my role/,
    );
    expect(roles(ANA)).toEqual([]);
    const show = await config([sub("show")]);
    expect(show.callback.data?.content).toMatch(/⚠️ I lack Manage Roles.*Server Settings → Roles/);
    h.standin.clearFailures();
    await pick(BEN, "go");
    expect(roles(BEN)).toEqual([GOPHERS]);
    expect(await h.bot.store.db.select().from(roleProblems)).toEqual([]);
  });

  it("a cohort's role is taken back from every member when it ends, and from one who leaves", async () => {
    const cohort = (userId: string, options: unknown[], permissions?: string) =>
      run("cohort", userId, options, permissions);
    await createCohort("Spring", 4);
    await cohort(ANA, [sub("join", [opt("name", STRING, "Spring")])]);
    await cohort(
      MOD,
      [sub("add", [opt("cohort", STRING, "Spring"), opt("member", USER, BEN)])],
      MANAGER_PERMISSIONS,
    );
    await cohort(
      MOD,
      [sub("add", [opt("cohort", STRING, "Spring"), opt("member", USER, MOD)])],
      MANAGER_PERMISSIONS,
    );
    expect([roles(ANA), roles(BEN), roles(MOD)]).toEqual([[COHORT_ROLE], [COHORT_ROLE], [COHORT_ROLE]]);
    await cohort(MOD, [sub("leave", [opt("name", STRING, "Spring")])]);
    expect(roles(MOD)).toEqual([]);
    const end = await cohort(MOD, [sub("end", [opt("name", STRING, "Spring")])], MANAGER_PERMISSIONS);
    expect(end.callback.data?.content).toMatch(
      /has ended.*<@&820000000000000033> goes back from its 2 members\./,
    );
    await h.waitForLog("interaction", (l) => l.command === "cohort end");
    expect(end.followUps()).toEqual([]);
    expect([roles(ANA), roles(BEN)]).toEqual([[], []]);
    // its final report follows; the roles are not taken back a second time
    const removals = () =>
      h.standin.requests.filter((r) => r.method === "DELETE" && r.path.includes("/roles/"));
    const before = removals().length;
    h.clock.advance(60_000);
    expect((await h.bot.scheduler.tick()).sent).toEqual([`${GUILD}|cohort-report|1`]);
    expect(removals()).toHaveLength(before);
  });

  describe("a cohort that ends on its own after its last week (SPEC §3.18)", () => {
    const removals = () =>
      h.standin.requests.filter((r) => r.method === "DELETE" && r.path.includes("/roles/"));
    /** a one-week cohort with a role, Ana and Ben in it, then the clock past its last day */
    const oneWeekCohort = async () => {
      await createCohort("Sprint", 1);
      for (const userId of [ANA, BEN])
        await run("cohort", userId, [sub("join", [opt("name", STRING, "Sprint")])]);
      expect([roles(ANA), roles(BEN)]).toEqual([[COHORT_ROLE], [COHORT_ROLE]]);
      h.clock.set("2026-11-23T10:00:00Z");
    };
    const reports = () =>
      h.standin.channelMessages.filter((m) => /final report/i.test(JSON.stringify(m.body)));

    it("the final report posts once, then the role goes back from every member through REST", async () => {
      await oneWeekCohort();
      expect((await h.bot.scheduler.tick()).sent).toContain(`${GUILD}|cohort-report|1`);
      expect(reports()).toHaveLength(1);
      expect([roles(ANA), roles(BEN)]).toEqual([[], []]);
      expect(removals().map((r) => r.path)).toEqual(
        [ANA, BEN].map((u) => `/guilds/${GUILD}/members/${u}/roles/${COHORT_ROLE}`),
      );
      h.clock.advance(60_000);
      expect((await h.bot.scheduler.tick()).sent).toEqual([]);
      expect(reports()).toHaveLength(1);
      expect(removals()).toHaveLength(2);
    });

    it("a refusal (50013) never stops the report; /config show says what to fix", async () => {
      await oneWeekCohort();
      h.standin.fail(
        (r) => r.method === "DELETE" && r.path.includes("/roles/"),
        403,
        50013,
        "Missing Permissions",
      );
      expect((await h.bot.scheduler.tick()).sent).toContain(`${GUILD}|cohort-report|1`);
      expect(reports()).toHaveLength(1);
      expect([roles(ANA), roles(BEN)]).toEqual([[COHORT_ROLE], [COHORT_ROLE]]);
      expect(await h.bot.store.db.select().from(roleProblems)).toMatchObject([{ roleId: COHORT_ROLE }]);
      const show = await config([sub("show")]);
      expect(show.callback.data?.content).toMatch(
        /⚠️ I lack Manage Roles, or <@&820000000000000033> is above my role.*Server Settings → Roles/,
      );
    });
  });

  it("the /config mod-role reply explains where Discord hides moderator commands", async () => {
    const r = await config([sub("mod-role", [opt("role", ROLE, GOPHERS)])]);
    expect(r.callback.data?.content).toMatch(/Server Settings → Integrations/);
  });
});
