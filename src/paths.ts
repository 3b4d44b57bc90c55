/**
 * Where shiplog's files are, for code that runs both from the TypeScript sources
 * (tsx, vitest, `npm run demo`) and precompiled into `dist/` (`npm start`, built by
 * scripts/build.mjs). The bundler moves code into shared chunk files, so nothing
 * here is relative to a module's own URL: the root is the nearest folder above
 * this file holding a package.json, and whether this file ends in `.js` tells
 * which tree is running.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = fileURLToPath(import.meta.url);

/** true when running the precompiled bot from `dist/` */
export const BUILT = here.endsWith(".js");

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const ROOT = findRoot(dirname(here));
export const DIST_DIR = join(ROOT, "dist");

/**
 * The precompiled bot's entry, the one place its path is written in code: what
 * `npm start` runs after building, and the file a process manager (or a sharded
 * start's children) should run. scripts/build.mjs writes it; a test checks both agree.
 */
export const BUILT_MAIN = join(DIST_DIR, "src", "main.js");

/** The bot's entry in the tree that is running: `BUILT_MAIN` when built, src/main.ts from source. */
export const MAIN_ENTRY = BUILT ? BUILT_MAIN : join(ROOT, "src", "main.ts");

/** The command modules `loadCommands` reads: `commands/*.ts` from source, `dist/commands/*.js` built. */
export const COMMANDS_DIR = BUILT ? join(DIST_DIR, "commands") : join(ROOT, "commands");
export const MODULE_EXT = BUILT ? ".js" : ".ts";

/** SQLite's SQL migrations, read from the source tree in both cases (never copied into `dist/`). */
export const MIGRATIONS_DIR = join(ROOT, "migrations", "sqlite");

/**
 * The profile-card worker thread's file: from source, a plain .mjs that loads the
 * TypeScript through tsx (a worker does not inherit the parent's loader); built,
 * the bundled worker.
 */
export const CARD_WORKER = pathToFileURL(
  BUILT ? join(DIST_DIR, "src", "cards", "card-worker.js") : join(ROOT, "src", "cards", "render-worker.mjs"),
);
