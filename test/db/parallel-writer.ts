/**
 * One of several processes logging hours into the same SQLite file at once, for
 * test/db/processes.test.ts: waits until the file `go` exists (so every writer
 * starts together), then logs `count` entries through the bot's real write path
 * (logHours: guild, member, cap check, entry, derived totals, milestones) and
 * prints one JSON line: how many were stored and every error it met.
 */
import { existsSync } from "node:fs";
import { openStore } from "../../src/db/client";
import { logHours } from "../../src/logs/hours";

const [path, go, writer, count] = process.argv.slice(2);
if (!path || !go || !writer || !count) throw new Error("usage: parallel-writer.ts DB GO_FILE WRITER COUNT");
const NOW = new Date("2026-11-22T12:00:00Z");
const GUILDS = ["860000000000000001", "860000000004194305"];
const store = openStore(path);
process.stdout.write("opened\n");
while (!existsSync(go)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
let stored = 0;
const errors: string[] = [];
for (let i = 0; i < Number(count); i += 1) {
  const ref = {
    guildId: GUILDS[i % GUILDS.length] as string,
    userId: `87${writer}000000000000${i % 7}`,
    displayName: `writer ${writer} member ${i % 7}`,
  };
  try {
    const r = logHours(
      store.db,
      ref,
      `w${writer}-${i}`,
      { hours: 0.25, kind: i % 3 ? "build" : "learn" },
      NOW,
    );
    if (r.created) stored += 1;
  } catch (error) {
    errors.push(`${(error as { code?: string }).code ?? ""} ${String(error)}`);
  }
}
store.close();
process.stdout.write(`${JSON.stringify({ writer, stored, errors })}\n`);
