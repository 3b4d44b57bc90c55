/**
 * `npm run db:verify -- --database PATH`: recomputes every derived table from
 * `entries` and compares. Exit 0 when they match; exit 1 with the first
 * differences otherwise.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { openStore } from "../src/db/client";
import { verifyDerived } from "../src/totals/verify";

const { values } = parseArgs({
  options: { database: { type: "string" }, limit: { type: "string", default: "5" } },
});
if (!values.database || !existsSync(values.database)) {
  console.error("usage: npm run db:verify -- --database PATH (an existing shiplog database)");
  process.exit(2);
}
const store = openStore(values.database);
const started = performance.now();
const report = verifyDerived(store.sqlite, Number(values.limit) || 5);
store.close();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (report.ok) {
  console.log(`derived tables match entries (${seconds} s)`);
} else {
  const counts = Object.entries(report.counts)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${t}: ${n}`)
    .join(", ");
  console.log(`derived tables differ from entries (${counts}); first differences:`);
  for (const d of report.differences) console.log(`  ${d.table} ${d.side}: ${JSON.stringify(d.row)}`);
  process.exitCode = 1;
}
