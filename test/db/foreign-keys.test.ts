/**
 * Every per-guild table references `guilds` with ON DELETE CASCADE. So every
 * path that can be the first write of a guild must create the guild row
 * first, a row for an unknown guild is refused, and deleting a guild takes
 * all of its rows with it.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checkIn } from "../../src/checkins/checkin";
import { ManualClock } from "../../src/clock";
import type { Db } from "../../src/db/client";
import { guilds } from "../../src/db/schema";
import { addGuildStack, setChannel } from "../../src/guilds/config";
import { recordRoleProblem, setStackRole } from "../../src/guilds/roles";
import { findGuild } from "../../src/guilds/settings";
import { createLogger } from "../../src/log";
import { logHours } from "../../src/logs/hours";
import { setMemberTimeZone } from "../../src/members/timezone";
import { logProject } from "../../src/projects/log";
import { createScheduler } from "../../src/scheduler/runner";
import { pickStack } from "../../src/stacks/pick";
import { RecordingPoster } from "../helpers/poster";
import { GUILD, interactionId, member, OTHER_GUILD, useStore } from "../helpers/store";
import { NOW, seedWorld } from "../privacy/seed";

/** Tables with a guild_id column, from the live schema. */
const PER_GUILD = sql`select m.name from sqlite_master m join pragma_table_info(m.name) c
  where m.type = 'table' and c.name = 'guild_id' order by m.name`;

function rowsOf(db: Db, guildId: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { name: table } of db.all<{ name: string }>(PER_GUILD)) {
    counts[table] =
      db.get<{ n: number }>(
        sql`select count(*) as n from ${sql.identifier(table)} where guild_id = ${guildId}`,
      )?.n ?? 0;
  }
  counts.cohort_members =
    db.get<{ n: number }>(
      sql`select count(*) as n from cohort_members join cohorts on cohorts.id = cohort_id where cohorts.guild_id = ${guildId}`,
    )?.n ?? 0;
  return counts;
}

describe("first writes for a guild with no row", () => {
  const store = useStore();
  const ref = member();

  const firstWrites: Array<[string, (db: Db) => unknown]> = [
    ["/log hours", async (db) => logHours(db, ref, interactionId(), { hours: 1, kind: "build" }, NOW)],
    [
      "/log project",
      async (db) =>
        logProject(db, ref, interactionId(), { name: "api", url: "https://api.example.com" }, NOW),
    ],
    ["/pick-stack", async (db) => pickStack(db, ref, { stackId: "go" }, NOW)],
    ["/checkin", async (db) => checkIn(db, ref, { goals: "ship the api" }, NOW)],
    ["/timezone", async (db) => setMemberTimeZone(db, ref, "Europe/Berlin", NOW)],
    ["/config channel", async (db) => setChannel(db, GUILD, "prompts", "400000000000000001", NOW)],
  ];

  it.each(firstWrites)("%s creates the guild row and stores its data", async (_, write) => {
    const { db } = store();
    expect(await findGuild(db, GUILD)).toBeUndefined();
    await write(db);
    expect((await findGuild(db, GUILD))?.createdAt).toEqual(NOW);
  });

  it("scheduler claims and outcomes are stored for a guild configured from scratch", async () => {
    const { db } = store();
    await setChannel(db, GUILD, "prompts", "400000000000000001", NOW);
    const clock = new ManualClock("2026-11-22T09:00:00Z");
    const poster = new RecordingPoster();
    const scheduler = createScheduler({ db, clock, poster, log: createLogger("error", () => {}) });
    expect((await scheduler.tick()).sent).toEqual([`${GUILD}|prompt|2026-11-22`]);
    expect(rowsOf(db, GUILD)).toMatchObject({ posts: 1, schedule_state: 1, daily_prompts: 1 });
  });
});

describe("foreign keys to guilds", () => {
  const store = useStore();

  it("refuse rows of a guild that has no row", async () => {
    const { sqlite } = store();
    const stranger = "100000000000000099";
    const inserts = [
      `insert into entries (guild_id, user_id, type, interaction_id, created_at, local_date, minutes, kind) values ('${stranger}', '1', 'hours', 'i1', 0, '2026-11-22', 60, 'build')`,
      `insert into checkins values ('${stranger}', '1', '2026-11-16', 'goals', null, 0, 0)`,
      `insert into stack_history (guild_id, user_id, to_stack, at) values ('${stranger}', '1', 'go', 0)`,
      `insert into daily_prompts values ('${stranger}', '2026-11-22', 'p1')`,
      `insert into posts (guild_id, kind, period, status, channel_id, scheduled_at, claimed_at) values ('${stranger}', 'prompt', '2026-11-22', 'sent', '4', 0, 0)`,
      `insert into schedule_state values ('${stranger}', 'prompt', '2026-11-22', 'sent', null, 0)`,
      `insert into members (guild_id, user_id, display_name, created_at) values ('${stranger}', '1', 'a', 0)`,
      `insert into cohorts (guild_id, name, name_key, start_date, weeks, created_by, created_at) values ('${stranger}', 'c', 'c', '2026-11-23', 4, '1', 0)`,
    ];
    for (const insert of inserts) expect(() => sqlite.exec(insert), insert).toThrow(/FOREIGN KEY/);
  });

  it("refuse post kinds, statuses and outcomes outside their lists", async () => {
    const { sqlite, db } = store();
    db.insert(guilds).values({ id: GUILD, createdAt: NOW }).run();
    const bad = [
      `insert into posts (guild_id, kind, period, status, channel_id, scheduled_at, claimed_at) values ('${GUILD}', 'digest', 'p', 'sent', '4', 0, 0)`,
      `insert into posts (guild_id, kind, period, status, channel_id, scheduled_at, claimed_at) values ('${GUILD}', 'prompt', 'p', 'lost', '4', 0, 0)`,
      `insert into schedule_state values ('${GUILD}', 'digest', 'p', 'sent', null, 0)`,
      `insert into schedule_state values ('${GUILD}', 'prompt', 'p', 'maybe', null, 0)`,
      `insert into entries (guild_id, user_id, type, interaction_id, created_at, local_date) values ('${GUILD}', '1', 'note', 'i2', 0, '2026-11-22')`,
    ];
    for (const insert of bad) expect(() => sqlite.exec(insert), insert).toThrow(/CHECK constraint failed/);
  });

  it("cascade: deleting a guild deletes its rows in every table and nothing of another guild", async () => {
    const { db } = store();
    await seedWorld(db);
    for (const guildId of [GUILD, OTHER_GUILD]) {
      await setChannel(db, guildId, "prompts", "400000000000000001", NOW);
      await addGuildStack(db, guildId, { id: "elixir", label: "Elixir" }, NOW);
      await setStackRole(db, guildId, "go", "500000000000000001", NOW);
      await recordRoleProblem(db, guildId, "500000000000000001", "Missing Permissions", NOW);
    }
    const clock = new ManualClock("2026-11-22T09:00:00Z");
    const scheduler = createScheduler({
      db,
      clock,
      poster: new RecordingPoster(),
      log: createLogger("error", () => {}),
    });
    expect((await scheduler.tick()).sent).toHaveLength(2);
    const before = rowsOf(db, OTHER_GUILD);
    expect(Object.entries(rowsOf(db, GUILD)).filter(([, n]) => n === 0)).toEqual([]);

    db.delete(guilds).where(eq(guilds.id, GUILD)).run();

    expect(Object.values(rowsOf(db, GUILD)).every((n) => n === 0)).toBe(true);
    expect(rowsOf(db, OTHER_GUILD)).toEqual(before);
  });
});
