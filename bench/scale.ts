/**
 * `npm run bench -- --scale [--entries N] [--members N] [--small-guilds K] [--tick-guilds G] [--database PATH]`:
 * the hot paths on a big database (default 10M entries, a 100,000-member guild,
 * 1,000 small guilds; built once with the seeder and reused from /tmp). Prints
 * p50/p99 per operation and, where one exists, the ratio to the floor: the
 * fewest raw SQL statements that answer the same question from the same
 * tables, through prepared statements and nothing else.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { weeklyCheckinPost } from "../src/checkins/weekly";
import { ManualClock } from "../src/clock";
import { openStore } from "../src/db/client";
import { leaderboard, METRICS } from "../src/leaderboards/leaderboard";
import { currentPeriod, PERIOD_NAMES } from "../src/leaderboards/periods";
import { weeklyLeaderboardPost } from "../src/leaderboards/weekly";
import { createLogger } from "../src/log";
import { logHours } from "../src/logs/hours";
import { memberProfile } from "../src/profile/profile";
import { createScheduler, TICK_SLICE } from "../src/scheduler/runner";
import { seedDatabase } from "../src/seed/seed";
import { weekStart } from "../src/time/dates";

const { values } = parseArgs({
  options: {
    scale: { type: "boolean", default: true },
    entries: { type: "string", default: "10000000" },
    members: { type: "string", default: "100000" },
    "small-guilds": { type: "string", default: "1000" },
    "tick-guilds": { type: "string", default: "10000" },
    database: { type: "string" },
    runs: { type: "string", default: "200" },
  },
});
const ENTRIES = Number(values.entries);
const MEMBERS = Number(values.members);
const SMALL = Number(values["small-guilds"]);
const RUNS = Number(values.runs);
const GUILD = "100000000000000001";
const NOW = new Date("2026-11-22T12:00:00Z");
const path = values.database ?? `/tmp/shiplog-scale-${ENTRIES}-${MEMBERS}-${SMALL}.db`;
const log = createLogger("info", (line) => process.stderr.write(`${line}\n`));

const fresh = !existsSync(path);
const seedStart = performance.now();
const store = openStore(path, { log });
if (fresh) {
  const s = seedDatabase(store, {
    guildId: GUILD,
    members: MEMBERS,
    entries: ENTRIES,
    smallGuilds: SMALL,
    now: NOW,
    log,
  });
  console.log(
    `seeded ${path}: ${s.entries} entries, ${s.members} members, ${s.guilds} guilds in ${(s.ms / 1000).toFixed(1)} s`,
  );
} else {
  console.log(`reusing ${path} (opened in ${(performance.now() - seedStart).toFixed(0)} ms)`);
}
const { db, sqlite } = store;
sqlite.pragma("cache_size = -200000");
const userIds = (
  sqlite.prepare("select user_id as u from members where guild_id = ? order by user_id").all(GUILD) as Array<{
    u: string;
  }>
).map((r) => r.u);
let rnd = 8;
const random = () => {
  rnd = (rnd * 1103515245 + 12345) % 2147483648;
  return rnd / 2147483648;
};
const anyMember = () => userIds[Math.floor(random() * userIds.length)] ?? GUILD;
/** The same callers, in the same order, for a measured path and its floor. */
const callers = Array.from({ length: 4096 }, anyMember);
const caller = (i: number) => callers[i % callers.length] ?? GUILD;

interface Row {
  label: string;
  p50: number;
  p99: number;
  floor?: number;
}
const rows: Row[] = [];

async function measure(runs: number, fn: (i: number) => unknown): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < Math.min(5, runs); i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

async function report(
  label: string,
  runs: number,
  fn: (i: number) => unknown,
  floor?: (i: number) => unknown,
): Promise<void> {
  const m = await measure(runs, fn);
  const row: Row = { label, ...m };
  if (floor) row.floor = (await measure(runs, floor)).p50;
  rows.push(row);
  const ratio = row.floor ? `  ×${(m.p50 / row.floor).toFixed(1)} of floor ${row.floor.toFixed(3)} ms` : "";
  console.log(
    `${label.padEnd(44)} p50 ${m.p50.toFixed(3).padStart(9)} ms  p99 ${m.p99.toFixed(3).padStart(9)} ms${ratio}`,
  );
}

const COLUMN = { hours: "minutes", build: "build_minutes", projects: "projects" } as const;
const monday = weekStart(NOW.toISOString().slice(0, 10));
const month = NOW.toISOString().slice(0, 7);
/**
 * The floor of one board: the same answer (top 10 with names, the caller's score
 * and rank, the participant count) in the fewest prepared statements over the
 * same tables, with no ranking code around them.
 */
