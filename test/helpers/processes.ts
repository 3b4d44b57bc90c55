import { spawn } from "node:child_process";
import { once } from "node:events";

/**
 * A test script run as its own Node process (under tsx), for tests of several
 * processes on one database: `opened` resolves once it printed "opened" (ready
 * and waiting for its go file), `done` with its exit code and output.
 */
export function startScript(script: string, args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const opened = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      if (out.includes("opened\n")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`${script} exited ${code} before opening: ${err}`)));
  });
  const done = once(child, "exit").then(([code]) => ({ code: code as number | null, out, err }));
  return { opened, done };
}

/** The last stdout line of a finished script, parsed. */
export function lastJson<T>(out: string): T {
  return JSON.parse(out.trim().split("\n").at(-1) ?? "null") as T;
}
