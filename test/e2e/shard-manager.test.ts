import { type ChildProcessByStdio, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { shardOf } from "../../src/shards/shard";
import { type StandIn, startStandIn } from "../../src/standin";

// (id >> 22) % 2: A on shard 0, B on shard 1.
const A = String((300_000_000_000n << 22n) | 1n);
const B = String((300_000_000_001n << 22n) | 2n);
const guild = (id: string) => ({ id, channels: [{ id: String(BigInt(id) + 100n), name: "general" }] });

type Line = Record<string, unknown> & { msg: string };
type Proc = ChildProcessByStdio<null, Readable, Readable>;

/** Collects stdout JSON lines and lets the test wait for one. */
function lines(child: Proc) {
  const seen: Line[] = [];
  const waiters = new Set<() => void>();
  let buffer = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (text.trim()) seen.push(JSON.parse(text) as Line);
    }
    for (const w of [...waiters]) w();
  });
  return {
    seen,
    /** the `nth` (0-based) line matching, waiting for it */
    waitFor(match: (l: Line) => boolean, nth = 0): Promise<Line> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = seen.filter(match)[nth];
          if (!hit) return;
          waiters.delete(check);
          child.off("exit", onExit);
          resolve(hit);
        };
        const onExit = (code: number | null) =>
          reject(new Error(`exited ${code}; lines:\n${seen.map((l) => JSON.stringify(l)).join("\n")}`));
        child.once("exit", onExit);
        waiters.add(check);
        check();
      });
    },
  };
}

/** A port P with P + 1 also free (each shard serves health on HTTP_PORT + its id). */
async function twoFreePorts(): Promise<number> {
  const listen = (port: number) =>
    new Promise<ReturnType<typeof createServer> | null>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(null));
      server.listen(port, "127.0.0.1", () => resolve(server));
    });
  for (;;) {
    const first = await listen(0);
    const port = (first?.address() as { port: number } | null)?.port ?? 0;
    const second = port > 0 && port < 65_535 ? await listen(port + 1) : null;
    await new Promise((r) => first?.close(r));
    if (second) {
      await new Promise((r) => second.close(r));
      return port;
    }
  }
}

describe("npm start with SHARD_COUNT=auto: the ShardingManager path", () => {
  let standin: StandIn | undefined;
  let dir: string | undefined;
  let child: Proc | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    }
    await standin?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs one process per shard, each answers its guilds, a killed shard comes back while the other serves", async () => {
    expect([shardOf(A, 2), shardOf(B, 2)]).toEqual([0, 1]);
    standin = await startStandIn({
      guilds: [guild(A), guild(B)],
      shards: 2,
      maxConcurrency: 2,
      timeoutMs: 20_000,
    });
    dir = mkdtempSync(join(tmpdir(), "shiplog-shards-"));
    const port = await twoFreePorts();
    child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        DISCORD_TOKEN: standin.token,
        DISCORD_API_URL: standin.apiUrl,
        DATABASE_PATH: join(dir, "bot.db"),
        SHARD_COUNT: "auto",
        HTTP_PORT: String(port),
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    const out = lines(child);
    expect(await out.waitFor((l) => l.msg === "sharding")).toMatchObject({ shards: 2, setting: "auto" });
    await out.waitFor((l) => l.msg === "shards ready");
    expect(standin.readyShards()).toEqual(["0/2", "1/2"]);

    const help = async (guildId: string) => {
      const r = await standin?.command({ name: "help", guildId });
      expect(JSON.stringify(r?.callback.data?.embeds)).toMatch(/\/pick-stack/);
    };
    const answeredBy = (guildId: string) =>
      out.seen.filter((l) => l.msg === "interaction" && l.guild === guildId).map((l) => l.shard);
    await help(A);
    await help(B);
    await out.waitFor((l) => l.msg === "interaction" && l.guild === A);
    await out.waitFor((l) => l.msg === "interaction" && l.guild === B);
    expect(answeredBy(A)).toEqual([0]);
    expect(answeredBy(B)).toEqual([1]);

    // health per shard: shard N on HTTP_PORT + N, its metrics labelled with it
    for (const id of [0, 1]) {
      const health = await fetch(`http://127.0.0.1:${port + id}/healthz`);
      expect(health.status).toBe(200);
      const metrics = await (await fetch(`http://127.0.0.1:${port + id}/metrics`)).text();
      expect(metrics).toContain(`shard="${id}"`);
    }

    // kill shard 1's process: the manager respawns it. The stand-in holds new gateway connections
    // (no HELLO) until released, so shard 0 provably answers while shard 1 is down.
    const spawned = await out.waitFor((l) => l.msg === "shard spawned" && l.shard === 1);
    standin.holdGateway();
    process.kill(Number(spawned.pid), "SIGKILL");
    await out.waitFor((l) => l.msg === "shard died" && l.shard === 1);
    const again = await out.waitFor((l) => l.msg === "shard spawned" && l.shard === 1, 1);
    expect(again.pid).not.toBe(spawned.pid);
    await standin.waitFor(() => standin?.readyShards().join() === "0/2", 10_000, "shard 1 to be gone");
    await help(A);
    await out.waitFor((l) => l.msg === "interaction" && l.guild === A, 1);
    expect(standin.readyShards()).toEqual(["0/2"]);
    standin.releaseGateway();
    await out.waitFor((l) => l.msg === "shard ready" && l.shard === 1, 1);
    await help(B);
    await out.waitFor((l) => l.msg === "interaction" && l.guild === B, 1);
    expect(answeredBy(A)).toEqual([0, 0]);
    expect(answeredBy(B)).toEqual([1, 1]);
    expect(out.seen.filter((l) => l.msg === "commands registered").map((l) => l.shard)).toEqual([0]);

    const exited = new Promise<number | null>((resolve) => child?.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toBe("");
    expect(standin.connectionCount()).toBe(0);
    expect(standin.shardRefusals).toEqual([]);
  }, 60_000);

  it("a token Discord refuses: one line on stderr, exit 1, no shard started", async () => {
    standin = await startStandIn({ shards: 2 });
    // spawn, not spawnSync: the stand-in answers from this process's event loop
    const bot = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        DISCORD_TOKEN: "not-the-token",
        DISCORD_API_URL: standin.apiUrl,
        DATABASE_PATH: ":memory:",
        SHARD_COUNT: "2",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const run = { stdout: "", stderr: "", status: null as number | null };
    bot.stdout.on("data", (c: Buffer) => {
      run.stdout += c.toString();
    });
    bot.stderr.on("data", (c: Buffer) => {
      run.stderr += c.toString();
    });
    run.status = await new Promise<number | null>((resolve) => bot.once("exit", resolve));
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^shiplog: could not start: DISCORD_TOKEN was refused by Discord \(401 Unauthorized\)/,
      ),
    ]);
    expect(run.stdout).not.toMatch(/shard spawned/);
    expect(standin.identifyCount).toBe(0);
  });
});
