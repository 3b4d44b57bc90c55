import { describe, expect, it } from "vitest";
import { checkIn } from "../../src/checkins/checkin";
import { CSV_HEADER, cohortCsv, csvCell, csvFilename } from "../../src/cohorts/export";
import { joinCohort } from "../../src/cohorts/membership";
import type { Store } from "../../src/db/client";
import { transaction } from "../../src/db/tx";
import { logHours } from "../../src/logs/hours";
import { undoLast } from "../../src/logs/undo";
import { addDays } from "../../src/time/dates";
import { GUILD, interactionId, OTHER_GUILD, useStore } from "../helpers/store";
import { cohort, hours, noon, project, ref } from "./fixtures";

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        const ch = text[i];
        if (ch === undefined) throw new Error("unterminated quote");
        if (ch === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += ch;
        i++;
      }
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\r") {
        if (text[i] === '"' || text[i] === "\n") throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
        cell += text[i];
        i++;
      }
    }
    record.push(cell);
    if (text[i] === ",") {
      i++;
    } else if (text.startsWith("\r\n", i)) {
      records.push(record);
      record = [];
      i += 2;
    } else {
      throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
    }
  }
  return records;
}

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ["Doe, Jane", '"Doe, Jane"'],
    ['Say "hi"', '"Say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(1)", "'@SUM(1)"],
    ["\tindent", "'\tindent"],
    ["\rreturn", '"\'\rreturn"'],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ["a=b", "a=b"],
    ["", ""],
  ])("writes %j as %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe("csvFilename", () => {
  it("slugifies the name", () => {
    expect(csvFilename({ id: 7, name: "Spring backend" })).toBe("cohort-spring-backend.csv");
    expect(csvFilename({ id: 7, name: "  Été / Café: 2026!! " })).toBe("cohort-ete-cafe-2026.csv");
    expect(csvFilename({ id: 7, name: "🚀🚀" })).toBe("cohort-7.csv");
    expect(csvFilename({ id: 7, name: "../../etc/passwd" })).toBe("cohort-etc-passwd.csv");
  });
});

