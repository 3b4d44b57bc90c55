/**
 * `npm run db:copy`: moves everything from a shiplog SQLite file to an empty
 * PostgreSQL database or schema, in one transaction. Tables go in foreign-key
 * order, in batches (one `INSERT … SELECT FROM unnest($1::type[], …)` per
 * batch: one parameter per column, not per value). The derived tables are
 * copied as stored, with the upkeep triggers dropped meanwhile so nothing is
 * counted twice; identity counters move past the highest id SQLite ever handed
 * out. Before COMMIT it checks row counts per table, per-guild totals and the
 * derived tables against a recomputation on PostgreSQL; any difference rolls
 * everything back.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type Database from "better-sqlite3";
import type pg from "pg";
import { DERIVED_VERSION, GUILD_TABLES_VERSION } from "../../totals/derive";
import { MIGRATIONS_DIR } from "../client";
import { quoteIdent } from "./connect";
import { verifyPgDerived } from "./derive";
import { applyPgMigrations } from "./migrate";
import { dropPgTriggers, installPgTriggers } from "./triggers";

export class CopyError extends Error {
  override readonly name = "CopyError";
}

export interface CopySummary {
  tables: Record<string, number>;
  rows: number;
  guilds: number;
  minutes: number;
  ms: number;
}

const BATCH_ROWS = 10_000;

/** Per-guild figures both sides must agree on after the copy. */
const TOTALS = `select guild_id, count(*) as entries,
  coalesce(sum(case when type = 'hours' and removed_at is null then minutes else 0 end), 0) as minutes,
  coalesce(sum(case when type = 'project' and removed_at is null then 1 else 0 end), 0) as projects
  from entries group by guild_id order by guild_id`;

/** Tables of the source, parents before children. */
function tablesInOrder(sqlite: Database.Database): string[] {
  const names = sqlite
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
    )
    .pluck()
    .all() as string[];
  const parents = new Map(
    names.map((n) => [
      n,
      (sqlite.pragma(`foreign_key_list("${n}")`) as Array<{ table: string }>)
        .map((f) => f.table)
        .filter((p) => p !== n),
    ]),
  );
  const ordered: string[] = [];
  const visit = (n: string) => {
    if (ordered.includes(n)) return;
    for (const p of parents.get(n) ?? []) visit(p);
    ordered.push(n);
  };
  for (const n of names) visit(n);
  return ordered;
}

/** Refuses a source whose migrations or derived tables are behind this version's. */
function checkSource(sqlite: Database.Database): void {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, "meta/_journal.json"), "utf8")) as {
    entries: Array<{ when: number }>;
  };
  const newest = Math.max(...journal.entries.map((e) => e.when));
  const hasBookkeeping = sqlite
    .prepare("select 1 from sqlite_master where name = '__drizzle_migrations'")
    .get();
  const applied = hasBookkeeping
    ? Number(sqlite.prepare("select max(created_at) from __drizzle_migrations").pluck().get() ?? 0)
    : 0;
  const version = (name: string) =>
    applied
      ? (sqlite.prepare("select version from derived_meta where name = ?").pluck().get(name) as
          | number
          | undefined)
      : undefined;
  if (
    applied < newest ||
    version("totals") !== DERIVED_VERSION ||
    version("guild_tables") !== GUILD_TABLES_VERSION
  ) {
    throw new CopyError(
      "the SQLite database is not at this version's schema: start this version of shiplog on it once (migrations and derived totals bring it up to date), stop it, then copy",
    );
  }
}

