import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT } from "../../src/paths";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of what a fresh clone has that the build reads, with the shared node_modules linked in. */
function clone(): string {
  const dir = mkdtempSync(join(tmpdir(), "shiplog-build-"));
  dirs.push(dir);
  for (const part of ["src", "commands", "scripts", "package.json", "package-lock.json"]) {
    cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}

const build = (dir: string, ...args: string[]) =>
  execFileSync(process.execPath, ["scripts/build.mjs", ...args], {
    cwd: dir,
    encoding: "utf8",
    stdio: "pipe",
  });
const stamp = (dir: string) => statSync(join(dir, "dist", "src", "main.js")).mtimeMs;

describe("scripts/build.mjs", () => {
  it("builds a fresh clone, skips an unchanged tree, and rebuilds after any source change", () => {
    const dir = clone();
    expect(existsSync(join(dir, "dist"))).toBe(false);
    build(dir);
    const main = join(dir, "dist", "src", "main.js");
    expect(existsSync(main)).toBe(true);
    expect(existsSync(join(dir, "dist", "commands", "help.js"))).toBe(true);
    expect(existsSync(join(dir, "dist", "commands", "log", "index.js"))).toBe(true);
    expect(existsSync(join(dir, "dist", "src", "cards", "card-worker.js"))).toBe(true);
    const first = stamp(dir);

    build(dir);
    expect(stamp(dir)).toBe(first);

    // an edit to a module no entry names (only imported) counts too: every input is hashed
    const log = join(dir, "src", "log.ts");
    writeFileSync(log, `${readFileSync(log, "utf8")}\n// edited\n`);
    build(dir);
    expect(stamp(dir)).not.toBe(first);
  });
});
