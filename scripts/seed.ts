/**
 * `npm run seed -- --database PATH --guild ID --members N --entries M [--small-guilds K] [--days D]
 *  [--now ISO] [--seed S] [--force]` (SPEC §7): builds a realistic database. Refuses an existing
 * non-empty file unless `--force`. Progress goes to stderr; one summary line to stdout.
 */
import { existsSync, rmSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { openStore } from "../src/db/client";
import { createLogger } from "../src/log";
import { seedDatabase } from "../src/seed/seed";

const { values } = parseArgs({
  options: {
    database: { type: "string" },
    guild: { type: "string", default: "100000000000000001" },
    members: { type: "string", default: "200" },
    entries: { type: "string", default: "20000" },
    "small-guilds": { type: "string", default: "0" },
    days: { type: "string", default: "365" },
    now: { type: "string" },
    seed: { type: "string", default: "8" },
    force: { type: "boolean", default: false },
  },
});

function count(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, got ${text}`);
    process.exit(2);
  }
  return n;
}

const path = values.database;
if (!path) {
  console.error(
    "usage: npm run seed -- --database PATH --guild ID --members N --entries M [--small-guilds K] [--days D] [--force]",
  );
  process.exit(2);
}
if (existsSync(path) && statSync(path).size > 0) {
  if (!values.force) {
    console.error(`${path} already exists and is not empty; pass --force to replace it`);
    process.exit(1);
  }
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
}
const log = createLogger("info", (line) => process.stderr.write(`${line}\n`));
const store = openStore(path, { log });
const summary = seedDatabase(store, {
  guildId: values.guild,
  members: count("members", values.members),
  entries: count("entries", values.entries),
  smallGuilds: count("small-guilds", values["small-guilds"]),
  days: count("days", values.days),
  seed: count("seed", values.seed),
  log,
  ...(values.now ? { now: new Date(values.now) } : {}),
});
store.close();
console.log(
  `seeded ${path}: ${summary.guilds} guilds, ${summary.members} members, ${summary.entries} entries (${summary.removed} removed, ${summary.projects} projects), ${summary.checkins} check-ins in ${(summary.ms / 1000).toFixed(1)} s`,
);
