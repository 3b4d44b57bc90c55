/**
 * `npm run db:copy` end to end: a seeded SQLite database (src/seed/seed.ts) with
 * rows in every table — scheduled-post claims, secrets, reminders, cohorts,
 * announcements — copied by the real script into a fresh PostgreSQL schema:
 * every row arrives unchanged, identity counters continue past SQLite's, the
 * triggers are on afterwards, and a non-empty target or a stale source is
 * refused with one line and nothing copied.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, expect, it } from "vitest";
import { openStore } from "../../src/db/client";
import { verifyPgDerived } from "../../src/db/pg/derive";
import { seedDatabase } from "../../src/seed/seed";
import { describePg, TEST_DATABASE_URL, usePgSchemaEach } from "../helpers/pg";

const G = "100000000000000001";
const T = 1_795_000_000_000;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A seeded database with one or more rows in every table. */
function seeded(): string {
  const dir = mkdtempSync(join(tmpdir(), "shiplog-copy-"));
  dirs.push(dir);
  const path = join(dir, "shiplog.db");
  const store = openStore(path);
  seedDatabase(store, {
    guildId: G,
    members: 30,
    entries: 3000,
    smallGuilds: 2,
    days: 60,
    now: new Date(T),
    seed: 3,
  });
  const u = "200000000000000001";
  store.sqlite.exec(`
    insert into guild_stacks values ('${G}', 'elixir', 'Elixir');
    insert into stack_history (guild_id, user_id, from_stack, to_stack, reason, at) values ('${G}', '${u}', 'go', 'rust-axum', 'job', ${T});
    insert into registered_commands values ('global', 'abc', ${T});
    insert into daily_prompts values ('${G}', '2026-11-22', 'p1');
    insert into posts (guild_id, kind, period, status, channel_id, scheduled_at, message_id, claimed_at, finished_at, body)
      values ('${G}', 'prompt', '2026-11-22', 'sent', '6', ${T}, '7', ${T}, ${T}, null),
             ('${G}', 'checkin', '2026-W47', 'uncertain', '6', ${T}, null, ${T}, ${T}, '{"content":"hi"}');
    insert into schedule_state values ('${G}', 'prompt', '2026-11-22', 'sent', null, ${T});
    insert into cohorts (guild_id, name, name_key, start_date, weeks, created_by, created_at) values ('${G}', 'Winter', 'winter', '2026-11-02', 6, '9', ${T});
    insert into cohort_members values (1, '${u}', ${T});
    insert into celebrated_milestones values ('${G}', '${u}', 'hours-10', ${T});
    insert into announcements select id, '6', '8' from entries where type = 'project' limit 3;
    insert into stack_roles values ('${G}', 'go', '55');
    insert into role_problems values ('${G}', '55', 'Missing Permissions', ${T});
    insert into reminders values ('${G}', '${u}', 'daily', 1, 1200, ${T}, null, 0, ${T}), ('${G}', '${u}', 'checkin', 0, null, null, 'dms closed', 1, ${T});
    insert into reminder_sends (guild_id, user_id, kind, period, status, claimed_at, finished_at) values ('${G}', '${u}', 'daily', '2026-11-22', 'sent', ${T}, ${T});
    insert into secrets values ('custom-id', 'c2VjcmV0', ${T});
    -- the highest id handed out is gone: PostgreSQL must not hand it out again
    delete from entries where id = (select max(id) from entries);`);
  const empty = (
    store.sqlite
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
      .pluck()
      .all() as string[]
  ).filter((t) => store.sqlite.prepare(`select count(*) from "${t}"`).pluck().get() === 0);
  expect(empty).toEqual([]);
  store.close();
  return path;
}

const copy = (from: string, to: string, ...extra: string[]) => {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", "scripts/db-copy.ts", "--from", from, "--to", to, ...extra],
    {
      encoding: "utf8",
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr.trim().split("\n") };
};

/** Every row of a table as sorted JSON lines, booleans and bigints as SQLite stores them. */
const lines = (rows: Array<Record<string, unknown>>, bigints: string[] = []) =>
  rows
    .map((r) =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [
            k,
            typeof v === "boolean" ? Number(v) : bigints.includes(k) && v !== null ? Number(v) : v,
          ]),
        ),
      ),
    )
    .sort();

describePg("npm run db:copy", () => {
  const pg = usePgSchemaEach({ migrate: false });

  it("copies a seeded database into an empty schema, verifies it and says so in one line", async () => {
    const path = seeded();
    const { schema, pool } = pg();
    const run = copy(path, TEST_DATABASE_URL as string, "--schema", schema);
    expect(run.stderr.at(-1)).toBe("verifying: row counts, per-guild totals, derived tables");
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      msg: string;
      per_table: Record<string, number>;
      guilds: number;
    };
    expect(summary).toMatchObject({ msg: "copied and verified", guilds: 3 });

    const sqlite = new Database(path, { readonly: true });
    try {
      const tables = sqlite
        .prepare(
          "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'",
        )
        .pluck()
        .all() as string[];
      expect(Object.keys(summary.per_table).sort()).toEqual([...tables].sort());
      for (const t of tables) {
        const theirs = lines(sqlite.prepare(`select * from "${t}"`).all() as Array<Record<string, unknown>>);
        const result = await pool.query(`select * from "${t}"`);
        const int8 = result.fields.filter((f) => f.dataTypeID === 20).map((f) => f.name);
        const mine = lines(result.rows, int8);
        expect(mine, t).toEqual(theirs);
        expect(summary.per_table[t], t).toBe(theirs.length);
      }
      // identities continue after the highest id SQLite handed out, even a deleted one
      const handedOut = sqlite
        .prepare("select seq from sqlite_sequence where name = 'entries'")
        .pluck()
        .get() as number;
      const next = await pool.query(
        `insert into entries (guild_id, user_id, type, interaction_id, created_at, local_date, minutes, kind) values ('${G}', '1', 'hours', 'after-copy', ${T}, '2026-11-22', 60, 'build') returning id`,
      );
      expect(next.rows[0].id).toBe(handedOut + 1);
      // the triggers are on: the new entry moved the totals
      const client = await pool.connect();
      try {
        expect((await verifyPgDerived(client)).differences).toEqual([]);
      } finally {
        client.release();
      }
    } finally {
      sqlite.close();
    }

    const again = copy(path, TEST_DATABASE_URL as string, "--schema", schema);
    expect(again.status).toBe(1);
    expect(again.stderr.at(-1)).toMatch(
      /^db:copy: the PostgreSQL target is not empty \(rows in guilds, entries, .*\); copy into an empty database or schema; nothing was copied$/,
    );
  });

  it("refuses a source behind this version's schema, and bad arguments, with one line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shiplog-copy-"));
    dirs.push(dir);
    const old = join(dir, "old.db");
    new Database(old).exec("create table guilds (id text primary key)");
    const { schema, pool } = pg();
    const run = copy(old, TEST_DATABASE_URL as string, "--schema", schema);
    expect(run.status).toBe(1);
    expect(run.stderr).toEqual([
      expect.stringMatching(
        /^db:copy: the SQLite database is not at this version's schema: start this version of shiplog on it once/,
      ),
    ]);
    expect(
      (await pool.query("select count(*)::int as n from pg_tables where schemaname = $1", [schema])).rows[0]
        .n,
    ).toBe(0);

    expect(copy(old, "mysql://x/y").status).toBe(2);
    const missing = copy(join(dir, "nope.db"), TEST_DATABASE_URL as string);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toEqual([`db:copy: ${join(dir, "nope.db")} does not exist`]);
  });
});
