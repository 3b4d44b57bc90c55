/**
 * A long fuzz campaign (issue 9): `npm run fuzz -- --runs 10000`. Runs the same
 * property as `npm test` (test/fuzz/fuzz.test.ts, a few hundred runs there) with
 * more runs, and prints how many interactions were sent.
 */
import { spawnSync } from "node:child_process";

const i = process.argv.indexOf("--runs");
const runs = i >= 0 ? Number(process.argv[i + 1]) : 10_000;
if (!Number.isSafeInteger(runs) || runs < 1) {
  process.stderr.write("--runs needs a positive whole number\n");
  process.exit(1);
}
const result = spawnSync(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "test/fuzz"], {
  stdio: "inherit",
  env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_REPORT: "1" },
});
process.exit(result.status ?? 1);
