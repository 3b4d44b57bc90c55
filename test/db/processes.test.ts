import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/db/client";
import { entries } from "../../src/db/schema";
import { verifyDerived } from "../../src/totals/verify";

const WRITERS = 4;
const EACH = 150;

/** Starts a writer process and resolves with its stdout once it has opened the database. */
function startWriter(path: string, go: string, writer: number) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "test/db/parallel-writer.ts", path, go, String(writer), String(EACH)],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const opened = new Promise<void>((resolve, reject) => {
    const check = () => (out.includes("opened\n") ? resolve() : undefined);
    child.stdout.on("data", check);
    child.once("exit", (code) => reject(new Error(`writer ${writer} exited ${code} before opening: ${err}`)));
  });
  const done = once(child, "exit").then(([code]) => ({ code, out, err }));
  return { opened, done };
}

describe("SQLite across processes (issue 12, item 2)", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`${WRITERS} processes logging hours at once into one file: no lost write, no SQLITE_BUSY, totals exact`, async () => {
    dir = mkdtempSync(join(tmpdir(), "shiplog-procs-"));
    const path = join(dir, "shared.db");
    const go = join(dir, "go");
    openStore(path).close();
    const writers = Array.from({ length: WRITERS }, (_, w) => startWriter(path, go, w));
    await Promise.all(writers.map((w) => w.opened));
    writeFileSync(go, "");
    const results = await Promise.all(writers.map((w) => w.done));

    for (const r of results) {
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.out.trim().split("\n").at(-1) ?? "{}") as {
        stored: number;
        errors: string[];
      };
      expect(summary.errors).toEqual([]);
      expect(summary.stored).toBe(EACH);
    }
    const store = openStore(path);
    try {
      const rows = store.db.select({ interactionId: entries.interactionId }).from(entries).all();
      const expected = Array.from({ length: WRITERS }, (_, w) =>
        Array.from({ length: EACH }, (_, i) => `w${w}-${i}`),
      ).flat();
      expect(rows.map((r) => r.interactionId).sort()).toEqual(expected.sort());
      expect(verifyDerived(store.sqlite)).toMatchObject({ ok: true });
    } finally {
      store.close();
    }
  });
});
