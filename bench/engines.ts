/**
 * `npm run bench:engines [-- --entries N --members N --small-guilds K --database PATH --reuse
 *  --pg URL --runs N --writes N]`: SQLite and PostgreSQL side by side in one run, on the same
 * seeded data (seeded into SQLite with `npm run seed`'s code, copied with `db:copy`'s code into a
 * fresh PostgreSQL schema that is dropped at the end), running the same SQL the bot's hot paths
 * run — the board floors, the profile reads, the weekly check-in summary read, the `/log hours`
 * write path with the derived-totals triggers — with the same callers in the same order; then
 * PostgreSQL's commit throughput with 1, 4 and 16 clients. That is the SQL floor on each engine;
 * beside it, the bot's own domain functions (`leaderboard`, `memberProfile`, `logHours`, the weekly
 * posts) timed on each engine in a child process of its own (the engine is chosen per process),
 * with their leaderboard answers compared too (`--no-domain` leaves them out). See
 * bench/engines/run.ts, bench/engines/bot.ts and docs/performance.md.
 */
import { parseArgs } from "node:util";
import { DatabaseUrlError } from "../src/db/pg/connect";
import { domainTable } from "./engines/bot";
import { load } from "./engines/measure";
import { markdownTable, runEngines } from "./engines/run";

const { values } = parseArgs({
  options: {
    entries: { type: "string", default: "1000000" },
    members: { type: "string", default: "100000" },
    "small-guilds": { type: "string", default: "100" },
    database: { type: "string" },
    reuse: { type: "boolean", default: false },
    pg: { type: "string" },
    runs: { type: "string", default: "200" },
    writes: { type: "string", default: "400" },
    check: { type: "string", default: "50" },
    "no-domain": { type: "boolean", default: false },
  },
});
const count = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, got ${values[name]}`);
    process.exit(2);
  }
  return n;
};
const entries = count("entries");
const members = count("members");
const smallGuilds = count("small-guilds");
const pgUrl = values.pg ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const started = performance.now();
console.log(`load average at start ${load()}`);
const result = await runEngines({
  database: values.database ?? `/tmp/shiplog-engines-${entries}-${members}-${smallGuilds}.db`,
  reuse: values.reuse ?? false,
  guildId: "100000000000000001",
  members,
  entries,
  smallGuilds,
  now: new Date("2026-11-22T12:00:00Z"),
  pgUrl,
  runs: count("runs"),
  writes: count("writes"),
  clients: [1, 4, 16],
  check: count("check"),
  domain: !values["no-domain"],
  print: (line) => process.stderr.write(`${line}\n`),
}).catch((error: unknown) => {
  // an unreachable server or a refused login: the one line connectPg wrote, not a stack
  if (error instanceof DatabaseUrlError) {
    console.error(`bench:engines: ${error.message} (--pg or TEST_DATABASE_URL)`);
    process.exit(1);
  }
  throw error;
});
console.log(`\n${result.seeded}; copied to PostgreSQL in ${(result.copyMs / 1000).toFixed(1)} s`);
for (const [k, v] of Object.entries(result.settings)) console.log(`${k}: ${v}`);
console.log(
  `answers: ${result.compared - result.mismatches.length} of ${result.compared} equal on both engines`,
);
for (const m of result.mismatches.slice(0, 5))
  console.log(
    `  differs: ${m.label}, caller ${m.caller}\n    SQLite     ${m.sqlite}\n    PostgreSQL ${m.pg}`,
  );
console.log(`\n${markdownTable(result.rows)}\n`);
if (result.domain.length > 0)
  console.log(`The bot's own functions, beside the floor:\n\n${domainTable(result.domain)}\n`);
console.log(`load average at end ${load()}; ${((performance.now() - started) / 1000).toFixed(0)} s in all`);
if (result.mismatches.length > 0) process.exitCode = 1;
