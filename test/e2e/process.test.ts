import { type ChildProcessByStdio, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { type StandIn, startStandIn } from "../../src/standin";

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

describe("npm start as a real process", () => {
  let standin: StandIn | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await standin?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("starts from env, answers a command, and exits 0 on SIGTERM with only JSON lines on stdout", async () => {
    standin = await startStandIn();
    dir = mkdtempSync(join(tmpdir(), "shiplog-proc-"));
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
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
});
