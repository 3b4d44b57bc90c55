import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addToCohort } from "../../src/cohorts/membership";
import { cohortMembers, cohorts } from "../../src/db/tables";
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
  USER,
} from "../../src/standin";
import { dayStamp } from "../../src/text/format";
import { buttonsOf, embedOf, fieldOf, type Harness, startHarness } from "./harness";

const GUILD = "800000000000000021";
const GENERAL = "810000000000000021";
const SPRING = "810000000000000022";
const ROLE_ID = "820000000000000021";
const MOD = "830000000000000021";
const ANA = "830000000000000022";
const BEN = "830000000000000023";

/** Parses our CSV (RFC 4180 quoting, CRLF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe("a whole cohort through the real bot: create → join → log → status → export → end → final report", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      now: "2026-11-16T09:00:00Z", // Monday
      standin: {
        guilds: [
          {
            id: GUILD,
            roles: [{ id: ROLE_ID, name: "spring-cohort" }],
            channels: [
              { id: GENERAL, name: "general" },
              { id: SPRING, name: "spring-cohort" },
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

  const asMod = (options: unknown[]) =>
    h.standin.command({
      name: "cohort",
      userId: MOD,
      guildId: GUILD,
      channelId: GENERAL,
      permissions: MANAGER_PERMISSIONS,
      options,
    });
  const as = (userId: string, options: unknown[], name = "cohort") =>
    h.standin.command({ name, userId, guildId: GUILD, channelId: GENERAL, options });
  const create = () =>
    asMod([
      sub("create", [
        opt("name", STRING, "Spring backend"),
        opt("start", STRING, "2026-11-16"),
        opt("weeks", INTEGER, 2),
        opt("channel", CHANNEL, SPRING),
        opt("role", ROLE, ROLE_ID),
      ]),
    ]);
  /** the 2-week cohort, with Ana who joined and Ben whom a moderator added */
  const cohortOfTwo = async () => {
    await create();
    await as(ANA, [sub("join", [opt("name", STRING, "spring backend")])]);
    await asMod([sub("add", [opt("cohort", STRING, "Spring backend"), opt("member", USER, BEN)])]);
  };
  const anaLogs = () =>
    as(ANA, [sub("hours", [opt("hours", NUMBER, 3), opt("kind", STRING, "build")])], "log");
  /** week 2 has begun: the cohort's check-in for it is out */
  const weekTwo = async () => {
    h.clock.set("2026-11-23T10:00:00Z");
    return h.bot.scheduler.tick();
  };

  it("a one-week cohort says '1 week', and an export of one member's week '1 row'", async () => {
    const created = await asMod([
      sub("create", [
        opt("name", STRING, "Sprint"),
        opt("start", STRING, "2026-11-16"),
        opt("weeks", INTEGER, 1),
      ]),
    ]);
    expect(created.callback.data?.content).toMatch(/— 1 week from /);
    await as(ANA, [sub("join", [opt("name", STRING, "Sprint")])]);
    const exported = await asMod([sub("export", [opt("name", STRING, "Sprint")])]);
    expect(exported.callback.data?.content).toMatch(/\*\*Sprint\*\*: 1 row \(one per member per week\)/);
  });

  it("refuses bad cohorts and non-moderators, storing nothing", async () => {
    const cases: Array<[unknown[], RegExp]> = [
      [
        [
          sub("create", [
            opt("name", STRING, "Spring"),
            opt("start", STRING, "2026-11-16"),
            opt("weeks", INTEGER, 0),
          ]),
        ],
        /1 to 52 weeks/,
      ],
      [
        [
          sub("create", [
            opt("name", STRING, "Spring"),
            opt("start", STRING, "2026-11-16"),
            opt("weeks", INTEGER, 60),
          ]),
        ],
        /1 to 52 weeks/,
      ],
      [
        [
          sub("create", [
            opt("name", STRING, "Spring"),
            opt("start", STRING, "2026-10-01"),
            opt("weeks", INTEGER, 4),
          ]),
        ],
        /30 days/,
      ],
    ];
    for (const [options, message] of cases) {
      const r = await asMod(options);
      expect(r.callback.data?.flags).toBe(EPHEMERAL);
      expect(r.callback.data?.content).toMatch(message);
    }
    const member = await as(ANA, [
      sub("create", [
        opt("name", STRING, "Spring"),
        opt("start", STRING, "2026-11-16"),
        opt("weeks", INTEGER, 4),
      ]),
    ]);
    expect(member.callback.data?.content).toMatch(/Only moderators/);
    expect(await h.bot.store.db.select().from(cohorts)).toEqual([]);
  });

  it("a moderator creates a 2-week cohort with a channel and a role; a duplicate name in other case is refused", async () => {
    const r = await create();
    expect(r.callback.data?.flags ?? 0).toBe(0);
    expect(r.callback.data?.content).toContain(`2 weeks from ${dayStamp("2026-11-16")}`);
    const dup = await asMod([
      sub("create", [
        opt("name", STRING, "SPRING BACKEND"),
        opt("start", STRING, "2026-11-16"),
        opt("weeks", INTEGER, 2),
      ]),
    ]);
    expect(dup.callback.data?.flags).toBe(EPHEMERAL);
    expect(dup.callback.data?.content).toMatch(/already exists/);
    const ac = await h.standin.autocomplete({
      name: "cohort",
      guildId: GUILD,
      channelId: GENERAL,
      focused: "name",
      options: [sub("join", [{ name: "name", type: STRING, value: "spr", focused: true }])],
    });
    expect(ac.callback.data?.choices).toEqual([{ name: "Spring backend", value: "Spring backend" }]);
  });

  it("members join (getting the role) and a moderator adds another; the role failure is reported, membership kept", async () => {
    await create();
    const ana = await as(ANA, [sub("join", [opt("name", STRING, "spring backend")])]);
    expect(ana.callback.data?.content).toMatch(/joined \*\*Spring backend\*\* \(1 member\)/);
    expect(h.standin.memberRoles(GUILD, ANA)).toContain(ROLE_ID);
    const again = await as(ANA, [sub("join", [opt("name", STRING, "Spring backend")])]);
    expect(again.callback.data?.flags).toBe(EPHEMERAL);
    expect(again.callback.data?.content).toMatch(/already in/);

    h.standin.fail(
      (r) => r.method === "PUT" && r.path.includes("/roles/"),
      403,
      50013,
      "Missing Permissions",
    );
    const ben = await asMod([
      sub("add", [opt("cohort", STRING, "Spring backend"), opt("member", USER, BEN)]),
    ]);
    h.standin.clearFailures();
    expect(ben.callback.data?.content).toMatch(/was added to \*\*Spring backend\*\* \(2 members\)/);
    expect(ben.callback.data?.content).toMatch(/could not give <@&820000000000000021> \(I lack Manage Roles/);
    expect(await h.bot.store.db.select().from(cohortMembers)).toHaveLength(2);
    const unknown = await as(ANA, [sub("join", [opt("name", STRING, "Autumn")])]);
    expect(unknown.callback.data?.content).toMatch(/No cohort named/);
  });

  it("members log; status shows week 1 of 2 and flags the quiet member", async () => {
    await cohortOfTwo();
    await anaLogs();
    const status = await as(BEN, [sub("status", [opt("name", STRING, "Spring backend")])]);
    expect(status.callback.data?.content).toMatch(/Week 1 of 2/);
    expect(status.callback.data?.content).toMatch(/💤/);
    const profile = await as(ANA, [], "profile");
    expect(fieldOf(await profile.final(), "Cohorts")).toBe("Spring backend");
    const list = await as(BEN, [sub("list")]);
    expect(list.callback.data?.content).toMatch(/Spring backend\*\* — week 1 of 2 · 2 members/);
    const lb = await as(BEN, [opt("cohort", STRING, "Spring backend")], "leaderboard");
    const board = embedOf(lb.callback.data)?.description ?? "";
    expect(board).toMatch(/\*\*1\.\*\* <@830000000000000022> — 3 h/);
    expect(board).not.toMatch(/830000000000000023/);
  });

  it("a long status is paginated with buttons anyone can press", async () => {
    await cohortOfTwo();
    const db = h.bot.store.db;
    for (let i = 0; i < 25; i++) {
      const userId = String(840_000_000_000_000_000n + BigInt(i));
      await addToCohort(
        db,
        GUILD,
        "Spring backend",
        { guildId: GUILD, userId, displayName: `learner ${i}` },
        h.clock.now(),
      );
    }
    const first = await as(BEN, [sub("status", [opt("name", STRING, "Spring backend")])]);
    expect(first.callback.data?.content).toMatch(/Page 1 of 3/);
    const next = buttonsOf(first.callback.data).find((c) => c.label.startsWith("Next"));
    const page2 = await h.standin.button({
      customId: next?.custom_id ?? "",
      userId: ANA,
      guildId: GUILD,
      channelId: GENERAL,
      messageId: first.interactionId,
    });
    expect(page2.callback.type).toBe(7);
    expect(page2.callback.data?.content).toMatch(/Page 2 of 3/);
  });

  it("posts the cohort's own weekly check-in in its channel, one week number each: week 1 wrap-up, week 2 starts", async () => {
    await cohortOfTwo();
    await anaLogs();
    const r = await weekTwo(); // Monday 10:00 UTC, the default check-in time
    expect(r.sent).toContain(`${GUILD}|cohort-checkin|1:2026-W48`);
    const post = h.standin.channelMessages.find((m) => m.channelId === SPRING);
    expect(post?.body).toMatchObject({ content: "Spring backend — Week 1 wrap-up · Week 2 starts now" });
    expect(JSON.stringify(post?.body)).toMatch(/3 h logged · 1 of 2 members active/);
    expect(post?.body).toMatchObject({ allowed_mentions: { parse: [] } });
  });

  it("exports a CSV a spreadsheet can open safely", async () => {
    await cohortOfTwo();
    await anaLogs();
    await weekTwo();
    const r = await asMod([sub("export", [opt("name", STRING, "Spring backend")])]);
    expect(r.callback.data?.flags).toBe(EPHEMERAL);
    const rows = parseCsv(r.files[0]?.data.toString("utf8") ?? "");
    expect(rows[0]).toEqual([
      "member_id",
      "display_name",
      "week_start",
      "hours",
      "build_hours",
      "checked_in",
      "projects",
    ]);
    expect(rows.slice(1)).toHaveLength(4); // 2 members × 2 weeks so far
    const anaWeek1 = rows.find((row) => row[0] === ANA && row[2] === "2026-11-16");
    expect(anaWeek1?.[3]).toBe("3");
  });

  it("ends the cohort; the final report is posted once, even across a restart", async () => {
    await cohortOfTwo();
    await anaLogs();
    await weekTwo();
    const denied = await as(ANA, [sub("end", [opt("name", STRING, "Spring backend")])]);
    expect(denied.callback.data?.content).toMatch(/Only moderators/);
    const end = await asMod([sub("end", [opt("name", STRING, "Spring backend")])]);
    expect(end.callback.data?.content).toMatch(/has ended/);
    const late = await as(BEN, [sub("join", [opt("name", STRING, "Spring backend")])]);
    expect(late.callback.data?.content).toMatch(/has ended/);
    h.clock.advance(60_000);
    expect((await h.bot.scheduler.tick()).sent).toEqual([`${GUILD}|cohort-report|1`]);
    const reports = () =>
      h.standin.channelMessages.filter(
        (m) => m.channelId === SPRING && /final report/i.test(JSON.stringify(m.body)),
      );
    expect(reports()).toHaveLength(1);
    const report = JSON.stringify(reports()[0]?.body);
    expect(report).toMatch(/final report/);
    expect(report).toMatch(/3 h\*\* logged by 1 of 2 members · 100% build/);
    await h.restart();
    h.clock.advance(60_000);
    expect((await h.bot.scheduler.tick()).sent).toEqual([]);
    // an ended cohort gets no more check-ins
    h.clock.set("2026-11-30T10:00:00Z");
    expect((await h.bot.scheduler.tick()).sent.filter((k) => k.includes("cohort"))).toEqual([]);
    expect(reports()).toHaveLength(1);
  });
});
