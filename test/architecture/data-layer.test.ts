import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

/**
 * Where SQLite-only calls may stay, and why. Everything else (src/<domain>/,
 * commands/) is dialect-neutral: queries are awaited, raw SQL goes through
 * src/db/raw.ts, and writes happen inside `transaction(db, async (tx) => …)`.
 */
const ALLOWED: Record<string, string> = {
  "src/db/client.ts": "opens the SQLite connection and applies migrations on it",
  "src/db/connection.ts": "the one place that reaches for the driver's connection",
  "src/db/prepared.ts": "prepared statements on the driver's connection, behind an async signature",
  "src/db/raw.ts": "raw SQL through drizzle's SQLite calls, behind async helpers",
  "src/db/tx.ts": "BEGIN/COMMIT on the driver's connection",
  "src/db/pg/": "PostgreSQL twin schema, migrator, copy (db:copy reads SQLite on its raw connection)",
  "src/seed/": "bulk generator: raw better-sqlite3 statements for speed (npm run seed, bench)",
  "src/standin/": "the local Discord stand-in; no database",
  "src/totals/derive.ts": "SQLite startup backfill on the raw connection (PostgreSQL: src/db/pg/derive.ts)",
  "src/totals/triggers.ts":
    "SQLite triggers and functions on the raw connection (PostgreSQL: src/db/pg/triggers.ts)",
  "src/totals/verify.ts": "SQLite consistency check on the raw connection (db:verify, tests)",
  "src/backup.ts": "npm run backup: SQLite's online backup API on the raw connection",
  "src/scheduler/schedule-triggers.ts":
    "SQLite triggers and backfill on the raw connection, run by openStore",
  "src/ops/":
    "health write probe, database size and backups: SQLite pragmas and backup API on the raw connection",
};

const RULES: Array<[RegExp, string]> = [
  [/\.(all|get|run|pluck)\(\s*\)/, "SQLite-only builder call: await the query (first()/one() for a row)"],
  [/\)\s*\.values\(\s*\)/, "SQLite-only builder call .values(): await the query"],
  [
    /\.transaction\(/,
    "synchronous drizzle transaction: use transaction(db, async (tx) => …) from src/db/tx.ts",
  ],
  [
    /(^|[^\w.])(\w+\.)?db\s*\.\s*(all|get|run|values)\s*[<(]/,
    "raw SQL on the handle: use rawAll/rawGet/rawRun (src/db/raw.ts)",
  ],
  [
    /(^|[^\w.])(\w+\.)?db\s*\.\s*(insert|update|delete)\(/,
    "a write outside a transaction: write on the `tx` of transaction(db, async (tx) => …)",
  ],
  [/from "better-sqlite3"/, "better-sqlite3 in domain code"],
];

/** Violations in one file's text, as `line: reason`. */
function violations(text: string): string[] {
  // Join each chain onto one line, so `db\n  .insert(…)` is seen whole.
  const lines = text.replace(/\n\s*(?=\.)/g, " ").split("\n");
  return lines.flatMap((line, i) =>
    RULES.filter(([re]) => re.test(line)).map(([, why]) => `${i + 1}: ${why}: ${line.trim().slice(0, 80)}`),
  );
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

describe("the data layer is async and dialect-neutral", () => {
  it("has no SQLite-only query call, sync transaction or write outside a transaction in domain code", () => {
    const found = [...tsFiles(join(ROOT, "src")), ...tsFiles(join(ROOT, "commands"))]
      .map((f) => relative(ROOT, f))
      .filter((f) => !Object.keys(ALLOWED).some((a) => f.startsWith(a)))
      .flatMap((f) => violations(readFileSync(join(ROOT, f), "utf8")).map((v) => `${f}:${v}`));
    expect(found).toEqual([]);
  });

  it("catches each forbidden shape", () => {
    const bad = [
      "const rows = db.select().from(entries).all();",
      "const row = tx\n  .select()\n  .from(entries)\n  .get();",
      "tx.delete(entries).run();",
      "db.transaction((tx) => {",
      "const n = db.get<{ n: number }>(sql`select 1`);",
      "await deps.db\n    .update(posts)\n    .set({ status: 'sent' });",
      "await db.insert(entries).values(row);",
      'import Database from "better-sqlite3";',
      "const names = stmt.pluck();",
    ];
    expect(bad.map((b) => violations(b).length)).toEqual(bad.map(() => 1));
    const good = [
      "const rows = await db.select().from(entries);",
      "await tx.insert(entries).values(row);",
      "const hash = createHash('sha256').update(key).digest();",
      "inFlight.delete(p);",
      "const list = [...commands.values()];",
      "await transaction(db, async (tx) => tx.delete(entries));",
    ];
    expect(good.flatMap(violations)).toEqual([]);
  });
});
