/**
 * `bench/e2e.ts`'s process measurements: start-up of `npm start` (tsx) against the stand-in,
 * and RSS with many guilds connected for the bot against a bare discord.js client.
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Readable } from "node:stream";
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

const TSX = "node_modules/.bin/tsx";

export interface StartupSample {
  identifyMs: number;
  readyMs: number;
  afterIdentifyMs: number;
}

/**
 * `tsx src/main.ts` (what `npm start` runs; the tsx CLI starts a second node process) or, with
 * `direct`, `node --import tsx src/main.ts` (one process): from spawn to IDENTIFY and to "ready".
 */
export async function measureStartup(
  dbPath: string,
  guildId: string,
  runs: number,
  direct = false,
): Promise<StartupSample[]> {
  const samples: StartupSample[] = [];
  for (let i = 0; i < runs; i++) {
    const standin = await startStandIn({ guilds: [{ id: guildId, name: "Big" }] });
    const identified = standin.waitForIdentify(60_000).then(() => performance.now());
    const [command, ...args] = direct
      ? [process.execPath, "--import", "tsx", "src/main.ts"]
      : [TSX, "src/main.ts"];
    const p = launch(command as string, args, {
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
  bot: number[];
  bare: number[];
}

/** RSS (MB) a few seconds after ready with `count` guilds, for the bot and for the bare client. */
export async function measureRss(dbPath: string, guildId: string, count: number, runs: number) {
  const guilds = Array.from({ length: count }, (_, i) => ({
    id: i === 0 ? guildId : String(700_000_000_000_000_000n + BigInt(i)),
    name: `Guild ${i}`,
    channels: [{ id: String(710_000_000_000_000_000n + BigInt(i)), name: "general" }],
  }));
  const result: RssSample = { bot: [], bare: [] };
  for (let i = 0; i < runs; i++) {
    for (const which of ["bot", "bare"] as const) {
      const standin = await startStandIn({ guilds, timeoutMs: 60_000 });
      const script = which === "bot" ? "src/main.ts" : "bench/e2e-bare.ts";
      // one process (no tsx CLI parent), so the pid's RSS is the whole bot
      const p = launch(process.execPath, ["--import", "tsx", script], {
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
