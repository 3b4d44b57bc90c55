/**
 * Durability soak (issue 9): kill -9 a real bot process under a steady stream of
 * `/log hours`, again and again, then check that every entry the bot said it
 * logged is in the database, exactly as acknowledged.
 *
 *   npm run soak -- --rounds 30 [--workers 4] [--seed 1]
 *
 * Each round spawns `src/main.ts` (as `npm start` does) against the local Discord
 * stand-in on one database file, waits until it is ready, lets a few members log
 * hours concurrently, and kills it with SIGKILL after a random number of
 * acknowledgements, with commands still in flight. The next round starts on the
 * same file. One short round runs in `npm test` (test/e2e/soak.test.ts).
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { NUMBER, opt, STRING, type StandIn, snowflake, startStandIn, sub } from "../src/standin";
import { seededRandom } from "../test/helpers/random";

export interface SoakOptions {
  rounds: number;
  workers?: number;
  /** kill after between minAcks and maxAcks acknowledgements in a round */
  minAcks?: number;
  maxAcks?: number;
  seed?: number;
  /** progress lines (stderr in the CLI) */
  progress?: (line: string) => void;
}

export interface SoakReport {
  rounds: number;
  acknowledged: number;
  /** acknowledged entries missing from the database, or stored with other values */
  lost: string[];
  /** rows stored for an interaction the bot never acknowledged (killed in flight): allowed */
  storedUnacknowledged: number;
  /** interaction ids stored more than once */
  duplicates: number;
  /** commands refused or answered with an error (should be 0) */
  refused: string[];
  seconds: number;
}

interface Ack {
  interactionId: string;
  userId: string;
  minutes: number;
}

const ROOT = resolve(fileURLToPath(import.meta.url), "../..");

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const started = performance.now();
  const workers = options.workers ?? 4;
  const minAcks = options.minAcks ?? 5;
  const maxAcks = options.maxAcks ?? 60;
  // Seeded, so a failing run can be repeated with --seed.
  const random = seededRandom(options.seed ?? Date.now());
  const progress = options.progress ?? (() => {});
  const standin = await startStandIn({ timeoutMs: 10_000 });
  const dir = mkdtempSync(join(tmpdir(), "shiplog-soak-"));
  const dbPath = join(dir, "shiplog.db");
  const acks: Ack[] = [];
  const refused: string[] = [];
  try {
    for (let round = 1; round <= options.rounds; round++) {
      const killAfter = minAcks + Math.floor(random() * (maxAcks - minAcks + 1));
      const before = acks.length;
      await runRound(standin, dbPath, workers, killAfter, acks, refused);
      progress(`round ${round}/${options.rounds}: ${acks.length - before} acknowledged, killed`);
    }
    return {
      ...compare(dbPath, acks),
      rounds: options.rounds,
      refused,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await standin.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runRound(
  standin: StandIn,
  dbPath: string,
  workers: number,
  killAfter: number,
  acks: Ack[],
  refused: string[],
): Promise<void> {
  const child = spawnBot(standin, dbPath);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  await untilReady(child);
  let roundAcks = 0;
  let killed = false;
  const kill = () => {
    if (killed) return;
    killed = true;
    child.kill("SIGKILL");
  };

  const worker = async () => {
    let userId = snowflake();
    for (let i = 0; !killed; i++) {
      // A fresh member every 5 commands stays within the rate limit (5 in 10 s) and the daily cap.
      if (i % 5 === 0) userId = snowflake();
      const minutes = 15 * (1 + (i % 4));
      const pending = standin.command({
        name: "log",
        userId,
        options: [
          sub("hours", [opt("hours", NUMBER, minutes / 60), opt("kind", STRING, i % 2 ? "learn" : "build")]),
        ],
      });
      pending.catch(() => {}); // killed in flight: never answered, nothing to check
      const result = await Promise.race([pending, exited.then(() => null)]);
      if (result === null) return;
      const content: unknown = result.callback.data?.content;
      if (typeof content === "string" && content.includes(" logged **")) {
        acks.push({ interactionId: result.interactionId, userId, minutes });
        roundAcks += 1;
        if (roundAcks >= killAfter) kill();
      } else {
        refused.push(typeof content === "string" ? content.slice(0, 200) : JSON.stringify(result.callback));
        kill();
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  kill();
  await exited;
  await standin.waitForConnectionCount(0);
}

function spawnBot(standin: StandIn, dbPath: string): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DISCORD_TOKEN: standin.token,
      DISCORD_API_URL: standin.apiUrl,
      DATABASE_PATH: dbPath,
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function untilReady(child: ChildProcessByStdio<null, Readable, Readable>): Promise<void> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    child.stdout.on("data", (c: Buffer) => {
      // Only the tail is kept: the bot logs a line per interaction.
      stdout = (stdout + c.toString("utf8")).slice(-4096);
      if (stdout.includes('"msg":"ready"')) resolve();
    });
    child.once("exit", (code) =>
      reject(new Error(`bot exited (${code}) before ready: ${stderr.slice(0, 500)}`)),
    );
  });
}

function compare(dbPath: string, acks: readonly Ack[]): Omit<SoakReport, "rounds" | "refused" | "seconds"> {
  const db = new Database(dbPath);
  try {
    const rows = db
      .prepare("select interaction_id as id, user_id as userId, minutes from entries where type = 'hours'")
      .all() as Array<{ id: string; userId: string; minutes: number }>;
    const byId = new Map<string, Array<{ userId: string; minutes: number }>>();
    for (const row of rows) byId.set(row.id, [...(byId.get(row.id) ?? []), row]);
    const lost = acks
      .filter((a) => {
        const stored = byId.get(a.interactionId);
        return stored?.length !== 1 || stored[0]?.userId !== a.userId || stored[0]?.minutes !== a.minutes;
      })
      .map((a) => a.interactionId);
    const acked = new Set(acks.map((a) => a.interactionId));
    return {
      acknowledged: acks.length,
      lost,
      storedUnacknowledged: [...byId.keys()].filter((id) => !acked.has(id)).length,
      duplicates: [...byId.values()].filter((r) => r.length > 1).length,
    };
  } finally {
    db.close();
  }
}

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const seed = argument("seed", Date.now() % 1_000_000);
  const report = await runSoak({
    rounds: argument("rounds", 10),
    workers: argument("workers", 4),
    seed,
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify({ seed, ...report, lost: report.lost.length }, null, 2)}\n`);
  const ok = report.lost.length === 0 && report.duplicates === 0 && report.refused.length === 0;
  if (!ok) {
    process.stderr.write(`problems: ${JSON.stringify({ lost: report.lost, refused: report.refused })}\n`);
  }
  process.exitCode = ok ? 0 : 1;
}
