/**
 * `verifyDerived`: recomputes every derived table from `entries` into temporary
 * tables and lists the rows that differ. The property test and
 * `npm run db:verify` both rely on it.
 */
import type Database from "better-sqlite3";
import { DERIVED_TABLES, type DerivedTable, deriveAll, mainTables, verifyTables } from "./derive";

export interface Difference {
  table: DerivedTable;
  /** `stored` = in the derived table but not in the recomputation; `expected` = the reverse */
  side: "stored" | "expected";
  row: Record<string, unknown>;
}

export interface VerifyReport {
  ok: boolean;
  /** how many rows differ per table (both sides) */
  counts: Record<DerivedTable, number>;
  /** the first differences, up to `limit` per table */
  differences: Difference[];
}

/** Runs in one read transaction; leaves nothing behind but temporary tables it drops. */
export function verifyDerived(sqlite: Database.Database, limit = 10): VerifyReport {
  const counts = Object.fromEntries(DERIVED_TABLES.map((t) => [t, 0])) as Record<DerivedTable, number>;
  const differences: Difference[] = [];
  sqlite.transaction(() => {
    for (const t of DERIVED_TABLES) {
      sqlite.exec(`drop table if exists ${verifyTables(t)}`);
      sqlite.exec(`create temp table v_${t} as select * from ${mainTables(t)} where 0`);
    }
    deriveAll(sqlite, verifyTables);
    for (const t of DERIVED_TABLES) {
      for (const [side, a, b] of [
        ["stored", mainTables(t), verifyTables(t)],
        ["expected", verifyTables(t), mainTables(t)],
      ] as const) {
        const diff = `select * from ${a} except select * from ${b}`;
        counts[t] += sqlite.prepare(`select count(*) from (${diff})`).pluck().get() as number;
        for (const row of sqlite.prepare(`${diff} limit ${limit}`).all() as Array<Record<string, unknown>>) {
          differences.push({ table: t, side, row });
        }
      }
    }
    for (const t of DERIVED_TABLES) sqlite.exec(`drop table ${verifyTables(t)}`);
  })();
  return { ok: differences.length === 0, counts, differences };
}
