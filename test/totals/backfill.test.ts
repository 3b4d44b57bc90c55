import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkIn } from "../../src/checkins/checkin";
import { openStore } from "../../src/db/client";
import { createLogger } from "../../src/log";
import { logHours } from "../../src/logs/hours";
import { DERIVED_TABLES, GUILD_TABLES } from "../../src/totals/derive";
import { dropTriggers } from "../../src/totals/triggers";
import { verifyDerived } from "../../src/totals/verify";
import { interactionId, member } from "../helpers/store";

const NOW = new Date("2026-11-22T12:00:00Z");
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("backfill of the derived tables at start", () => {
  it("fills a database whose entries predate them, once, with a line per table", () => {
    const dir = mkdtempSync(join(tmpdir(), "shiplog-backfill-"));
    dirs.push(dir);
    const path = join(dir, "old.db");
    // A database as an older shiplog left it: entries, no derived rows, no version marker.
    const old = openStore(path);
    for (let i = 0; i < 30; i++) {
      const who = member(String(200_000_000_000_000_001n + BigInt(i % 4)));
      logHours(
        old.db,
        who,
        interactionId(),
        {
          hours: 1 + (i % 3),
          kind: i % 2 ? "build" : "learn",
          date: `2026-11-${String(15 + (i % 7)).padStart(2, "0")}`,
        },
        NOW,
      );
    }
    dropTriggers(old.sqlite);
    for (const t of [...DERIVED_TABLES, "derived_meta"]) old.sqlite.exec(`delete from ${t}`);
    old.close();

    const lines: string[] = [];
    const store = openStore(path, { log: createLogger("info", (l) => lines.push(l)) });
    const totals = store.sqlite.prepare("select count(*) from member_totals").pluck().get();
    const report = verifyDerived(store.sqlite);
    store.close();
    expect(report.differences).toEqual([]);
    expect(totals).toBe(4);
    const tables = lines.map((l) => JSON.parse(l) as { msg: string; table?: string });
    expect(tables[0]?.msg).toBe("backfilling derived totals");
    expect(tables.filter((l) => l.msg === "derived table filled").map((l) => l.table)).toEqual(
      [...DERIVED_TABLES].sort((a, b) => order(a) - order(b)),
    );

    const again: string[] = [];
    openStore(path, { log: createLogger("info", (l) => again.push(l)) }).close();
    expect(again).toEqual([]);
  });

  it("fills only the per-guild tables of a database whose other derived tables are current", () => {
    const dir = mkdtempSync(join(tmpdir(), "shiplog-backfill-"));
    dirs.push(dir);
    const path = join(dir, "v1.db");
    // A database as the shiplog before the per-guild tables left it: derived tables at version 1, no guild rows.
    const old = openStore(path);
    for (let i = 0; i < 12; i++) {
      const who = member(String(200_000_000_000_000_001n + BigInt(i % 3)));
      logHours(old.db, who, interactionId(), { hours: 1, kind: i % 2 ? "build" : "learn" }, NOW);
      if (i < 2) checkIn(old.db, who, { goals: "ship it" }, NOW);
    }
    dropTriggers(old.sqlite);
    for (const t of GUILD_TABLES) old.sqlite.exec(`delete from ${t}`);
    old.sqlite.exec("delete from derived_meta where name = 'guild_tables'");
    const memberDays = old.sqlite.prepare("select * from member_days order by 1, 2, 3").all();
    old.close();

    const lines: string[] = [];
    const store = openStore(path, { log: createLogger("info", (l) => lines.push(l)) });
    const week = store.sqlite.prepare("select members, minutes, checked_in from guild_weeks").all();
    const days = store.sqlite.prepare("select * from member_days order by 1, 2, 3").all();
    const report = verifyDerived(store.sqlite);
    store.close();
    expect(report.differences).toEqual([]);
    expect(week).toEqual([{ members: 3, minutes: 720, checked_in: 2 }]);
    expect(days).toEqual(memberDays);
    const parsed = lines.map((l) => JSON.parse(l) as { msg: string; table?: string });
    expect(parsed[0]?.msg).toBe("backfilling per-guild totals");
    expect(parsed.filter((l) => l.msg === "derived table filled").map((l) => l.table)).toEqual([
      "guild_weeks",
      "guild_totals",
    ]);
  });
});

const STEPS = [
  "member_days",
  "member_weeks",
  "guild_weeks",
  "member_months",
  "member_totals",
  "guild_totals",
  "streak_counts",
  "board_sizes",
];
const order = (t: string) => STEPS.indexOf(t);
