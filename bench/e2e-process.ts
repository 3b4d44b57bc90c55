/**
 * `bench/e2e.ts`'s process measurements: start-up of `npm start` (precompiled) against the
 * stand-in, and RSS with many guilds connected for the bot against a bare discord.js client.
 */
import { type ChildProcessByStdio, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { build } from "esbuild";
import { BUILT_MAIN, DIST_DIR, ROOT } from "../src/paths";
import { startStandIn } from "../src/standin";

type Child = ChildProcessByStdio<null, Readable, Readable>;

/** Spawns `command args` with the stand-in's env; resolves the time of the first stdout line with `"msg":"ready"`. */
function launch(command: string, args: string[], env: Record<string, string>) {
  const started = performance.now();
  const child: Child = spawn(command, args, {
    cwd: process.cwd(),
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const ready = new Promise<number>((resolve, reject) => {
    let buffer = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      if (buffer.includes('"msg":"ready"')) resolve(performance.now());
      buffer = buffer.slice(buffer.lastIndexOf("\n") + 1);
    });
    child.once("exit", (code) => reject(new Error(`${command} exited with ${code} before ready: ${stderr}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { child, started, ready, stop };
}

/**
 * How the bot is started: `npm start`'s own command line, the built entry alone, the sources
 * under tsx in one process, or `tsx src/main.ts` (the tsx CLI, two processes: `npm start` before).
 */
export type StartVariant = "npm start" | "built" | "tsx" | "tsx cli";

const START_SCRIPT = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts.start as string;

function commandOf(variant: StartVariant): [string, string[]] {
  switch (variant) {
    case "npm start": // the script's command line without npm's own start-up (as an operator's unit file would run it)
      return ["sh", ["-c", START_SCRIPT]];
    case "built":
      return [process.execPath, ["--enable-source-maps", BUILT_MAIN]];
    case "tsx": // one process (no tsx CLI parent), so the pid's RSS is the whole bot
      return [process.execPath, ["--import", "tsx", "src/main.ts"]];
    case "tsx cli":
      return [join(ROOT, "node_modules", ".bin", "tsx"), ["src/main.ts"]];
  }
}

/** Builds dist/ (when its inputs changed) and returns how long `node scripts/build.mjs --force` takes. */
export function buildForBench(): number {
  const started = performance.now();
  execFileSync(process.execPath, ["scripts/build.mjs", "--force"], { cwd: ROOT, stdio: "inherit" });
  return performance.now() - started;
}

/** The bare client precompiled like the bot (dist/bench/, so its packages resolve from node_modules). */
async function buildBare(): Promise<string> {
  const outfile = join(DIST_DIR, "bench", "e2e-bare.js");
  await build({
    absWorkingDir: ROOT,
    entryPoints: ["bench/e2e-bare.ts"],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  return outfile;
}

export interface StartupSample {
  identifyMs: number;
  readyMs: number;
  afterIdentifyMs: number;
}

/** One way of starting the bot (see `StartVariant`): from spawn to IDENTIFY and to "ready". */
export async function measureStartup(
  dbPath: string,
  guildId: string,
  runs: number,
  variant: StartVariant,
): Promise<StartupSample[]> {
  const samples: StartupSample[] = [];
  for (let i = 0; i < runs; i++) {
    const standin = await startStandIn({ guilds: [{ id: guildId, name: "Big" }] });
    const identified = standin.waitForIdentify(60_000).then(() => performance.now());
    const [command, args] = commandOf(variant);
    const p = launch(command, args, {
      DISCORD_TOKEN: standin.token,
      DISCORD_API_URL: standin.apiUrl,
      DATABASE_PATH: dbPath,
    });
    const [identify, ready] = await Promise.all([identified, p.ready]);
    samples.push({
      identifyMs: identify - p.started,
      readyMs: ready - p.started,
      afterIdentifyMs: ready - identify,
    });
    await p.stop();
    await standin.close();
  }
  return samples;
}

/** Resident set of a process in MB (VmRSS; Linux). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

export interface RssSample {
  /** the precompiled bot (`npm start`) */
  bot: number[];
  /** the bare client, precompiled the same way */
  bare: number[];
  /** the bot from its sources under tsx, as before the precompiled start */
  tsx: number[];
}

/** RSS (MB) a few seconds after ready with `count` guilds, for the bot and for the bare client. */
export async function measureRss(dbPath: string, guildId: string, count: number, runs: number) {
  const guilds = Array.from({ length: count }, (_, i) => ({
    id: i === 0 ? guildId : String(700_000_000_000_000_000n + BigInt(i)),
    name: `Guild ${i}`,
    channels: [{ id: String(710_000_000_000_000_000n + BigInt(i)), name: "general" }],
  }));
  const result: RssSample = { bot: [], bare: [], tsx: [] };
  const bare = await buildBare();
  for (let i = 0; i < runs; i++) {
    for (const which of ["bot", "bare", "tsx"] as const) {
      const standin = await startStandIn({ guilds, timeoutMs: 60_000 });
      const [command, args] =
        which === "bare" ? [process.execPath, [bare]] : commandOf(which === "bot" ? "built" : "tsx");
      const p = launch(command, args, {
        DISCORD_TOKEN: standin.token,
        DISCORD_API_URL: standin.apiUrl,
        DATABASE_PATH: dbPath,
      });
      await p.ready;
      await new Promise((resolve) => setTimeout(resolve, 5000));
      const pid = p.child.pid;
      if (pid !== undefined) result[which].push(rssMb(pid));
      await p.stop();
      await standin.close();
    }
  }
  return result;
}
