import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock";
import { openStore } from "../../src/db/client";
import { createLogger } from "../../src/log";
import { backupDatabase, backupFileName, listBackups } from "../../src/ops/backup";
import { prepareBackupDir, startDailyBackups } from "../../src/ops/daily-backup";

let dir: string;
let dbPath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "shiplog-backup-"));
  dbPath = join(dir, "shiplog.db");
  openStore(dbPath).close(); // the shipped schema, as the bot leaves it
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const LOAD_TABLE =
  "CREATE TABLE IF NOT EXISTS backup_load (id INTEGER PRIMARY KEY AUTOINCREMENT, payload BLOB NOT NULL)";

function runBackupCli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/backup.ts", ...args], {
    env: { ...process.env, DATABASE_PATH: dbPath, ...env },
    encoding: "utf8",
  });
}

function startWriter(path: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/ops/writer.ts", path], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`writer exited early (${code})`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("seeded")) resolve(child);
    });
  });
}

function stopWriter(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** Opens a copy and returns its integrity verdict and how many of ids 1..upTo it holds. */
function inspectCopy(path: string, upTo: number) {
  const copy = new Database(path, { fileMustExist: true });
  try {
    return {
      integrity: copy.pragma("integrity_check", { simple: true }),
      held: (copy.prepare("SELECT count(*) AS n FROM backup_load WHERE id <= ?").get(upTo) as { n: number })
        .n,
    };
  } finally {
    copy.close();
  }
}

describe("npm run backup", () => {
  it("takes a consistent copy while another process writes steadily", async () => {
    const writer = await startWriter(dbPath);
    const live = new Database(dbPath, { fileMustExist: true });
    try {
      const committed = (live.prepare("SELECT max(id) AS id FROM backup_load").get() as { id: number }).id;
      const target = join(dir, "under-load.db");
      const run = runBackupCli([target]);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^shiplog: backed up .* to .*under-load\.db \(\d+ pages\)\n$/);
      const afterwards = (live.prepare("SELECT max(id) AS id FROM backup_load").get() as { id: number }).id;
      expect(afterwards).toBeGreaterThan(committed); // the writer never paused
      expect(inspectCopy(target, committed)).toEqual({ integrity: "ok", held: committed });
      // Only the finished copy is left, no temporary file.
      expect(readdirSync(dir).filter((f) => f.includes("under-load"))).toEqual(["under-load.db"]);
    } finally {
      live.close();
      await stopWriter(writer);
    }
  });

  it("writes next to the database by default, or into a folder given as PATH", () => {
    const byDefault = runBackupCli([]);
    expect(byDefault.status).toBe(0);
    expect(listBackups(join(dir, "backups"))).toHaveLength(1);
    mkdirSync(join(dir, "elsewhere"));
    expect(runBackupCli([join(dir, "elsewhere")]).status).toBe(0);
    expect(listBackups(join(dir, "elsewhere"))).toHaveLength(1);
  });

  it.each([
    [["/no/such/folder/copy.db"], {}, "shiplog: backup folder /no/such/folder does not exist"],
    [
      [],
      { DATABASE_PATH: "/no/such/shiplog.db" },
      "shiplog: no database at /no/such/shiplog.db (set DATABASE_PATH)",
    ],
    [[], { DATABASE_PATH: ":memory:" }, "shiplog: DATABASE_PATH is :memory:; there is nothing to back up"],
  ])("refuses %o %o with one line and writes nothing", (args, env, line) => {
    const before = readdirSync(dir);
    const run = runBackupCli(args, env);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`${line}\n`);
    expect(readdirSync(dir)).toEqual(before);
  });

  it("never overwrites the database or an existing file", () => {
    expect(runBackupCli([dbPath]).stderr).toBe(`shiplog: ${dbPath} is the database itself\n`);
    writeFileSync(join(dir, "taken.db"), "keep me");
    const run = runBackupCli([join(dir, "taken.db")]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`shiplog: ${join(dir, "taken.db")} already exists; choose another name\n`);
  });
});

