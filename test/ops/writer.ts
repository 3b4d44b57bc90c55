/**
 * A steady stream of writes from another process, for the backup tests:
 * seeds `SEED` rows of 4 KB in one go (so the database spans several backup
 * steps), prints "seeded", then commits one row per event-loop turn until killed.
 */
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";

const [path, seed = "3000"] = process.argv.slice(2);
if (!path) throw new Error("usage: writer.ts DATABASE_PATH [SEED]");
const db = new Database(path, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
db.exec(
  "CREATE TABLE IF NOT EXISTS backup_load (id INTEGER PRIMARY KEY AUTOINCREMENT, payload BLOB NOT NULL)",
);
const insert = db.prepare("INSERT INTO backup_load (payload) VALUES (?)");
db.transaction(() => {
  for (let i = 0; i < Number(seed); i++) insert.run(randomBytes(4096));
})();
process.stdout.write("seeded\n");
const step = () => {
  insert.run(randomBytes(4096));
  setImmediate(step);
};
step();
process.on("SIGTERM", () => {
  db.close();
  process.exit(0);
});
