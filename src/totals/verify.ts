/**
 * `verifyDerived`: recomputes every derived table from `entries` into temporary
 * tables and lists the rows that differ. The property test and
 * `npm run db:verify` both rely on it.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
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
export function verifyDerived(db: Db, limit = 10): VerifyReport {
  const counts = Object.fromEntries(DERIVED_TABLES.map((t) => [t, 0])) as Record<DerivedTable, number>;
  const differences: Difference[] = [];
  db.transaction((tx) => {
    for (const t of DERIVED_TABLES) {
      tx.run(sql.raw(`drop table if exists ${verifyTables(t)}`));
      tx.run(sql.raw(`create temp table v_${t} as select * from ${mainTables(t)} where 0`));
    }
    deriveAll(tx, verifyTables);
    for (const t of DERIVED_TABLES) {
      for (const [side, a, b] of [
        ["stored", mainTables(t), verifyTables(t)],
        ["expected", verifyTables(t), mainTables(t)],
      ] as const) {
        const diff = `select * from ${a} except select * from ${b}`;
        const n = tx.get<{ n: number }>(sql.raw(`select count(*) as n from (${diff})`))?.n ?? 0;
        counts[t] += n;
        for (const row of tx.all<Record<string, unknown>>(sql.raw(`${diff} limit ${limit}`))) {
          differences.push({ table: t, side, row });
        }
      }
    }
    for (const t of DERIVED_TABLES) tx.run(sql.raw(`drop table ${verifyTables(t)}`));
  });
  return { ok: differences.length === 0, counts, differences };
}
