/**
 * One description of a database schema from either engine, built by
 * introspection (sqlite_master and pragmas; pg_catalog), so the two can be
 * compared with a plain deep equality (test/db/schema-equivalence.test.ts).
 */
import type Database from "better-sqlite3";
import type pg from "pg";

export interface ColumnShape {
  name: string;
  /** type family: SQLite's affinity; PostgreSQL integer, bigint and boolean are all INTEGER */
  family: "INTEGER" | "TEXT" | "REAL" | "BLOB" | string;
  notNull: boolean;
  /** normalised default expression, or null */
  default: string | null;
}
export interface IndexShape {
  /** its name, or `unique(cols)` for an index that backs a UNIQUE constraint */
  name: string;
  /** columns in order, `desc` marked */
  columns: string[];
  unique: boolean;
  partial: boolean;
}
export interface ForeignKeyShape {
  columns: string[];
  references: string;
  to: string[];
  onDelete: string;
}
export interface TableShape {
  columns: ColumnShape[];
  primaryKey: string[];
  checks: string[];
  foreignKeys: ForeignKeyShape[];
  indexes: IndexShape[];
}
export type SchemaShape = Record<string, TableShape>;

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
const fkKey = (f: ForeignKeyShape) => `${f.references}|${f.columns.join(",")}`;

/** `'UTC'::text` → `'UTC'`; SQLite's `false`/`true` keywords and PostgreSQL's agree already. */
function normaliseDefault(value: string | null): string | null {
  if (value === null) return null;
  return value.replace(/::[a-z ]+$/i, "").replace(/^\((.*)\)$/, "$1");
}

export function describeSqlite(db: Database.Database): SchemaShape {
  const tables = db
    .prepare(
      "select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
    )
    .all() as Array<{ name: string; sql: string }>;
  const shape: SchemaShape = {};
  for (const { name, sql } of tables) {
    const info = db.pragma(`table_info("${name}")`) as Array<{
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }>;
    const fks = db.pragma(`foreign_key_list("${name}")`) as Array<{
      id: number;
      table: string;
      from: string;
      to: string;
      on_delete: string;
    }>;
    const groups = new Map<number, ForeignKeyShape>();
    for (const f of fks) {
      const g = groups.get(f.id) ?? { columns: [], references: f.table, to: [], onDelete: f.on_delete };
      g.columns.push(f.from);
      g.to.push(f.to);
      groups.set(f.id, g);
    }
    const indexes = (
      db.pragma(`index_list("${name}")`) as Array<{
        name: string;
        unique: number;
        origin: string;
        partial: number;
      }>
    )
      .filter((i) => i.origin !== "pk")
      .map((i) => {
        const columns = (
          db.pragma(`index_xinfo("${i.name}")`) as Array<{ name: string | null; desc: number; key: number }>
        )
          .filter((c) => c.key === 1)
          .map((c) => `${c.name ?? "(expression)"}${c.desc ? " desc" : ""}`);
        return {
          name: i.origin === "u" ? `unique(${columns.join(",")})` : i.name,
          columns,
          unique: i.unique === 1,
          partial: i.partial === 1,
        };
      });
    shape[name] = {
      columns: info
        .map((c) => ({
          name: c.name,
          family: c.type.toUpperCase(),
          // an INTEGER PRIMARY KEY is the rowid: never null, whatever the pragma says
          notNull: c.notnull === 1 || (c.pk > 0 && c.type.toUpperCase() === "INTEGER"),
          default: normaliseDefault(c.dflt_value),
        }))
        .sort(byName),
      primaryKey: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      checks: [...sql.matchAll(/CONSTRAINT\s+["`]?(\w+)["`]?\s+CHECK/gi)].map((m) => m[1] as string).sort(),
      foreignKeys: [...groups.values()].sort((a, b) => fkKey(a).localeCompare(fkKey(b))),
      indexes: indexes.sort(byName),
    };
  }
  return shape;
}

const PG_FAMILY: Record<string, string> = {
  integer: "INTEGER",
  bigint: "INTEGER",
  smallint: "INTEGER",
  boolean: "INTEGER",
  text: "TEXT",
  "double precision": "REAL",
  real: "REAL",
  bytea: "BLOB",
};
const PG_ON_DELETE: Record<string, string> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

/** The schema first on the connection's search_path. */
export async function describePostgres(pool: pg.Pool): Promise<SchemaShape> {
  const q = async <T extends pg.QueryResultRow>(text: string) => (await pool.query<T>(text)).rows;
  const ns = "(select oid from pg_namespace where nspname = current_schema())";
  const tables = await q<{ oid: number; name: string }>(
    `select c.oid, c.relname as name from pg_class c where c.relnamespace = ${ns} and c.relkind = 'r' and c.relname not like '__drizzle%' order by 2`,
  );
  const shape: SchemaShape = {};
  for (const t of tables) {
    const columns = await q<{ name: string; type: string; not_null: boolean; dflt: string | null }>(
      `select a.attname as name, format_type(a.atttypid, null) as type, a.attnotnull as not_null,
        pg_get_expr(d.adbin, d.adrelid) as dflt
       from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
       where a.attrelid = ${t.oid} and a.attnum > 0 and not a.attisdropped`,
    );
    const cons = await q<{
      name: string;
      type: string;
      cols: string[];
      ref: string | null;
      refcols: string[];
      del: string;
    }>(
      `select con.conname as name, con.contype as type,
        array(select a.attname from unnest(con.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.i)::text[] as cols,
        rc.relname as ref,
        array(select a.attname from unnest(coalesce(con.confkey, '{}')) with ordinality k(n, i) join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.i)::text[] as refcols,
        con.confdeltype as del
       from pg_constraint con left join pg_class rc on rc.oid = con.confrelid where con.conrelid = ${t.oid}`,
    );
    const idx = await q<{
      name: string;
      unique: boolean;
      partial: boolean;
      cols: string[];
      constraint: string | null;
    }>(
      `select ic.relname as name, i.indisunique as unique, i.indpred is not null as partial,
        array(select coalesce(a.attname, '(expression)') || case when (i.indoption[k.i - 1] & 1) = 1 then ' desc' else '' end
          from unnest(i.indkey) with ordinality k(n, i) left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.n
          where k.i <= i.indnkeyatts order by k.i)::text[] as cols,
        (select contype::text from pg_constraint where conindid = i.indexrelid and conrelid = i.indrelid limit 1) as constraint
       from pg_index i join pg_class ic on ic.oid = i.indexrelid where i.indrelid = ${t.oid} and not i.indisprimary`,
    );
    shape[t.name] = {
      columns: columns
        .map((c) => ({
          name: c.name,
          family: PG_FAMILY[c.type] ?? c.type,
          notNull: c.not_null,
          default: normaliseDefault(c.dflt),
        }))
        .sort(byName),
      primaryKey: cons.find((c) => c.type === "p")?.cols ?? [],
      checks: cons
        .filter((c) => c.type === "c")
        .map((c) => c.name)
        .sort(),
      foreignKeys: cons
        .filter((c) => c.type === "f")
        .map((c) => ({
          columns: c.cols,
          references: c.ref ?? "",
          to: c.refcols,
          onDelete: PG_ON_DELETE[c.del] ?? c.del,
        }))
        .sort((a, b) => fkKey(a).localeCompare(fkKey(b))),
      indexes: idx
        .map((i) => ({
          name: i.constraint === "u" ? `unique(${i.cols.join(",")})` : i.name,
          columns: i.cols,
          unique: i.unique,
          partial: i.partial,
        }))
        .sort(byName),
    };
  }
  return shape;
}
