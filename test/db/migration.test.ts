/**
 * Migration 0004 (foreign keys to guilds) on a database built with the old
 * schema: every row survives, guild ids without a guilds row get one, foreign
 * keys hold and cascade afterwards, and a migration that would leave a
 * dangling reference rolls back.
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations, MIGRATIONS_DIR } from "../../src/db/client";

const G = "100000000000000001";
/** referenced by rows but never given a guilds row (possible before 0004) */
const ORPHAN = "100000000000000077";
const T = 1_795_000_000_000;

interface Journal {
  entries: Array<{ idx: number; when: number; tag: string }>;
}
const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, "meta/_journal.json"), "utf8")) as Journal;

const dirs: string[] = [];
const dbs: Database.Database[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A migrations folder with the shipped migrations up to `lastIdx`, plus `extra` ones. */
function migrationsUpTo(lastIdx: number, extra: Array<{ tag: string; sql: string }> = []): string {
  const dir = mkdtempSync(join(tmpdir(), "shiplog-migrations-"));
  dirs.push(dir);
  mkdirSync(join(dir, "meta"));
  const kept = journal.entries.filter((e) => e.idx <= lastIdx);
  for (const e of kept) copyFileSync(join(MIGRATIONS_DIR, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  const last = kept.at(-1)?.when ?? 0;
  const added = extra.map((m, i) => {
    writeFileSync(join(dir, `${m.tag}.sql`), m.sql);
    return { idx: kept.length + i, version: "6", when: last + i + 1, tag: m.tag, breakpoints: true };
  });
  writeFileSync(
    join(dir, "meta/_journal.json"),
    JSON.stringify({ ...journal, entries: [...kept, ...added] }),
  );
  return dir;
}

function openDb(): Database.Database {
  const db = new Database(":memory:");
  db.pragma("foreign_keys = ON");
  dbs.push(db);
  return db;
}

/** One or more rows in every table of the schema as of 0003, some of them for ORPHAN. */
function fillOldSchema(db: Database.Database): void {
  db.exec(`
    insert into guilds (id, timezone, mod_role_id, prompts_channel_id, created_at) values ('${G}', 'Europe/Berlin', '5', '6', ${T});
    insert into members (guild_id, user_id, display_name, timezone, stack_id, stack_picked_at, committed_until, switch_count, created_at)
      values ('${G}', '1', 'alice', 'Asia/Tokyo', 'go', ${T}, ${T + 90}, 1, ${T});
    insert into guild_stacks values ('${G}', 'elixir', 'Elixir');
    insert into stack_history (guild_id, user_id, from_stack, to_stack, reason, at) values
      ('${G}', '1', null, 'rust', null, ${T}), ('${G}', '1', 'rust', 'go', 'job', ${T + 1}), ('${ORPHAN}', '2', null, 'go', null, ${T});
    insert into entries (guild_id, user_id, type, interaction_id, created_at, local_date, minutes, kind, topic, note) values
      ('${G}', '1', 'hours', 'i1', ${T}, '2026-11-20', 90, 'build', 'databases', 'indexes'),
      ('${ORPHAN}', '2', 'hours', 'i2', ${T}, '2026-11-20', 60, 'learn', null, null);
    insert into entries (guild_id, user_id, type, interaction_id, created_at, local_date, name, url, repo, description, removed_at, removed_by, removed_reason)
      values ('${G}', '1', 'project', 'i3', ${T + 2}, '2026-11-21', 'api', 'https://api.example.com/', null, 'desc', ${T + 3}, '9', 'dup');
    insert into entries (guild_id, user_id, type, interaction_id, created_at, local_date, minutes, kind)
      values ('${G}', '1', 'hours', 'i4', ${T + 4}, '2026-11-21', 30, 'learn');
    delete from entries where interaction_id = 'i4';
    insert into registered_commands values ('global', 'abc', ${T}), ('${G}', 'def', ${T});
    insert into checkins values ('${G}', '1', '2026-11-16', 'ship', 'docker', ${T}, ${T + 1}), ('${ORPHAN}', '2', '2026-11-16', 'learn', null, ${T}, ${T});
    insert into daily_prompts values ('${G}', '2026-11-22', 'p1'), ('${ORPHAN}', '2026-11-22', 'p2');
    insert into posts (guild_id, kind, period, status, channel_id, scheduled_at, message_id, claimed_at, finished_at) values
      ('${G}', 'prompt', '2026-11-22', 'sent', '6', ${T}, '7', ${T}, ${T}),
      ('${G}', 'cohort-report', 'c1', 'skipped', '6', ${T}, null, ${T}, ${T}),
      ('${ORPHAN}', 'checkin', '2026-W47', 'sending', '6', ${T}, null, ${T}, null);
    insert into schedule_state values ('${G}', 'prompt', '2026-11-22', 'sent', null, ${T}), ('${ORPHAN}', 'checkin', '2026-W47', 'failed', 'no access', ${T});
    insert into cohorts (guild_id, name, name_key, start_date, weeks, channel_id, role_id, capacity, created_by, created_at, ended_at, ended_by)
      values ('${G}', 'Winter', 'winter', '2026-11-23', 6, '6', '8', 10, '9', ${T}, null, null);
    insert into cohort_members values (1, '1', ${T});
  `);
}

/** Every user table's rows, as sorted JSON lines, for before/after comparison. */
function contents(db: Database.Database): Record<string, string[]> {
  const tables = db
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'",
    )
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables
      .sort()
      .map((t) => [
        t,
        (db.prepare(`select * from "${t}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort(),
      ]),
  );
}

const count = (db: Database.Database, table: string, guildId: string) =>
  db.prepare(`select count(*) from "${table}" where guild_id = ?`).pluck().get(guildId) as number;

describe("migration 0004 on a database with the old schema", () => {
  it("keeps every row, gives referenced guilds a row, and then enforces and cascades", () => {
    const db = openDb();
    applyMigrations(db, migrationsUpTo(3));
    expect(db.pragma("foreign_key_list(entries)")).toEqual([]); // the old schema
    fillOldSchema(db);
    const before = contents(db);
    expect(Object.keys(before).filter((t) => before[t]?.length === 0)).toEqual([]);

    // 0004 itself: later migrations may add columns (0006 adds posts.body), which would change the rows
    applyMigrations(db, migrationsUpTo(4));

    const after = contents(db);
    // tables of later migrations start empty; every old table is still there
    for (const table of Object.keys(after).filter((t) => !(t in before)))
      expect(after[table], table).toEqual([]);
    expect(Object.keys(after).filter((t) => t in before)).toEqual(Object.keys(before));
    for (const table of Object.keys(before).filter((t) => t !== "guilds")) {
      expect(after[table], table).toEqual(before[table]);
    }
    // the old guild row is untouched; the orphan's row has the defaults ensureGuild uses
    expect(after.guilds).toHaveLength(2);
    expect(after.guilds).toContain(before.guilds?.[0]);
    expect(db.prepare("select * from guilds where id = ?").get(ORPHAN)).toMatchObject({
      timezone: "UTC",
      commitment_days: 90,
      daily_cap_minutes: 960,
      prompts_channel_id: null,
    });

    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("foreign_key_check")).toEqual([]);
    expect(() =>
      db.exec("insert into checkins values ('100000000000000099', '1', '2026-11-16', 'x', null, 0, 0)"),
    ).toThrow(/FOREIGN KEY/);

    // the deleted entry's id is not handed out again
    db.exec(
      `insert into entries (guild_id, user_id, type, interaction_id, created_at, local_date, minutes, kind) values ('${G}', '1', 'hours', 'i5', ${T}, '2026-11-22', 60, 'build')`,
    );
    expect(db.prepare("select id from entries where interaction_id = 'i5'").pluck().get()).toBe(5);

    const perGuild = db
      .prepare(
        "select m.name from sqlite_master m join pragma_table_info(m.name) c where m.type = 'table' and c.name = 'guild_id'",
      )
      .pluck()
      .all() as string[];
    const rows = (guildId: string) => perGuild.map((t) => [t, count(db, t, guildId)]);
    const kept = rows(G);
    expect(rows(ORPHAN).filter(([, n]) => n !== 0)).toHaveLength(6);
    db.prepare("delete from guilds where id = ?").run(ORPHAN);
    expect(rows(ORPHAN).filter(([, n]) => n !== 0)).toEqual([]);
    expect(rows(G)).toEqual(kept);
  });

  it("0006–0007 keep every post, add its body and accept the uncertain status (issue 9)", () => {
    const db = openDb();
    applyMigrations(db, migrationsUpTo(3));
    fillOldSchema(db);
    applyMigrations(db, migrationsUpTo(4));
    const posts = () => db.prepare("select * from posts order by id").all() as Array<Record<string, unknown>>;
    const before = posts();
    expect(before.length).toBeGreaterThan(0);
    applyMigrations(db, MIGRATIONS_DIR);
    expect(posts()).toEqual(before.map((p) => ({ ...p, body: null })));
    const set = (status: string) =>
      db.prepare("update posts set status = ? where id = ?").run(status, before[0]?.id);
    expect(() => set("uncertain")).not.toThrow();
    expect(() => set("bogus")).toThrow(/CHECK/);
  });

  it("rolls back a migration that would leave a row without its guild, and says so", () => {
    const db = openDb();
    applyMigrations(db, migrationsUpTo(journal.entries.length - 1));
    const dangling = migrationsUpTo(journal.entries.length - 1, [
      {
        tag: "9999_dangling",
        sql: "insert into daily_prompts values ('100000000000000099', '2026-11-22', 'p1');",
      },
    ]);
    const applied = () => db.prepare("select count(*) from __drizzle_migrations").pluck().get();
    const migrations = applied();

    expect(() => applyMigrations(db, dangling)).toThrow(
      /1 rows with a missing parent \(daily_prompts → guilds\)/,
    );

    expect(applied()).toBe(migrations);
    expect(db.prepare("select count(*) from daily_prompts").pluck().get()).toBe(0);
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
  });
});

describe("the migrations folder moving to migrations/sqlite (issue 12)", () => {
  it("a database migrated from the old migrations/ folder applies nothing twice from the new one", () => {
    const parent = mkdtempSync(join(tmpdir(), "shiplog-old-layout-"));
    dirs.push(parent);
    const old = join(parent, "migrations");
    cpSync(MIGRATIONS_DIR, old, { recursive: true }); // the files as they were under migrations/
    expect(MIGRATIONS_DIR).toMatch(/migrations[\\/]sqlite$/);
    const db = openDb();
    applyMigrations(db, old);
    db.exec(`
      insert into guilds (id, created_at) values ('${G}', ${T});
      insert into entries (guild_id, user_id, type, interaction_id, created_at, local_date, minutes, kind)
        values ('${G}', '1', 'hours', 'i1', ${T}, '2026-11-20', 90, 'build');`);
    const bookkeeping = () =>
      db.prepare("select hash, created_at from __drizzle_migrations order by id").all();
    const before = { rows: contents(db), applied: bookkeeping() };
    expect(before.applied).toHaveLength(journal.entries.length);

    applyMigrations(db, MIGRATIONS_DIR);

    expect(bookkeeping()).toEqual(before.applied);
    expect(contents(db)).toEqual(before.rows);
  });
});
