import { type ChildProcessByStdio, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { Readable } from "node:stream";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { BUILT_MAIN, ROOT } from "../../src/paths";
import { type StandIn, startStandIn } from "../../src/standin";
import type { UploadedFile } from "../../src/standin/types";

/** Resolves with the first stdout JSON line whose msg matches, collecting every line. */
function waitForLine(child: ChildProcessByStdio<null, Readable, Readable>, lines: string[], msg: string) {
  return new Promise<void>((resolve, reject) => {
    let buffer = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        if (line.includes(`"msg":"${msg}"`)) resolve();
        nl = buffer.indexOf("\n");
      }
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => reject(new Error(`bot exited with ${code} before logging ${msg}`)));
  });
}

const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
};

describe("npm start as a real process", () => {
  // npm start = build dist/ when its inputs changed, then run the built entry (package.json)
  beforeAll(() => {
    execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: ROOT, stdio: "pipe" });
  });

  it("runs the built entry that src/paths.ts names, after the build script", () => {
    const start = packageJson.scripts.start ?? "";
    // exec: npm's signals reach the bot itself, not a shell in between
    expect(start).toMatch(/^node scripts\/build\.mjs && exec node /);
    expect(start.split(" ").at(-1)).toBe(relative(ROOT, BUILT_MAIN));
    expect(existsSync(BUILT_MAIN)).toBe(true);
  });

  let standin: StandIn | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await standin?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("starts from env, answers commands (a card from the built worker), exits 0 on SIGTERM, only JSON on stdout", async () => {
    standin = await startStandIn();
    dir = mkdtempSync(join(tmpdir(), "shiplog-proc-"));
    // plain node, no tsx anywhere: the precompiled bot, its commands, card worker and migrations
    const child = spawn(process.execPath, ["--enable-source-maps", BUILT_MAIN], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        DISCORD_TOKEN: standin.token,
        DISCORD_API_URL: standin.apiUrl,
        DATABASE_PATH: join(dir, "bot.db"),
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    await waitForLine(child, lines, "ready");
    const r = await standin.command({ name: "help" });
    expect(JSON.stringify(r.callback.data?.embeds)).toMatch(/\/pick-stack/);
    const profile = await standin.command({ name: "profile" });
    await profile.final();
    const card = standin.requests
      .filter((q) => q.method === "PATCH" && q.path.includes(profile.token))
      .flatMap((q) => (q.body as { files?: UploadedFile[] } | undefined)?.files ?? []);
    expect(card[0]?.data.subarray(1, 4).toString("ascii")).toBe("PNG");
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toBe("");
    const parsed = lines.filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as { msg: string });
    expect(parsed.map((l) => l.msg)).toEqual(
      expect.arrayContaining(["commands registered", "ready", "interaction", "shutting down", "stopped"]),
    );
    expect(standin.connectionCount()).toBe(0);
  });

  it("with SHARD_COUNT=2 runs built shard processes under the built supervisor, and stops them all on SIGTERM", async () => {
    standin = await startStandIn({ shards: 2, maxConcurrency: 2, timeoutMs: 20_000 });
    dir = mkdtempSync(join(tmpdir(), "shiplog-proc-"));
    const child = spawn(process.execPath, ["--enable-source-maps", BUILT_MAIN], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        DISCORD_TOKEN: standin.token,
        DISCORD_API_URL: standin.apiUrl,
        DATABASE_PATH: join(dir, "bot.db"),
        SHARD_COUNT: "2",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    await waitForLine(child, lines, "shards ready");
    expect(standin.readyShards()).toEqual(["0/2", "1/2"]);
    const r = await standin.command({ name: "help" });
    expect(JSON.stringify(r.callback.data?.embeds)).toMatch(/\/pick-stack/);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(standin.connectionCount()).toBe(0);
  });
});
