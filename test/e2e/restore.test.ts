import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { entries } from "../../src/db/tables";
import { backupDatabase } from "../../src/ops/backup";
import { NUMBER, opt, STRING, sub } from "../../src/standin";
import { sqliteOf } from "../helpers/store";
import { type Harness, startHarness } from "./harness";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h?.close();
});

const logHours = (hours: number) =>
  h.standin.command({
    name: "log",
    options: [sub("hours", [opt("hours", NUMBER, hours), opt("kind", STRING, "build")])],
  });

it("restore as documented: stop, swap the file for a backup, start — the backed-up entries are there", async () => {
  await logHours(1.5);
  const backup = join(h.dbPath, "..", "backup.db");
  await backupDatabase(sqliteOf(h.bot.store), backup); // the bot is running
  await logHours(2); // after the backup: not in it

  await h.bot.stop();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${h.dbPath}${suffix}`, { force: true });
  copyFileSync(backup, h.dbPath);
  const bot = await h.restart();

  const minutes = await bot.store.db.select({ minutes: entries.minutes }).from(entries);
  expect(minutes).toEqual([{ minutes: 90 }]);
  const profile = await h.standin.command({ name: "profile" });
  const shown = JSON.stringify(await profile.final());
  expect(shown).toContain("1.5");
  expect(shown).not.toContain("3.5");
});
