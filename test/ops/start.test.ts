import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

/** `npm start` with ops settings that cannot work: one line naming the problem, exit 1, before any login. */
describe("npm start refuses bad ops settings", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "shiplog-start-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        DISCORD_TOKEN: "never-used",
        // nothing listens here: reaching Discord would fail differently
        DISCORD_API_URL: "http://127.0.0.1:9/api",
        DATABASE_PATH: join(dir, "shiplog.db"),
        ...env,
      },
      encoding: "utf8",
    });

  it("a port already in use", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const run = start({ HTTP_PORT: String(port) });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`shiplog: could not start: HTTP_PORT ${port} is already in use on 127.0.0.1\n`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("a BACKUP_DIR that cannot be written", () => {
    writeFileSync(join(dir, "a-file"), "");
    const backupDir = join(dir, "a-file", "backups");
    const run = start({ BACKUP_DIR: backupDir });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `shiplog: could not start: BACKUP_DIR ${backupDir} cannot be written (ENOTDIR)\n`,
    );
  });
});
