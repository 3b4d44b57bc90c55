/**
 * The SQLite and PostgreSQL schemas are the same schema: both migration folders
 * applied to real databases (SQLite in memory, PostgreSQL in a fresh schema)
 * and compared by introspection — tables, columns (name, nullability, type
 * family, default), primary keys, CHECK names, foreign keys with their
 * ON DELETE, indexes (columns with direction, uniqueness, partial-ness).
 */
import Database from "better-sqlite3";
import { afterEach, expect, it } from "vitest";
import { applyMigrations, MIGRATIONS_DIR } from "../../src/db/client";
import { describePostgres, describeSqlite, type SchemaShape } from "../helpers/introspect";
import { describePg, usePgSchemaEach } from "../helpers/pg";

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function sqliteSchema(): Database.Database {
  const db = new Database(":memory:");
  open.push(db);
  applyMigrations(db, MIGRATIONS_DIR);
  return db;
}

/** Differences as readable lines (empty when the schemas agree). */
function differences(a: SchemaShape, b: SchemaShape): string[] {
  const out: string[] = [];
  for (const table of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[table];
    const y = b[table];
    if (!x || !y) {
      out.push(`${table}: only on ${x ? "SQLite" : "PostgreSQL"}`);
      continue;
    }
    for (const key of ["columns", "primaryKey", "checks", "foreignKeys", "indexes"] as const) {
      if (JSON.stringify(x[key]) !== JSON.stringify(y[key]))
        out.push(`${table}.${key}: SQLite ${JSON.stringify(x[key])} ≠ PostgreSQL ${JSON.stringify(y[key])}`);
    }
  }
  return out;
}

it("the SQLite side describes every table with its keys and indexes (the comparison has something to compare)", () => {
  const shape = describeSqlite(sqliteSchema());
  expect(Object.keys(shape)).toContain("entries");
  expect(shape.entries?.indexes.find((i) => i.name === "entries_live_hours_idx")).toEqual({
    name: "entries_live_hours_idx",
    columns: ["guild_id", "user_id", "local_date"],
    unique: false,
    partial: true,
  });
  expect(shape.member_weeks?.indexes.map((i) => i.columns.at(-1))).toContain("minutes desc");
  expect(shape.members?.foreignKeys).toEqual([
    { columns: ["guild_id"], references: "guilds", to: ["id"], onDelete: "CASCADE" },
  ]);
  expect(shape.entries?.checks).toEqual([
    "entries_hours_shape",
    "entries_kind",
    "entries_project_shape",
    "entries_type",
  ]);
});

describePg("SQLite and PostgreSQL schemas", () => {
  const pg = usePgSchemaEach();

  it("have the same tables, columns, keys, CHECKs, foreign keys and indexes", async () => {
    const sqlite = describeSqlite(sqliteSchema());
    const postgres = await describePostgres(pg().pool);
    expect(differences(sqlite, postgres)).toEqual([]);
    expect(postgres).toEqual(sqlite);
  });

  it("tell apart a column or an index that only one side has", async () => {
    const db = sqliteSchema();
    const { pool } = pg();
    expect(differences(describeSqlite(db), await describePostgres(pool))).toEqual([]);

    db.exec("alter table entries add column mood text");
    expect(differences(describeSqlite(db), await describePostgres(pool))).toEqual([
      expect.stringMatching(/^entries\.columns: .*"mood"/),
    ]);
    await pool.query("alter table entries add column mood text");
    expect(differences(describeSqlite(db), await describePostgres(pool))).toEqual([]);

    await pool.query("create index entries_mood_idx on entries (mood) where mood is not null");
    expect(differences(describeSqlite(db), await describePostgres(pool))).toEqual([
      expect.stringMatching(/^entries\.indexes: .*entries_mood_idx/),
    ]);
    db.exec("create index entries_mood_idx on entries (mood)");
    // same columns, but only PostgreSQL's is partial
    expect(differences(describeSqlite(db), await describePostgres(pool))).toHaveLength(1);
    db.exec(
      "drop index entries_mood_idx; create index entries_mood_idx on entries (mood) where mood is not null",
    );
    expect(differences(describeSqlite(db), await describePostgres(pool))).toEqual([]);

    await pool.query("alter table checkins alter column blockers set not null");
    expect(differences(describeSqlite(db), await describePostgres(pool))).toEqual([
      expect.stringMatching(/^checkins\.columns: .*"blockers"/),
    ]);
  });
});