const floorOf = (period: (typeof PERIOD_NAMES)[number], metric: (typeof METRICS)[number]) => {
  const named = (inner: string) =>
    sqlite.prepare(`select t.user_id, t.score, m.display_name from (${inner}) t
left join members m on m.guild_id = ? and m.user_id = t.user_id`);
  if (metric === "streak") {
    const top = named(
      "select user_id, last_run as score from member_totals where guild_id = ? and current_until > ? and last_run > 0 order by last_run desc limit 10",
    );
    const own = sqlite.prepare(
      "select last_run as s from member_totals where guild_id = ? and user_id = ? and current_until > ?",
    );
    const count = sqlite.prepare(
      "select sum(members) from streak_counts where guild_id = ? and current_until > ? and last_run > ?",
    );
    return (i: number) => {
      top.all(GUILD, NOW.getTime(), GUILD);
      const s = (own.get(GUILD, caller(i), NOW.getTime()) as { s: number } | undefined)?.s ?? 0;
      if (s > 0) count.get(GUILD, NOW.getTime(), s);
      count.get(GUILD, NOW.getTime(), 0);
    };
  }
  const col = COLUMN[metric];
  const [table, scope, key] =
    period === "week"
      ? ["member_weeks", `and week_start = '${monday}'`, monday]
      : period === "month"
        ? ["member_months", `and month = '${month}'`, month]
        : ["member_totals", "", "*"];
  const top = named(
    `select user_id, ${col} as score from ${table} where guild_id = ? ${scope} and ${col} > 0 order by ${col} desc limit 10`,
  );
  const own = sqlite.prepare(`select ${col} as s from ${table} where guild_id = ? ${scope} and user_id = ?`);
  const rank = sqlite.prepare(`select count(*) from ${table} where guild_id = ? ${scope} and ${col} > ?`);
  const size = sqlite.prepare(
    "select members from board_sizes where guild_id = ? and scope = ? and metric = ?",
  );
  return (i: number) => {
    top.all(GUILD, GUILD);
    const s = (own.get(GUILD, caller(i)) as { s: number } | undefined)?.s ?? 0;
    if (s > 0) rank.get(GUILD, s);
    size.get(GUILD, key, metric);
  };
};

console.log(`\nmachine: see docs/performance.md; node ${process.version}; ${RUNS} runs per line\n`);
for (const period of PERIOD_NAMES) {
  const p = await currentPeriod(db, GUILD, period, NOW);
  for (const metric of METRICS) {
    await report(
      `/leaderboard period:${period} metric:${metric}`,
      RUNS,
      (i) => leaderboard(db, { guildId: GUILD, metric, period: p, now: NOW, callerId: caller(i) }),
      floorOf(period, metric),
    );
  }
}
const heavy = (
  sqlite
    .prepare("select user_id as u from member_totals where guild_id = ? order by minutes desc limit 1")
    .get(GUILD) as { u: string }
).u;
await report("/profile (random member)", RUNS, () => memberProfile(db, GUILD, anyMember(), NOW));
await report("/profile (most active member)", RUNS, () => memberProfile(db, GUILD, heavy, NOW));
const stamp = Date.now();
// a fresh interaction id per call (warm-up runs included): an id seen before from another member is refused
let logged = 0;
await report("/log hours (committed, with upkeep)", RUNS, () =>
  logHours(
    db,
    { guildId: GUILD, userId: anyMember(), displayName: "bench" },
    `bench-${stamp}-${logged++}`,
    { hours: 0.25, kind: "build" },
    NOW,
  ),
);
await report("weekly check-in post, big guild", Math.max(10, RUNS / 10), () =>
  weeklyCheckinPost(db, GUILD, "2026-11-23", NOW),
);
await report("weekly leaderboard post, big guild", Math.max(10, RUNS / 10), () =>
  weeklyLeaderboardPost(db, GUILD, "2026-11-22", NOW),
);

// The tick: make sure there are --tick-guilds guilds with channels, settle the first look, then time minute ticks.
const want = Number(values["tick-guilds"]);
const have = (sqlite.prepare("select count(*) as n from guilds").get() as { n: number }).n;
if (have < want) {
  const ins =
    sqlite.prepare(`insert into guilds (id, timezone, prompt_time, checkin_time, prompts_channel_id, checkins_channel_id, leaderboard_channel_id, created_at)
values (?, ?, ?, ?, '1', '2', '3', ?)`);
  const zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Tokyo"];
  sqlite.transaction(() => {
    for (let i = have; i < want; i++)
      ins.run(
        String(900_000_000_000_000_000n + BigInt(i)),
        zones[i % zones.length],
        (i * 7) % 1440,
        (i * 13) % 1440,
        NOW.getTime(),
      );
  })();
}
// As after a restart: every guild due for a look, no posts from earlier runs of this bench.
sqlite.exec("update schedule_next set due_at = 0; delete from posts; delete from schedule_state;");
// The real scheduler with a poster that answers at once: decision, claims, post building and bookkeeping.
const clock = new ManualClock(NOW);
const scheduler = createScheduler({
  db,
  clock,
  log: createLogger("error", () => {}),
  poster: {
    post: async () => ({ messageId: "1" }),
    startThread: async () => {},
    edit: async () => {},
    findPosted: async () => null,
  },
});
const first = performance.now();
const firstReport = await scheduler.tick();
console.log(
  `first tick after start (every guild looked at once, ${firstReport.sent.length} posts built and settled): ${(performance.now() - first).toFixed(0)} ms in slices of ${TICK_SLICE} guilds`,
);
const ticks: number[] = [];
let posted = 0;
for (let minute = 1; minute <= 240; minute++) {
  clock.set(new Date(NOW.getTime() + minute * 60_000));
  const t = performance.now();
  posted += (await scheduler.tick()).sent.length;
  ticks.push(performance.now() - t);
}
ticks.sort((x, y) => x - y);
const tickRow = {
  p50: ticks[Math.floor(ticks.length / 2)] ?? 0,
  p99: ticks[Math.floor(ticks.length * 0.99)] ?? 0,
};
rows.push({ label: `scheduler tick, ${want} guilds`, ...tickRow });
console.log(
  `${`scheduler tick, ${want} guilds (240 minutes, ${posted} posts)`.padEnd(44)} p50 ${tickRow.p50.toFixed(3).padStart(9)} ms  p99 ${tickRow.p99.toFixed(3).padStart(9)} ms`,
);
store.close();