describe("cohortCsv", () => {
  const store = useStore();

  /** A 3-week cohort starting Wednesday 2026-03-04, in its week 2 on 2026-03-14. */
  async function seed(s: Store) {
    const c = await cohort(s, { name: "Spring backend", start: "2026-03-04", weeks: 3 }, noon("2026-03-01"));
    const people = [
      ref("201", "Ada"),
      ref("202", "Doe, Jane"),
      ref("203", 'Say "hi"'),
      ref("204", "two\nlines"),
      ref("205", "=cmd|' /C calc'!A0"),
    ];
    for (const p of people) await joinCohort(s.db, GUILD, c.name, p, noon("2026-03-01"));
    return { c, people };
  }

  it("writes a header and one row per member per week through the current week", async () => {
    const s = store();
    const { c, people } = await seed(s);
    const [ada, jane] = people as [ReturnType<typeof ref>, ReturnType<typeof ref>];
    await hours(s, ada, "2026-03-03", 9); // before the start
    await hours(s, ada, "2026-03-04", 1.5, "learn");
    await hours(s, ada, "2026-03-10", 2.25, "build"); // day 7: still week 1
    await hours(s, ada, "2026-03-11", 1, "build"); // day 8: week 2
    await project(s, ada, "2026-03-12");
    await hours(s, jane, "2026-03-05", 4, "build");
    await undoLast(s.db, GUILD, jane.userId, noon("2026-03-05")); // removed: never counts
    await hours(s, jane, "2026-03-15", 3, "build"); // after today: not yet
    await hours(s, ref("201", "Ada", OTHER_GUILD), "2026-03-05", 8); // another guild
    await hours(s, ref("299", "Not a member"), "2026-03-05", 8);
    // Check-ins count for the cohort week holding their Thursday:
    await checkIn(s.db, ada, { goals: "a" }, noon("2026-03-04")); // week of Mon 03-02 → Thu 03-05 → week 1
    await checkIn(s.db, jane, { goals: "b" }, noon("2026-03-09")); // week of Mon 03-09 → Thu 03-12 → week 2
    await checkIn(s.db, jane, { goals: "c" }, noon("2026-02-26")); // week of Mon 02-23: before the run
    await checkIn(s.db, ref("201", "Ada", OTHER_GUILD), { goals: "d" }, noon("2026-03-10"));

    const out = await cohortCsv(s.db, c, "2026-03-14");
    expect(out.filename).toBe("cohort-spring-backend.csv");
    expect(out.rows).toBe(10);
    expect(out.csv.endsWith("\r\n")).toBe(true);
    expect(out.csv.split("\r\n")[0]).toBe(
      "member_id,display_name,week_start,hours,build_hours,checked_in,projects",
    );
    const records = parseCsv(out.csv);
    expect(records[0]).toEqual([...CSV_HEADER]);
    expect(records.slice(1)).toEqual([
      // sorted by display name: "=" sorts before letters
      ["205", "'=cmd|' /C calc'!A0", "2026-03-04", "0", "0", "no", "0"],
      ["205", "'=cmd|' /C calc'!A0", "2026-03-11", "0", "0", "no", "0"],
      ["201", "Ada", "2026-03-04", "3.75", "2.25", "yes", "0"],
      ["201", "Ada", "2026-03-11", "1", "1", "no", "1"],
      ["202", "Doe, Jane", "2026-03-04", "0", "0", "no", "0"],
      ["202", "Doe, Jane", "2026-03-11", "0", "0", "yes", "0"],
      ["203", 'Say "hi"', "2026-03-04", "0", "0", "no", "0"],
      ["203", 'Say "hi"', "2026-03-11", "0", "0", "no", "0"],
      ["204", "two\nlines", "2026-03-04", "0", "0", "no", "0"],
      ["204", "two\nlines", "2026-03-11", "0", "0", "no", "0"],
    ]);
  });

  it("neutralises formula-looking names in the file", async () => {
    const s = store();
    const c = await cohort(s, { start: "2026-03-04", weeks: 1 }, noon("2026-03-01"));
    const names = ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", "\tTab", "\rReturn"];
    for (const [i, n] of names.entries()) {
      await joinCohort(s.db, GUILD, c.name, ref(String(300 + i), n), noon("2026-03-01"));
    }
    const cells = parseCsv((await cohortCsv(s.db, c, "2026-03-04")).csv)
      .slice(1)
      .map((r) => r[1]);
    expect(new Set(cells)).toEqual(new Set(names.map((n) => `'${n}`)));
  });

  it("has only the header before the start, and stops at the final week", async () => {
    const s = store();
    const { c } = await seed(s);
    expect(await cohortCsv(s.db, c, "2026-03-03")).toEqual({
      filename: "cohort-spring-backend.csv",
      csv: `${CSV_HEADER.join(",")}\r\n`,
      rows: 0,
    });
    const after = await cohortCsv(s.db, c, "2026-09-01");
    expect(after.rows).toBe(5 * 3);
    expect(
      new Set(
        parseCsv(after.csv)
          .slice(1)
          .map((r) => r[2]),
      ),
    ).toEqual(new Set(["2026-03-04", "2026-03-11", "2026-03-18"]));
  });

  it("exports a 200-member, 52-week cohort (10,400 rows) far under Discord's 10 MB", async () => {
    const s = store();
    const start = "2025-03-03";
    const c = await cohort(s, { name: "Year long", start, weeks: 52 }, noon(start));
    // Worst-case names: 32 characters that need quoting.
    const people = Array.from({ length: 200 }, (_, i) =>
      ref(String(100_000_000_000_000_000n + BigInt(i)), `Member "${i}", of the year long`.padEnd(32, "x")),
    );
    for (const p of people) await joinCohort(s.db, GUILD, c.name, p, noon(start));
    // Hours in every week for some members (non-zero cells are the longest).
    await transaction(s.db, async () => {
      for (const p of people.slice(0, 10)) {
        for (let w = 0; w < 52; w++) {
          const day = addDays(start, 7 * w + 1);
          await logHours(s.db, p, interactionId(), { hours: 3.75, kind: "build" }, noon(day));
        }
      }
    });
    const out = await cohortCsv(s.db, c, "2026-06-01");
    expect(out.rows).toBe(10_400);
    expect(parseCsv(out.csv)).toHaveLength(10_401);
    const bytes = Buffer.byteLength(out.csv, "utf8");
    expect(bytes).toBeLessThan(10 * 1024 * 1024);
    expect(bytes).toBeLessThan(1.5 * 1024 * 1024);
    expect(out.csv).toContain(`,2026-02-23,3.75,3.75,no,0\r\n`);
  });
});
