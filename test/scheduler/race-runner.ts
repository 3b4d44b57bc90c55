/**
 * One scheduler process for test/scheduler/shards.test.ts: opens the shared
 * database, waits until the file `go` exists (so every process ticks together),
 * runs one tick at a fixed instant (as a shard when SHARD is "id/count") and
 * prints one JSON line: the keys it sent and the channels it posted to.
 */
import { existsSync } from "node:fs";
import { ManualClock } from "../../src/clock";
import { openStore } from "../../src/db/client";
import { createLogger } from "../../src/log";
import { createScheduler } from "../../src/scheduler/runner";
import { RecordingPoster } from "../helpers/poster";

const [path, go, at, shardArg] = process.argv.slice(2);
if (!path || !go || !at) throw new Error("usage: race-runner.ts DB GO_FILE ISO_TIME [id/count]");
const [id, count] = (shardArg ?? "").split("/").map(Number);
const shard = id !== undefined && count !== undefined && count > 0 ? { id, count } : undefined;
const store = openStore(path);
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
store.close();
process.stdout.write(
  `${JSON.stringify({ sent: report.sent, channels: poster.posts.map((p) => p.channelId) })}\n`,
);
