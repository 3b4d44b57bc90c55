/**
 * `npm run db:copy -- --from data/shiplog.db --to postgres://… [--schema NAME]`:
 * copies a shiplog SQLite database into an empty PostgreSQL database (or
 * schema), verifies it and prints a summary (src/db/pg/copy.ts). Progress goes
 * to stderr; the summary is one line on stdout. Stop the bot first: the copy
 * reads a snapshot, and entries logged meanwhile would not be in it.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { isPostgresUrl } from "../src/config";
import { connectPg, DatabaseUrlError, redactUrl } from "../src/db/pg/connect";
import { CopyError, copySqliteToPg } from "../src/db/pg/copy";

const USAGE =
  "usage: npm run db:copy -- --from data/shiplog.db --to postgres://user@host:5432/database [--schema NAME]";

const { values } = parseArgs({
  options: { from: { type: "string" }, to: { type: "string" }, schema: { type: "string" } },
});
const fail = (line: string, code = 1): never => {
  process.stderr.write(`${line}\n`);
  process.exit(code);
};

if (!values.from || !values.to) fail(USAGE, 2);
const from = values.from as string;
const to = values.to as string;
if (!isPostgresUrl(to)) fail(`db:copy: --to must be a postgres:// or postgresql:// URL (${USAGE})`, 2);
if (!existsSync(from)) fail(`db:copy: ${from} does not exist`);

const sqlite = new Database(from, { readonly: true, fileMustExist: true });
try {
  const pool = await connectPg(to, { max: 1, ...(values.schema ? { schema: values.schema } : {}) });
  const client = await pool.connect();
  try {
    const where = `${from} to ${redactUrl(to)}${values.schema ? ` (schema ${values.schema})` : ""}`;
    const summary = await copySqliteToPg(sqlite, client, (line) => process.stderr.write(`${line}\n`), where);
    process.stdout.write(
      `${JSON.stringify({ msg: "copied and verified", ...summary, tables: undefined, per_table: summary.tables })}\n`,
    );
  } finally {
    client.release();
    await pool.end();
  }
} catch (error) {
  if (error instanceof CopyError) fail(`db:copy: ${error.message}; nothing was copied`);
  if (error instanceof DatabaseUrlError) fail(error.message);
  throw error;
} finally {
  sqlite.close();
}
