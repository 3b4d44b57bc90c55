import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type Database from "better-sqlite3";
import type { Clock } from "../clock";
import type { Logger } from "../log";
import {
  BackupError,
  backupDatabase,
  backupFileName,
  backupTimeOf,
  KEEP_BACKUPS,
  listBackups,
  pruneBackups,
} from "./backup";

const DAY_MS = 86_400_000;
/** How often the bot looks whether the newest backup is a day old. */
const CHECK_EVERY_MS = 10 * 60_000;

/**
 * Makes sure BACKUP_DIR exists and can be written, by writing and removing a
 * probe file (permission bits alone miss read-only mounts and full disks), so a
 * bad BACKUP_DIR stops the bot at start rather than a day later.
 */
export function prepareBackupDir(dir: string): void {
  const probe = join(dir, `.shiplog-write-test-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new BackupError(`BACKUP_DIR ${dir} cannot be written (${code})`);
  }
}

export interface DailyBackupDeps {
  sqlite: Database.Database;
  dir: string;
  clock: Clock;
  log: Logger;
  keep?: number;
  /** check every 10 minutes and once right away (default true); tests call `runIfDue` themselves */
  timers?: boolean;
  /** told of every outcome (metrics) */
  onBackup?(outcome: "ok" | "failed", at: Date): void;
}

/**
 * Keeps one backup a day in BACKUP_DIR, the newest `keep` (7) kept. The rhythm
 * follows the files themselves: a backup is due when the newest one is a day
 * old, so restarts neither skip a day nor take extra copies. The copy goes
 * through the bot's own connection, so the bot's writes during it land in the
 * copy too, and it runs a step per event-loop turn (see `backupDatabase`).
 */
export function startDailyBackups(deps: DailyBackupDeps) {
  const keep = deps.keep ?? KEEP_BACKUPS;
  const abort = new AbortController();
  let running: Promise<string | null> | null = null;

  async function backUp(): Promise<string | null> {
    const now = deps.clock.now();
    const newest = listBackups(deps.dir).at(-1);
    const newestAt = newest ? backupTimeOf(newest) : null;
    if (newestAt && now.getTime() - newestAt.getTime() < DAY_MS) return null;
    try {
      const { path, pages } = await backupDatabase(deps.sqlite, join(deps.dir, backupFileName(now)), {
        signal: abort.signal,
      });
      const removed = pruneBackups(deps.dir, keep);
      deps.log.info("backup", { outcome: "ok", path, pages, removed });
      deps.onBackup?.("ok", now);
      return path;
    } catch (error) {
      if (abort.signal.aborted) return null;
      deps.log.error("backup", { outcome: "failed", dir: deps.dir, error });
      deps.onBackup?.("failed", now);
      return null;
    }
  }

  /** Takes a backup if the newest is a day old (or there is none); resolves with its path, or null. */
  function runIfDue(): Promise<string | null> {
    running ??= backUp().finally(() => {
      running = null;
    });
    return running;
  }

  const timers = deps.timers ?? true;
  const timer = timers ? setInterval(() => void runIfDue(), CHECK_EVERY_MS) : null;
  timer?.unref();
  if (timers) void runIfDue();

  return {
    runIfDue,
    /** stops the timer and abandons a backup in progress (its partial file is removed) */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      abort.abort();
      await running;
    },
  };
}

export type DailyBackups = ReturnType<typeof startDailyBackups>;
