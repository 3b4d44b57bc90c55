/**
 * Every table that stores a `user_id` is covered by /privacy export and
 * /privacy delete. The table list comes from the live schema, so a table
 * added later with a `user_id` column fails here until privacy handles it
 * and it is added to HANDLED.
 */
import type Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { type DeletionCounts, deleteMemberData } from "../../src/privacy/delete";
import { exportMemberData, type MemberDataExport } from "../../src/privacy/export";
import { GUILD, OTHER_GUILD, useStore } from "../helpers/store";
import { ALICE, BOB, NOW, seedWorld } from "./seed";

/** Table → the export section that holds its rows and the deletion count that erases them. */
const HANDLED: Record<string, { exported: keyof MemberDataExport; deleted: keyof DeletionCounts }> = {
  members: { exported: "member", deleted: "member" },
  stack_history: { exported: "stack_history", deleted: "stackHistory" },
  entries: { exported: "entries", deleted: "entries" },
  checkins: { exported: "checkins", deleted: "checkins" },
  cohort_members: { exported: "cohorts", deleted: "cohortMemberships" },
  reminders: { exported: "reminders", deleted: "reminders" },
  reminder_sends: { exported: "reminder_dms", deleted: "reminderDms" },
  celebrated_milestones: { exported: "celebrations", deleted: "celebrations" },
};

/**
 * Derived from `entries` by triggers (src/totals/triggers.ts): not member data of
 * their own (the export's entries are their source), erased with the entries.
 */
const DERIVED = ["member_days", "member_weeks", "member_months", "member_totals"];

function columnsOf(sqlite: Database.Database, table: string): string[] {
  return (sqlite.pragma(`table_info("${table}")`) as Array<{ name: string }>).map((c) => c.name);
}

function tablesWithUserId(sqlite: Database.Database): string[] {
  const tables = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    .pluck()
    .all() as string[];
  return tables.filter((t) => columnsOf(sqlite, t).includes("user_id")).sort();
}

/** Rows of `table` about one user in one guild: by its guild_id, or through its cohort. */
function count(sqlite: Database.Database, table: string, guildId: string, userId: string): number {
  const columns = columnsOf(sqlite, table);
  const query = columns.includes("guild_id")
    ? `select count(*) from "${table}" where guild_id = ? and user_id = ?`
    : columns.includes("cohort_id")
      ? `select count(*) from "${table}" t join cohorts c on c.id = t.cohort_id where c.guild_id = ? and t.user_id = ?`
      : null;
  if (query === null)
    throw new Error(`${table}: no guild_id or cohort_id, teach this test how it belongs to a guild`);
  return sqlite.prepare(query).pluck().get(guildId, userId) as number;
}

const exportedRows = (data: MemberDataExport, key: keyof MemberDataExport): number => {
  const section = data[key];
  return Array.isArray(section) ? section.length : section === null ? 0 : 1;
};

describe("privacy covers every table with a user_id", () => {
  const store = useStore();

  it("knows every such table in the live schema", () => {
    const missing = tablesWithUserId(store().sqlite).filter((t) => !(t in HANDLED) && !DERIVED.includes(t));
    // A new table with member data: make src/privacy/export.ts and delete.ts handle it, then list it in HANDLED.
    expect(missing).toEqual([]);
    expect(tablesWithUserId(store().sqlite)).toEqual([...Object.keys(HANDLED), ...DERIVED].sort());
  });

  it("exports and then erases the member's rows in each, and only theirs", async () => {
    const { db, sqlite } = store();
    await seedWorld(db);
    const tables = tablesWithUserId(sqlite);
    const others = (t: string) => [count(sqlite, t, OTHER_GUILD, ALICE), count(sqlite, t, GUILD, BOB)];
    const before = new Map(tables.map((t) => [t, count(sqlite, t, GUILD, ALICE)]));
    const othersBefore = new Map(tables.map((t) => [t, others(t)]));
    for (const [table, n] of before) expect(n, `${table} has seeded rows`).toBeGreaterThan(0);

    const exported = await exportMemberData(db, GUILD, ALICE, NOW);
    const deleted = await deleteMemberData(db, GUILD, ALICE);

    for (const table of tables) {
      if (DERIVED.includes(table)) {
        expect(count(sqlite, table, GUILD, ALICE), `${table} erased`).toBe(0);
        expect(others(table), `${table}: others untouched`).toEqual(othersBefore.get(table));
        continue;
      }
      const handled = HANDLED[table];
      if (!handled) throw new Error(`${table} is not handled by /privacy`);
      const n = before.get(table);
      expect(exportedRows(exported, handled.exported), `${table} exported`).toBe(n);
      expect(Number(deleted[handled.deleted]), `${table} deleted`).toBe(n);
      expect(count(sqlite, table, GUILD, ALICE), `${table} erased`).toBe(0);
      expect(others(table), `${table}: others untouched`).toEqual(othersBefore.get(table));
    }
  });
});