describe("backupDatabase", () => {
  it("finishes while another connection writes between every step, and the copy is whole", async () => {
    const source = new Database(dbPath);
    const writer = new Database(dbPath);
    writer.exec(LOAD_TABLE);
    const insert = writer.prepare("INSERT INTO backup_load (payload) VALUES (randomblob(4096))");
    writer.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run();
    })();
    const committed = 3000;
    let writing = true;
    let writesDuring = 0;
    const write = () => {
      if (!writing) return;
      insert.run();
      writesDuring++;
      setImmediate(write);
    };
    setImmediate(write);
    try {
      const { path } = await backupDatabase(source, join(dir, "copy.db"));
      writing = false;
      expect(writesDuring).toBeGreaterThan(0);
      expect(inspectCopy(path, committed)).toEqual({ integrity: "ok", held: committed });
    } finally {
      writing = false;
      source.close();
      writer.close();
    }
  });

  it("leaves nothing behind when aborted", async () => {
    const source = new Database(dbPath);
    const abort = new AbortController();
    abort.abort();
    mkdirSync(join(dir, "out"));
    await expect(
      backupDatabase(source, join(dir, "out", "copy.db"), { signal: abort.signal }),
    ).rejects.toThrow();
    source.close();
    expect(readdirSync(join(dir, "out"))).toEqual([]);
  });
});

describe("daily backups in BACKUP_DIR", () => {
  const log = createLogger("error", () => {});

  it("takes one a day, keeps the newest 7 and leaves other files alone", async () => {
    const store = openStore(dbPath);
    const backupDir = join(dir, "daily");
    prepareBackupDir(backupDir);
    writeFileSync(join(backupDir, "notes.txt"), "mine");
    const clock = new ManualClock("2026-11-01T03:00:00Z");
    const outcomes: string[] = [];
    const daily = startDailyBackups({
      sqlite: store.sqlite,
      dir: backupDir,
      clock,
      log,
      timers: false,
      onBackup: (outcome) => outcomes.push(outcome),
    });
    try {
      for (let day = 0; day < 9; day++) {
        expect(await daily.runIfDue()).toBe(join(backupDir, backupFileName(clock.now())));
        clock.advance(12 * 3_600_000);
        expect(await daily.runIfDue()).toBeNull(); // half a day later: not due
        clock.advance(12 * 3_600_000);
      }
    } finally {
      await daily.stop();
      store.close();
    }
    expect(outcomes).toEqual(Array(9).fill("ok"));
    const kept = listBackups(backupDir);
    expect(kept).toEqual(
      [2, 3, 4, 5, 6, 7, 8].map((d) => backupFileName(new Date(Date.UTC(2026, 10, 1 + d, 3)))),
    );
    for (const name of kept) {
      const copy = new Database(join(backupDir, name), { readonly: true });
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
      copy.close();
    }
    // One self-contained file per backup (no -wal/-shm beside them), and the operator's own file kept.
    expect(readdirSync(backupDir).sort()).toEqual([...kept, "notes.txt"].sort());
  });

  it("refuses a BACKUP_DIR that cannot be written, naming it", async () => {
    writeFileSync(join(dir, "a-file"), "");
    expect(() => prepareBackupDir(join(dir, "a-file", "backups"))).toThrow(
      `BACKUP_DIR ${join(dir, "a-file", "backups")} cannot be written (ENOTDIR)`,
    );
  });
});

describe("restore", () => {
  it("stop, swap the file for a backup, start: the backed-up data is there", async () => {
    const bot = openStore(dbPath);
    bot.sqlite.exec(LOAD_TABLE);
    bot.sqlite.prepare("INSERT INTO backup_load (payload) VALUES ('before the backup')").run();
    const backup = join(dir, "good.db");
    await backupDatabase(bot.sqlite, backup);
    bot.sqlite.prepare("INSERT INTO backup_load (payload) VALUES ('after the backup')").run();
    bot.close(); // stop

    for (const suffix of ["-wal", "-shm"]) rmSync(`${dbPath}${suffix}`, { force: true });
    copyFileSync(backup, dbPath);

    const restarted = openStore(dbPath); // start: migrations run again, nothing to do
    try {
      const rows = restarted.sqlite.prepare("SELECT payload FROM backup_load").pluck().all();
      expect(rows).toEqual(["before the backup"]);
      expect(restarted.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      restarted.close();
    }
  });
});
