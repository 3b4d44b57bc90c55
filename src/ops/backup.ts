import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";

/** How many daily backups BACKUP_DIR keeps. */
export const KEEP_BACKUPS = 7;

/** Backup names sort by time: shiplog-20261129T130440Z.db (no colons, which some file systems refuse). */
const BACKUP_NAME = /^shiplog-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.db$/;

/** Pages copied per step at first (4 MB with SQLite's default 4 KB pages) before yielding to the event loop. */
const FIRST_STEP_PAGES = 1024;

/** better-sqlite3's largest step; it clamps negative ("all") to 0, so this stands for "all". */
const MAX_STEP_PAGES = 0x7fffffff;

export class BackupError extends Error {
  override readonly name = "BackupError";
}

export function backupFileName(at: Date): string {
  return `shiplog-${at
    .toISOString()
    .replace(/\.\d{3}/, "")
    .replace(/[-:]/g, "")}.db`;
}

/** When a backup named by `backupFileName` was taken, or null for any other file. */
export function backupTimeOf(name: string): Date | null {
  const m = BACKUP_NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}

/** The backups in `dir`, oldest first (other files are ignored). */
export function listBackups(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => backupTimeOf(name) !== null)
    .sort();
}

/** Deletes all but the newest `keep` backups in `dir`; never touches files it did not name. */
export function pruneBackups(dir: string, keep = KEEP_BACKUPS): string[] {
  const all = listBackups(dir);
  const old = all.slice(0, Math.max(0, all.length - keep));
  for (const name of old) rmSync(join(dir, name), { force: true });
  return old;
}

export interface BackupOptions {
  /** aborts between steps; the partial copy is removed */
  signal?: AbortSignal;
}

/**
 * Copies the database behind `source` to `target` with SQLite's online backup
 * API, safe while the bot writes. The copy is made under a temporary name in
 * the target's folder and renamed only once complete, so `target` is either
 * absent or a whole database, never half of one.
 *
 * better-sqlite3 runs one step per event-loop turn, so the bot keeps answering
 * between steps. A write through another connection restarts SQLite's copy from
 * the first page; under a steady stream of writes that could go on forever, so
 * each restart doubles the step until the whole file fits in one step (one read
 * transaction: a consistent snapshot by construction).
 */
export async function backupDatabase(
  source: Database.Database,
  target: string,
  options: BackupOptions = {},
): Promise<{ path: string; pages: number }> {
  const folder = dirname(resolve(target));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new BackupError(`backup folder ${folder} does not exist`);
  }
  const partial = join(folder, `.${basename(target)}.partial-${randomBytes(4).toString("hex")}`);
  let rate = FIRST_STEP_PAGES;
  let lastRemaining = Number.POSITIVE_INFINITY;
  try {
    const result = await source.backup(partial, {
      progress({ remainingPages }) {
        options.signal?.throwIfAborted();
        // Restarted (or grown): take bigger bites; past the file's size one step copies all of it.
        if (remainingPages >= lastRemaining) rate = Math.min(rate * 2, MAX_STEP_PAGES);
        lastRemaining = remainingPages;
        return rate;
      },
    });
    // A copy of a WAL database is a WAL database: opening it would leave -wal/-shm files
    // beside it. Switched to a rollback journal, a backup is one self-contained file.
    const copy = new Database(partial, { fileMustExist: true });
    copy.pragma("journal_mode = DELETE");
    copy.close();
    renameSync(partial, target);
    return { path: target, pages: result.totalPages };
  } catch (error) {
    for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${partial}${suffix}`, { force: true });
    throw error;
  }
}

/**
 * Where `npm run backup [-- PATH]` writes: PATH itself, a timestamped file inside
 * PATH when it is a folder, or by default `backups/shiplog-<UTC time>.db` next to
 * the database (that one folder is created). Never the database itself, never
 * over an existing file.
 */
export function resolveBackupTarget(databasePath: string, arg: string | undefined, now: Date): string {
  if (databasePath === ":memory:")
    throw new BackupError("DATABASE_PATH is :memory:; there is nothing to back up");
  if (!existsSync(databasePath)) throw new BackupError(`no database at ${databasePath} (set DATABASE_PATH)`);
  let target: string;
  if (arg === undefined) {
    const folder = join(dirname(resolve(databasePath)), "backups");
    mkdirSync(folder, { recursive: true });
    target = join(folder, backupFileName(now));
  } else if (existsSync(arg) && statSync(arg).isDirectory()) {
    target = join(arg, backupFileName(now));
  } else {
    target = arg;
    const folder = dirname(resolve(arg));
    if (!existsSync(folder)) throw new BackupError(`backup folder ${folder} does not exist`);
  }
  if (resolve(target) === resolve(databasePath)) throw new BackupError(`${arg} is the database itself`);
  if (existsSync(target)) throw new BackupError(`${target} already exists; choose another name`);
  return target;
}
