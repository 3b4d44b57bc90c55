import { describe, expect, it } from "vitest";
import { checkIn } from "../../src/checkins/checkin";
import { CSV_SLICE, cohortCsv, cohortCsvSliced } from "../../src/cohorts/export";
import { joinCohort } from "../../src/cohorts/membership";
import { addDays } from "../../src/time/dates";
import { GUILD, useStore } from "../helpers/store";
import { cohort, hours, noon, project, ref } from "./fixtures";

describe("cohortCsvSliced", () => {
  const store = useStore();

  it("writes the same file as cohortCsv for a cohort larger than one slice", async () => {
    const s = store();
    const c = await cohort(
      s,
      { name: "Big", start: "2026-03-04", weeks: 2, capacity: null },
      noon("2026-03-01"),
    );
    const n = CSV_SLICE * 2 + 7;
    for (let i = 0; i < n; i++) {
      const who = ref(String(200_000_000_000_000_000n + BigInt(i)), `member ${n - i}`);
      await joinCohort(s.db, GUILD, c.name, who, noon("2026-03-01"));
      if (i % 3 === 0)
        await hours(s, who, addDays("2026-03-04", i % 10), 1 + (i % 4), i % 2 ? "learn" : "build");
      if (i % 11 === 0) await project(s, who, "2026-03-06");
      if (i % 5 === 0) await checkIn(s.db, who, { goals: "ship" }, noon("2026-03-04"));
    }
    const whole = await cohortCsv(s.db, c, "2026-03-14");
    const sliced = await cohortCsvSliced(s.db, c, "2026-03-14");
    expect(whole.rows).toBe(n * 2);
    expect(sliced).toEqual(whole);
  });
});
