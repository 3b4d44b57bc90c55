/**
 * One engine's half of the bot's-functions section of `npm run bench:engines`, in a
 * process of its own (the engine is chosen per process, src/db/tables.ts):
 *
 *   node --import tsx bench/engines/domain.ts --engine sqlite --database PATH …
 *   node --import tsx bench/engines/domain.ts --engine pg --pg URL --schema NAME …
 *
 * Opens the store as the bot does (openStore; on PostgreSQL a pool on the
 * already prepared schema, pgStoreOver), runs ./bot.ts `runDomain`, and writes
 * its result as JSON on stdout (progress on stderr).
 */
import { parseArgs } from "node:util";
import { openStore } from "../../src/db/client";
import { connectPg } from "../../src/db/pg/connect";
import { pgStoreOver } from "../../src/db/pg/store";
import { runDomain } from "./bot";

const { values } = parseArgs({
  options: {
    engine: { type: "string" },
    database: { type: "string" },
    pg: { type: "string" },
    schema: { type: "string" },
    guild: { type: "string" },
    now: { type: "string" },
    runs: { type: "string", default: "200" },
    writes: { type: "string", default: "400" },
    check: { type: "string", default: "50" },
    stamp: { type: "string", default: `bot-${Date.now()}` },
  },
});
const fail = (why: string): never => {
  console.error(`bench/engines/domain.ts: ${why}`);
  process.exit(2);
};
const count = (name: "runs" | "writes" | "check") => {
  const n = Number(values[name]);
  return Number.isSafeInteger(n) && n >= 0
    ? n
    : fail(`--${name} must be a whole number, got ${values[name]}`);
};
const now = new Date(values.now ?? "");
if (Number.isNaN(now.getTime())) fail(`--now must be an ISO instant, got ${values.now}`);
const options = {
  guildId: values.guild || fail("--guild is required"),
  now,
  runs: count("runs"),
  writes: count("writes"),
  check: count("check"),
  stamp: values.stamp as string,
};

let result: Awaited<ReturnType<typeof runDomain>>;
if (values.engine === "sqlite") {
  const store = openStore(values.database || fail("--database is required for --engine sqlite"));
  try {
    result = await runDomain(store.db, options);
  } finally {
    store.close();
  }
} else if (values.engine === "pg") {
  const pool = await connectPg(values.pg || fail("--pg is required for --engine pg"), {
    schema: values.schema || fail("--schema is required for --engine pg"),
    max: 2,
  });
  const store = pgStoreOver(pool);
  try {
    result = await runDomain(store.db, options);
  } finally {
    await store.close();
  }
} else {
  result = fail(`--engine must be sqlite or pg, got ${values.engine}`);
}
process.stdout.write(JSON.stringify(result));
