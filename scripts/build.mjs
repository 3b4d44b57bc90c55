/**
 * `node scripts/build.mjs`: precompiles the bot into `dist/` with esbuild, so `npm start` runs
 * plain JavaScript instead of tsx transpiling every source file at every start (issue 8: about
 * 1 s more to the gateway IDENTIFY and ~30 MB more RSS under tsx).
 *
 * Entries: src/main.ts (the bot, dist/src/main.js — src/paths.ts `BUILT_MAIN`), each command
 * module that `loadCommands` reads (commands/NAME.ts or commands/NAME/index.ts → dist/commands/),
 * and the card worker (src/cards/card-worker.ts). Code they share goes into dist/chunks/ once, so
 * every command and the bot use the same module instances (error classes, caches). Packages stay
 * in node_modules (native better-sqlite3 and @napi-rs/canvas cannot be bundled anyway); SQL
 * migrations are read from migrations/ where they are.
 *
 * The build is skipped when `dist/` was built from the same inputs: a SHA-256 over every file
 * under src/ and commands/, package-lock.json and this script, kept in dist/.inputs. Reading
 * them costs a few milliseconds, so `npm start` can always run this first: a fresh clone, a
 * `git pull` or a local edit is built, an unchanged tree starts at once. `--force` rebuilds.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(ROOT, "dist");
const STAMP = join(DIST, ".inputs");

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** Hash of everything the build reads from the project (node_modules is pinned by the lock file). */
export function inputsHash() {
  const files = [...walk(join(ROOT, "src")), ...walk(join(ROOT, "commands"))].sort();
  files.push(join(ROOT, "package-lock.json"), fileURLToPath(import.meta.url));
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(relative(ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

/** The entry points, relative to the root: the bot, the card worker and one per command. */
export function entryPoints() {
  const commands = readdirSync(join(ROOT, "commands"))
    .sort()
    .flatMap((name) => {
      const full = join(ROOT, "commands", name);
      if (statSync(full).isDirectory()) {
        return existsSync(join(full, "index.ts")) ? [`commands/${name}/index.ts`] : [];
      }
      return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [`commands/${name}`] : [];
    });
  return ["src/main.ts", "src/cards/card-worker.ts", ...commands];
}

/** Builds `dist/` unless it is current; resolves true when it built. */
export async function buildDist({ force = false } = {}) {
  const hash = inputsHash();
  if (!force && existsSync(STAMP) && readFileSync(STAMP, "utf8") === hash) return false;
  const { build } = await import("esbuild");
  // Built beside dist/ and swapped in whole, so a bot running from dist/ never sees half a build.
  const next = `${DIST}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: entryPoints(),
    outdir: next,
    outbase: ".",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    chunkNames: "chunks/[name]-[hash]",
    logLevel: "warning",
  });
  writeFileSync(join(next, ".inputs"), hash);
  rmSync(DIST, { recursive: true, force: true });
  renameSync(next, DIST);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const built = await buildDist({ force: process.argv.includes("--force") });
  if (built) {
    process.stderr.write(`built dist/ in ${Math.round(performance.now() - started)} ms\n`);
  }
}
