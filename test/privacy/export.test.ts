import { describe, expect, it } from "vitest";
import { members } from "../../src/db/tables";
import { exportFilename, exportJson, exportMemberData } from "../../src/privacy/export";
import { GUILD, OTHER_GUILD, useStore } from "../helpers/store";
import { ALICE, daysLater, MOD, NOW, seedWorld } from "./seed";

describe("exportMemberData", () => {
  const store = useStore();

  it("contains all of the member's data in this guild and nothing of anyone else's", async () => {
    const { db } = store();
    const { aliceCohort } = await seedWorld(db);
    const data = await exportMemberData(db, GUILD, ALICE, daysLater(10));

    expect(data.exported_at).toBe(daysLater(10).toISOString());
    expect(data.guild_id).toBe(GUILD);
    expect(data.user_id).toBe(ALICE);
    expect(data.member).toEqual({
      display_name: "user-201",
      timezone: "Europe/Berlin",
      stack_id: "node-express",
      stack_picked_at: daysLater(3).toISOString(),
      committed_until: daysLater(93).toISOString(),
      switch_count: 1,
      created_at: NOW.toISOString(),
    });
    expect(data.stack_history).toEqual([
      { from_stack: null, to_stack: "go", reason: null, at: NOW.toISOString() },
      { from_stack: "go", to_stack: "node-express", reason: "alice job", at: daysLater(3).toISOString() },
    ]);

    expect(data.entries.map((e) => e.type)).toEqual(["hours", "project", "hours"]);
    expect(data.entries[0]).toMatchObject({
      minutes: 90,
      kind: "build",
      topic: "databases",
      note: "alice hours",
      created_at: NOW.toISOString(),
      removed_at: null,
    });
    expect(data.entries[1]).toMatchObject({ name: "alice-api", url: "https://api.example.com/" });
    // removed entries are the member's data too
    expect(data.entries[2]).toMatchObject({
      removed_at: daysLater(2).toISOString(),
      removed_by: MOD,
      removed_reason: "alice duplicate",
    });

    expect(data.checkins.map((c) => [c.goals, c.blockers])).toEqual([
      ["alice goals week 1", null],
      ["alice goals week 2", "docker"],
    ]);
    expect(data.cohorts).toEqual([
      {
        cohort_id: aliceCohort,
        name: "Winter Backend",
        start_date: "2026-11-23",
        weeks: 6,
        joined_at: daysLater(1).toISOString(),
        ended_at: null,
      },
    ]);

    const text = JSON.stringify(data);
    expect(text).not.toMatch(/bob|elsewhere/i);
    expect(text).not.toContain("Bob Only");
  });

  it("is plain JSON: serialising and parsing gives the same object", async () => {
    const { db } = store();
    await seedWorld(db);
    const data = await exportMemberData(db, GUILD, ALICE, NOW);
    expect(JSON.parse(exportJson(data))).toEqual(data);
  });

  it("exports the other guild's data only when asked in that guild", async () => {
    const { db } = store();
    await seedWorld(db);
    const data = await exportMemberData(db, OTHER_GUILD, ALICE, NOW);
    expect(data.entries.map((e) => e.note ?? e.name)).toEqual([
      "alice-elsewhere hours",
      "alice-elsewhere-api",
      null,
    ]);
    expect(data.cohorts.map((c) => c.name)).toEqual(["Elsewhere"]);
    expect(JSON.stringify(data)).not.toMatch(/"alice hours"|Winter Backend|bob/i);
  });

  it("is empty but well-formed for someone with no data, and stores nothing", async () => {
    const { db } = store();
    await seedWorld(db);
    const memberRows = await db.select().from(members);
    expect(await exportMemberData(db, GUILD, "123", NOW)).toEqual({
      exported_at: NOW.toISOString(),
      guild_id: GUILD,
      user_id: "123",
      member: null,
      stack_history: [],
      entries: [],
      checkins: [],
      cohorts: [],
      reminders: [],
      reminder_dms: [],
      celebrations: [],
    });
    expect(await db.select().from(members)).toEqual(memberRows);
  });

  it("names the file after the member", () => {
    expect(exportFilename(ALICE)).toBe(`shiplog-export-${ALICE}.json`);
    expect(exportFilename("../x y")).toBe("shiplog-export-xy.json");
  });
});
