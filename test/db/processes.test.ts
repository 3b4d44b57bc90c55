import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/db/client";
import { entries } from "../../src/db/schema";
import { verifyDerived } from "../../src/totals/verify";
import { lastJson, startScript } from "../helpers/processes";

const WRITERS = 4;
const EACH = 150;

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
    const writers = Array.from({ length: WRITERS }, (_, w) =>
      startScript("test/db/parallel-writer.ts", [path, go, String(w), String(EACH)]),
    );
    await Promise.all(writers.map((w) => w.opened));
    writeFileSync(go, "");
    const results = await Promise.all(writers.map((w) => w.done));

    for (const r of results) {
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      const summary = lastJson<{ stored: number; errors: string[] }>(r.out);
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
