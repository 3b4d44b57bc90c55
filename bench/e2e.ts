/**
 * `npm run bench:e2e [-- --entries N] [--members N] [--runs N] [--guilds N] [--database PATH]`:
 * end to end through the local Discord stand-in (src/standin) and the real bot on a seeded
 * database (default 1M entries / 20,000 members, built once with the seeder and reused from
 * /tmp). Prints:
 * 1. `/leaderboard` (each period × metric) latency from the stand-in delivering the interaction
 *    to the bot's callback arriving, against `/help`; and `/help` while other members run the
 *    heaviest commands at the same moment, against `/help` alone;
 * 2. start-up to the gateway IDENTIFY and to "ready" of `npm start` (its script's command line:
 *    the build check, then the precompiled bot), of the built entry alone, and of the sources
 *    under tsx (one process, and the tsx CLI that `npm start` ran before); and how long a full
 *    build takes;
 * 3. RSS with `--guilds` (default 1,000) guilds connected: the precompiled bot against a bare
 *    discord.js client with the same cache settings, precompiled the same way, each in its own
 *    process; and the bot under tsx for comparison.
 * `--skip-latency` runs only 2 and 3.
 * Nothing is asserted: numbers go to stdout.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseConfig } from "../src/config";
import { openStore } from "../src/db/client";
import { startBot } from "../src/main";
import { seedDatabase } from "../src/seed/seed";
import { type CommandInput, opt, STRING, type StandIn, startStandIn } from "../src/standin";
import { buildForBench, measureRss, measureStartup, type StartVariant } from "./e2e-process";

const { values } = parseArgs({
  options: {
    entries: { type: "string", default: "1000000" },
    members: { type: "string", default: "20000" },
    runs: { type: "string", default: "100" },
    guilds: { type: "string", default: "1000" },
    starts: { type: "string", default: "5" },
    database: { type: "string" },
    "skip-latency": { type: "boolean", default: false },
  },
});
const ENTRIES = Number(values.entries);
const MEMBERS = Number(values.members);
const RUNS = Number(values.runs);
const GUILD = "100000000000000001";
const CHANNEL = "110000000000000001";
const path = values.database ?? `/tmp/shiplog-e2e-${ENTRIES}-${MEMBERS}.db`;

/** the seeder's user id for member m of the big guild */
const member = (m: number) => String(200_000_000_000_000_000n + BigInt(m % MEMBERS));

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const row = (name: string, xs: number[], ref?: number[]) => {
  const ratio = ref ? ` | ×${(pct(xs, 99) / pct(ref, 99)).toFixed(2)} |` : " |";
  console.log(`| ${name} | ${ms(pct(xs, 50))} ms | ${ms(pct(xs, 95))} ms | ${ms(pct(xs, 99))} ms${ratio}`);
};

if (!existsSync(path)) {
  const store = openStore(path);
  const s = seedDatabase(store, { guildId: GUILD, members: MEMBERS, entries: ENTRIES });
  store.sqlite.close();
  console.log(`seeded ${path}: ${s.entries} entries, ${s.members} members in ${(s.ms / 1000).toFixed(1)} s`);
} else console.log(`reusing ${path}`);

/** Time from delivering the interaction to the bot's reply (the callback, or the deferred reply's edit). */
async function timed(standin: StandIn, input: CommandInput): Promise<number> {
  const t0 = performance.now();
  const r = await standin.command({ guildId: GUILD, channelId: CHANNEL, timeoutMs: 60_000, ...input });
  if (r.callback.type === 5) await r.final(60_000);
  return performance.now() - t0;
}

async function latency() {
  const standin = await startStandIn({
    guilds: [{ id: GUILD, name: "Big", channels: [{ id: CHANNEL, name: "general" }] }],
    timeoutMs: 60_000,
  });
  const config = parseConfig({
    DISCORD_TOKEN: standin.token,
    DISCORD_API_URL: standin.apiUrl,
    DATABASE_PATH: path,
  });
  const bot = await startBot(config, { cron: false, logSink: () => {}, rateLimit: { limit: 1_000_000_000 } });
  const boards: Array<[string, string]> = [];
  for (const period of ["week", "month", "all"]) {
    for (const metric of ["hours", "streak"]) boards.push([period, metric]);
  }
  const help: number[] = [];
  const board = new Map<string, number[]>(boards.map(([p, m]) => [`${p} ${m}`, []]));
  // warm-up: first use of each command (module caches, prepared statements)
  await timed(standin, { name: "help", userId: member(1) });
  for (const [p, m] of boards) {
    await timed(standin, {
      name: "leaderboard",
      userId: member(1),
      options: [opt("period", STRING, p), opt("metric", STRING, m)],
    });
  }
  for (let i = 0; i < RUNS; i++) {
    help.push(await timed(standin, { name: "help", userId: member(i * 7919) }));
    for (const [p, m] of boards) {
      const input = {
        name: "leaderboard",
        userId: member(i * 104_729 + 3),
        options: [opt("period", STRING, p), opt("metric", STRING, m)],
      };
      board.get(`${p} ${m}`)?.push(await timed(standin, input));
    }
  }
  // contention: a member's /help fired while others run the heaviest commands
  const heavy = (i: number): CommandInput[] => [
    {
      name: "leaderboard",
      userId: member(i * 31 + 11),
      options: [opt("period", STRING, "all"), opt("metric", STRING, "hours")],
    },
    {
      name: "leaderboard",
      userId: member(i * 37 + 12),
      options: [opt("period", STRING, "all"), opt("metric", STRING, "build")],
    },
    {
      name: "leaderboard",
      userId: member(i * 41 + 13),
      options: [opt("period", STRING, "all"), opt("metric", STRING, "streak")],
    },
    { name: "profile", userId: member(i * 43 + 14) },
  ];
  await timed(standin, { name: "profile", userId: member(2) }); // card worker start-up
  const contended: number[] = [];
  const helpAlone: number[] = [];
  for (let i = 0; i < Math.max(20, RUNS / 2); i++) {
    helpAlone.push(await timed(standin, { name: "help", userId: member(i + 500) }));
    const others = heavy(i).map((input) => timed(standin, input));
    contended.push(await timed(standin, { name: "help", userId: member(i + 900) }));
    await Promise.all(others);
  }
  await bot.stop();
  await standin.close();
  return { help, board, helpAlone, contended };
}

