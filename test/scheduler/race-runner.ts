/**
 * One scheduler process for test/scheduler/race.test.ts: opens the shared
 * database (an SQLite path, or a postgres:// URL as DATABASE_URL would name it),
 * waits until the file `go` exists (so every process ticks together), runs one
 * tick at a fixed instant (as a shard when SHARD is "id/count") and prints one
 * JSON line: the keys it sent and the channels it posted to.
 */
import { existsSync } from "node:fs";
import { ManualClock } from "../../src/clock";
import { openStore } from "../../src/db/client";
import { openPgStore } from "../../src/db/pg/store";
import { createLogger } from "../../src/log";
import { createScheduler } from "../../src/scheduler/runner";
import { RecordingPoster } from "../helpers/poster";

const [target, go, at, shardArg] = process.argv.slice(2);
if (!target || !go || !at)
  throw new Error("usage: race-runner.ts DB_PATH_OR_URL GO_FILE ISO_TIME [id/count]");
const [id, count] = (shardArg ?? "").split("/").map(Number);
const shard = id !== undefined && count !== undefined && count > 0 ? { id, count } : undefined;
const store = /^postgres(ql)?:\/\//.test(target)
  ? await openPgStore(target)
  : (() => {
      const s = openStore(target);
      return { db: s.db, close: async () => s.close() };
    })();
const poster = new RecordingPoster();
const scheduler = createScheduler({
  db: store.db,
  clock: new ManualClock(at),
  log: createLogger("error", (line) => process.stderr.write(`${line}\n`)),
  poster,
  ...(shard ? { shard } : {}),
});
process.stdout.write("opened\n");
while (!existsSync(go)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
const report = await scheduler.tick();
await store.close();
process.stdout.write(
  `${JSON.stringify({ sent: report.sent, channels: poster.posts.map((p) => p.channelId) })}\n`,
);
