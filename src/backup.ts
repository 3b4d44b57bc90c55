/** `npm run backup [-- PATH]`: a consistent copy of the database, safe while the bot runs (SPEC §6). */
import Database from "better-sqlite3";
import { ConfigError, loadDotEnv, parseDatabaseConfig } from "./config";
import { BackupError, backupDatabase, resolveBackupTarget } from "./ops/backup";

const USAGE = "usage: npm run backup [-- PATH]   (PATH: a file, or a folder for a timestamped file)";

loadDotEnv();
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
try {
  if (args.length > 1) throw new BackupError(`one PATH at most; ${USAGE}`);
  const { DATABASE_PATH } = parseDatabaseConfig(process.env);
  const target = resolveBackupTarget(DATABASE_PATH, args[0], new Date());
  // A connection of our own: the running bot's writes restart the copy, handled in backupDatabase.
  const source = new Database(DATABASE_PATH, { fileMustExist: true });
  source.pragma("busy_timeout = 5000");
  try {
    const { path, pages } = await backupDatabase(source, target);
    process.stdout.write(`shiplog: backed up ${DATABASE_PATH} to ${path} (${pages} pages)\n`);
  } finally {
    source.close();
  }
} catch (error) {
  let line: string;
  if (error instanceof ConfigError) line = error.message;
  else if (error instanceof BackupError) line = `shiplog: ${error.message}`;
  else line = `shiplog: backup failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${line}\n`);
  process.exit(1);
}