if (!values["skip-latency"]) {
  const l = await latency();
  console.log(`\n### Latency through the stand-in (${RUNS} runs each; ratio is p99 ÷ /help p99)\n`);
  console.log("| command | p50 | p95 | p99 | p99 ÷ /help p99 |\n| --- | ---: | ---: | ---: | ---: |");
  row("`/help`", l.help, l.help);
  for (const [name, xs] of l.board) {
    const [period, metric] = name.split(" ");
    row(`\`/leaderboard period:${period} metric:${metric}\``, xs, l.help);
  }
  console.log("\n| `/help` | p50 | p95 | p99 |\n| --- | ---: | ---: | ---: |");
  row("alone", l.helpAlone);
  row("with 3 × `/leaderboard period:all` + `/profile` (card) in flight", l.contended);
  const slowed = pct(l.contended, 50) - pct(l.helpAlone, 50);
  const slowed99 = pct(l.contended, 99) - pct(l.helpAlone, 99);
  console.log(`\nslowed by ${ms(slowed)} ms at p50, ${ms(slowed99)} ms at p99 (target ≤ 25 ms)`);
  const worst = Math.max(...[...l.board.values()].map((xs) => pct(xs, 99)));
  console.log(`worst /leaderboard p99 ÷ /help p99: ×${(worst / pct(l.help, 99)).toFixed(2)} (target ≤ 1.5)`);
}

console.log(`\nfull build (node scripts/build.mjs --force): ${ms(buildForBench())} ms`);
const WHAT: Record<StartVariant, string> = {
  "npm start": "`npm start` (build check, then `node dist/src/main.js`)",
  built: "`node --enable-source-maps dist/src/main.js`",
  tsx: "`node --import tsx src/main.ts` (sources, one process)",
  "tsx cli": "`tsx src/main.ts` (`npm start` before)",
};
for (const variant of ["npm start", "built", "tsx", "tsx cli"] as const) {
  const starts = await measureStartup(path, GUILD, Number(values.starts), variant);
  const what = WHAT[variant];
  console.log(`\n### Start-up, ${what} (${starts.length} starts)\n`);
  console.log("| from process start to | p50 | max |\n| --- | ---: | ---: |");
  for (const key of ["identifyMs", "readyMs", "afterIdentifyMs"] as const) {
    const xs = starts.map((s) => s[key]);
    const label = {
      identifyMs: "gateway IDENTIFY",
      readyMs: '"ready" log line',
      afterIdentifyMs: "(IDENTIFY → ready)",
    }[key];
    console.log(`| ${label} | ${ms(pct(xs, 50))} ms | ${ms(Math.max(...xs))} ms |`);
  }
}

const guilds = Number(values.guilds);
if (guilds === 0) process.exit(0);
const rss = await measureRss(path, GUILD, guilds, 3);
console.log(`\n### RSS with ${guilds} guilds, 5 s after ready (3 runs each, precompiled)\n`);
console.log(`bot: ${rss.bot.map((x) => x.toFixed(0)).join(", ")} MB`);
console.log(`bare discord.js client: ${rss.bare.map((x) => x.toFixed(0)).join(", ")} MB`);
console.log(`bot under tsx (before): ${rss.tsx.map((x) => x.toFixed(0)).join(", ")} MB`);
console.log(`ratio (medians): ×${(pct(rss.bot, 50) / pct(rss.bare, 50)).toFixed(2)} (target ≤ 1.2)`);
console.log(`under tsx ÷ bare (medians): ×${(pct(rss.tsx, 50) / pct(rss.bare, 50)).toFixed(2)}`);
