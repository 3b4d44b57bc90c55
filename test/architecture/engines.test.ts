/**
 * One set of domain functions on either engine (issue 12): domain code reads
 * its tables from src/db/tables.ts (which the store opener points at the
 * engine's schema), only src/db/ knows which engine runs, and every domain and
 * e2e test runs on both engines or says why not (test/engines.ts).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ON_BOTH_FILES, ON_BOTH_FOLDERS, SQLITE_ONLY } from "../engines";

const ROOT = resolve(import.meta.dirname, "../..");

function files(dir: string, ext = ".ts"): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return files(path, ext);
    return name.endsWith(ext) ? [path] : [];
  });
}

/** Code that may import a schema module itself, and why. */
const SCHEMA_IMPORTS: Record<string, string> = {
  "src/db/": "the schema modules, the store openers and tables.ts itself",
  "src/demo/": "npm run demo: an in-memory SQLite world (openStore), never PostgreSQL",
  "src/seed/": "npm run seed: bulk SQLite generator",
};

const allowed = (path: string, list: Record<string, string>) =>
  Object.keys(list).some((p) => (p.endsWith("/") ? path.startsWith(p) : path === p));

const SCHEMA_IMPORT = /from\s+"[./]*(?:src\/)?db\/(?:pg\/)?schema[\w-]*"/;

describe("one set of domain functions for both engines", () => {
  const code = [...files("src"), ...files("commands")].map((path) => ({
    path,
    text: readFileSync(join(ROOT, path), "utf8"),
  }));

  it("domain code imports its tables from src/db/tables.ts, never a schema module", () => {
    const offenders = code.filter((f) => !allowed(f.path, SCHEMA_IMPORTS) && SCHEMA_IMPORT.test(f.text));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it("only src/db/ asks which engine runs (dialect SQL goes through dialectSql())", () => {
    const asks = code.filter(
      (f) => !f.path.startsWith("src/db/") && /\b(useDialect|dialect)\(\)|\buseDialect\(/.test(f.text),
    );
    expect(asks.map((f) => f.path)).toEqual([]);
  });

  it("the checks find what they look for", () => {
    expect(SCHEMA_IMPORT.test('import { entries } from "../db/schema";')).toBe(true);
    expect(SCHEMA_IMPORT.test('import { entries } from "../../db/pg/schema-totals";')).toBe(true);
    expect(SCHEMA_IMPORT.test('import { entries } from "../db/tables";')).toBe(false);
  });
});

describe("every domain and e2e test runs on both engines or says why not", () => {
  // test folders of code that touches the database, and the end-to-end tests
  const DOMAIN = [...ON_BOTH_FOLDERS, "scheduler", "totals"];
  const tests = DOMAIN.flatMap((folder) => files(`test/${folder}`, ".test.ts"));

  it("is in the pg project or listed in test/engines.ts with a reason", () => {
    const onBoth = (path: string) =>
      ON_BOTH_FILES.includes(path) || ON_BOTH_FOLDERS.some((folder) => path.startsWith(`test/${folder}/`));
    const unaccounted = tests.filter((path) => !allowed(path, SQLITE_ONLY) && !onBoth(path));
    expect(unaccounted).toEqual([]);
    expect(tests.length).toBeGreaterThan(50);
  });

  it("lists only files that exist, each with a reason", () => {
    for (const [path, reason] of Object.entries(SQLITE_ONLY)) {
      expect(statSync(join(ROOT, path)).isFile() || statSync(join(ROOT, path)).isDirectory()).toBe(true);
      expect(reason.length, path).toBeGreaterThan(20);
    }
    for (const path of ON_BOTH_FILES) expect(statSync(join(ROOT, path)).isFile()).toBe(true);
  });
});