/** Copies `sqlite` into the schema `client` is on (see the module comment). `progress` gets human lines. */
export async function copySqliteToPg(
  sqlite: Database.Database,
  client: pg.ClientBase,
  progress: (line: string) => void = () => {},
  where = "to PostgreSQL",
): Promise<CopySummary> {
  const started = performance.now();
  checkSource(sqlite);
  await applyPgMigrations(client);
  const tables = tablesInOrder(sqlite);
  const types = new Map<string, Map<string, string>>();
  const { rows: columns } = await client.query<{ table_name: string; column_name: string; type: string }>(
    `select c.relname as table_name, a.attname as column_name, format_type(a.atttypid, a.atttypmod) as type
     from pg_attribute a join pg_class c on c.oid = a.attrelid
     where c.relnamespace = (select oid from pg_namespace where nspname = current_schema()) and c.relkind = 'r'
       and a.attnum > 0 and not a.attisdropped`,
  );
  for (const c of columns) {
    const t = types.get(c.table_name) ?? new Map<string, string>();
    t.set(c.column_name, c.type);
    types.set(c.table_name, t);
  }
  const missing = tables.filter((t) => !types.has(t));
  if (missing.length > 0)
    throw new CopyError(`PostgreSQL has no table ${missing.join(", ")}: is it migrated?`);
  const full: string[] = [];
  for (const t of tables) {
    const { rows } = await client.query(`select 1 from ${quoteIdent(t)} limit 1`);
    if (rows.length > 0) full.push(t);
  }
  if (full.length > 0) {
    throw new CopyError(
      `the PostgreSQL target is not empty (rows in ${full.join(", ")}); copy into an empty database or schema`,
    );
  }

  const counts: Record<string, number> = {};
  progress(`copying ${where}: ${tables.length} tables, in one transaction`);
  await client.query("BEGIN");
  try {
    await dropPgTriggers(client);
    for (const table of tables)
      counts[table] = await copyTable(
        sqlite,
        client,
        table,
        types.get(table) as Map<string, string>,
        progress,
      );
    await moveIdentities(sqlite, client, tables);
    await installPgTriggers(client);
    progress("verifying: row counts, per-guild totals, derived tables");
    for (const table of tables) {
      const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${quoteIdent(table)}`);
      const source = sqlite.prepare(`select count(*) from "${table}"`).pluck().get() as number;
      if (Number(rows[0]?.n) !== source || counts[table] !== source)
        throw new CopyError(`${table}: ${source} rows in SQLite, ${rows[0]?.n} in PostgreSQL`);
    }
    const theirs = sqlite.prepare(TOTALS).all() as Array<Record<string, unknown>>;
    const mine = (await client.query(TOTALS)).rows.map((r) => ({
      guild_id: r.guild_id,
      entries: Number(r.entries),
      minutes: Number(r.minutes),
      projects: Number(r.projects),
    }));
    if (JSON.stringify(mine) !== JSON.stringify(theirs))
      throw new CopyError("per-guild totals differ after the copy");
    const report = await verifyPgDerived(client);
    if (!report.ok) {
      const which = Object.entries(report.counts).filter(([, n]) => n > 0);
      throw new CopyError(
        `derived tables differ from a recomputation on PostgreSQL: ${which.map(([t, n]) => `${t} (${n} rows)`).join(", ")}`,
      );
    }
    await client.query("COMMIT");
    return {
      tables: counts,
      rows: Object.values(counts).reduce((a, b) => a + b, 0),
      guilds: theirs.length,
      minutes: theirs.reduce((a, r) => a + Number(r.minutes), 0),
      ms: Math.round(performance.now() - started),
    };
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

async function copyTable(
  sqlite: Database.Database,
  client: pg.ClientBase,
  table: string,
  types: Map<string, string>,
  progress: (line: string) => void,
): Promise<number> {
  const cols = (sqlite.pragma(`table_info("${table}")`) as Array<{ name: string }>).map((c) => c.name);
  const absent = cols.filter((c) => !types.has(c));
  if (absent.length > 0) throw new CopyError(`PostgreSQL's ${table} has no column ${absent.join(", ")}`);
  const total = sqlite.prepare(`select count(*) from "${table}"`).pluck().get() as number;
  const colTypes = cols.map((c) => types.get(c) as string);
  const insert = `insert into ${quoteIdent(table)} (${cols.map(quoteIdent).join(", ")}) overriding system value
select * from unnest(${colTypes.map((t, i) => `$${i + 1}::${t}[]`).join(", ")})`;
  const asBool = colTypes.map((t) => t === "boolean");
  let batch: unknown[][] = cols.map(() => []);
  let done = 0;
  let size = 0;
  const started = performance.now();
  const flush = async () => {
    if (size === 0) return;
    await client.query(insert, batch);
    done += size;
    batch = cols.map(() => []);
    size = 0;
    if (total >= 10 * BATCH_ROWS && (done % (10 * BATCH_ROWS) === 0 || done === total)) {
      const rate = Math.round(done / ((performance.now() - started) / 1000));
      progress(
        `${table}: ${done.toLocaleString("en")} of ${total.toLocaleString("en")} rows (${rate.toLocaleString("en")} rows/s)`,
      );
    }
  };
  for (const row of sqlite.prepare(`select * from "${table}"`).raw().iterate() as Iterable<unknown[]>) {
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      (batch[i] as unknown[]).push(asBool[i] && v !== null ? v !== 0 : v);
    }
    if (++size === BATCH_ROWS) await flush();
  }
  await flush();
  progress(`${table}: ${done.toLocaleString("en")} rows copied`);
  return done;
}

/** Identity counters continue after the highest id SQLite ever handed out (AUTOINCREMENT never reuses one). */
async function moveIdentities(
  sqlite: Database.Database,
  client: pg.ClientBase,
  tables: string[],
): Promise<void> {
  const hasSequence = sqlite.prepare("select 1 from sqlite_master where name = 'sqlite_sequence'").get();
  const { rows: identities } = await client.query<{ table_name: string; seq: string }>(
    `select table_name, pg_get_serial_sequence(quote_ident(table_name), 'id') as seq from information_schema.columns
     where table_schema = current_schema() and column_name = 'id' and is_identity = 'YES'`,
  );
  for (const { table_name: table, seq } of identities) {
    if (!tables.includes(table)) continue;
    const maxId = Number(sqlite.prepare(`select coalesce(max(id), 0) from "${table}"`).pluck().get());
    const handedOut = hasSequence
      ? Number(sqlite.prepare("select seq from sqlite_sequence where name = ?").pluck().get(table) ?? 0)
      : 0;
    const last = Math.max(maxId, handedOut);
    await client.query("select setval($1, $2, $3)", [seq, Math.max(last, 1), last > 0]);
  }
}
