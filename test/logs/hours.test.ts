import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors";
import { logHours } from "../../src/logs/hours";
import { setMemberTimeZone } from "../../src/members/timezone";
import { allEntries, interactionId, member, useStore } from "../helpers/store";

// Sunday 2026-11-22, 12:00 UTC
const NOW = new Date("2026-11-22T12:00:00Z");

describe("logHours", () => {
  const store = useStore();

  it("stores integer minutes on the member's local day and reports the week", async () => {
    const { db } = store();
    await logHours(
      db,
      member(),
      interactionId(),
      { hours: 2, kind: "learn", topic: "http", date: "2026-11-20" },
      NOW,
    );
    const r = await logHours(
      db,
      member(),
      interactionId(),
      { hours: 1.25, kind: "build", note: "index on users.email" },
      NOW,
    );
    expect(r.created).toBe(true);
    expect(r.entry).toMatchObject({
      minutes: 75,
      kind: "build",
      localDate: "2026-11-22",
      note: "index on users.email",
    });
    expect(r.week).toEqual({ minutes: 195, buildMinutes: 75 });
    expect(r.buildTargetPercent).toBe(70);
    expect(r.streak).toBe(1);
  });

  it.each([0.25, 16])("accepts the inclusive bound %s h", async (hours) => {
    const { db } = store();
    expect((await logHours(db, member(), interactionId(), { hours, kind: "build" }, NOW)).entry.minutes).toBe(
      hours * 60,
    );
  });

  it.each([0, 0.2, 16.01, 100, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    "refuses %s h and stores nothing",
    async (hours) => {
      const { db } = store();
      const s = store();
      await expect(logHours(db, member(), interactionId(), { hours, kind: "build" }, NOW)).rejects.toThrow(
        /between 0.25 and 16/,
      );
      expect(await allEntries(s)).toEqual([]);
    },
  );

  it("refuses unknown kinds and topics and notes over 500 characters", async () => {
    const s = store();
    const bad = [
      [{ hours: 1, kind: "watch" }, /learn.*build/],
      [{ hours: 1, kind: "build", topic: "blockchain" }, /roadmap topics/],
      [{ hours: 1, kind: "build", note: "x".repeat(501) }, /500 characters/],
    ] as const;
    for (const [input, message] of bad) {
      await expect(logHours(s.db, member(), interactionId(), input as never, NOW)).rejects.toThrow(message);
    }
    expect(
      (
        await logHours(
          s.db,
          member(),
          interactionId(),
          { hours: 1, kind: "build", note: "x".repeat(500) },
          NOW,
        )
      ).created,
    ).toBe(true);
    expect(await allEntries(s)).toHaveLength(1);
  });

  it("enforces the daily cap per local day, inclusively", async () => {
    const s = store();
    await logHours(s.db, member(), interactionId(), { hours: 10, kind: "build" }, NOW);
    await expect(
      logHours(s.db, member(), interactionId(), { hours: 6.5, kind: "learn" }, NOW),
    ).rejects.toThrow(/daily cap of 16 h.*up to 6 h/);
    expect(await allEntries(s)).toHaveLength(1);
    await logHours(s.db, member(), interactionId(), { hours: 6, kind: "learn" }, NOW);
    // another day is unaffected, and another member too
    await logHours(s.db, member(), interactionId(), { hours: 16, kind: "learn", date: "yesterday" }, NOW);
    await logHours(s.db, member("299"), interactionId(), { hours: 16, kind: "learn" }, NOW);
    expect(await allEntries(s)).toHaveLength(4);
  });

  it("accepts today, yesterday and exactly 7 days back; refuses 8 days back, the future and junk", async () => {
    const s = store();
    for (const date of ["today", "yesterday", "2026-11-15", "2026-11-22"]) {
      expect(
        (await logHours(s.db, member(), interactionId(), { hours: 1, kind: "learn", date }, NOW)).entry
          .localDate,
      ).toMatch(/2026-11-(15|21|22)/);
    }
    const refused = [
      ["2026-11-14", /more than 7 days ago.*2026-11-15/],
      ["2026-11-23", /in the future/],
      ["2026-02-30", /YYYY-MM-DD/],
      ["last week", /YYYY-MM-DD/],
    ] as const;
    for (const [date, message] of refused) {
      await expect(
        logHours(s.db, member(), interactionId(), { hours: 1, kind: "learn", date }, NOW),
      ).rejects.toThrow(message);
    }
    expect(await allEntries(s)).toHaveLength(4);
  });

  it("resolves dates in the member's own time zone around local midnight", async () => {
    const s = store();
    // 23:30 UTC on Sunday is already Monday 08:30 in Tokyo and still Sunday 15:30 in Los Angeles
    const lateUtc = new Date("2026-11-22T23:30:00Z");
    await setMemberTimeZone(s.db, member("201"), "Asia/Tokyo", lateUtc);
    await setMemberTimeZone(s.db, member("202"), "America/Los_Angeles", lateUtc);
    expect(
      (await logHours(s.db, member("201"), interactionId(), { hours: 1, kind: "learn" }, lateUtc)).entry
        .localDate,
    ).toBe("2026-11-23");
    expect(
      (await logHours(s.db, member("202"), interactionId(), { hours: 1, kind: "learn" }, lateUtc)).entry
        .localDate,
    ).toBe("2026-11-22");
    // for Tokyo, the 23rd is "today", so the 24th is the future; for LA the 23rd is already the future
    await expect(
      logHours(
        s.db,
        member("201"),
        interactionId(),
        { hours: 1, kind: "learn", date: "2026-11-24" },
        lateUtc,
      ),
    ).rejects.toThrow(/future/);
    await expect(
      logHours(
        s.db,
        member("202"),
        interactionId(),
        { hours: 1, kind: "learn", date: "2026-11-23" },
        lateUtc,
      ),
    ).rejects.toThrow(/future/);
    // the Tokyo member's week is already the next one: only Monday's hour counts
    expect(
      (
        await logHours(
          s.db,
          member("201"),
          interactionId(),
          { hours: 1, kind: "build", date: "yesterday" },
          lateUtc,
        )
      ).week,
    ).toEqual({ minutes: 60, buildMinutes: 0 });
  });

  it("stores one entry when the same interaction is delivered twice", async () => {
    const s = store();
    const id = interactionId();
    const first = await logHours(s.db, member(), id, { hours: 2, kind: "build" }, NOW);
    const again = await logHours(s.db, member(), id, { hours: 2, kind: "build" }, NOW);
    expect(again.created).toBe(false);
    expect(again.entry.id).toBe(first.entry.id);
    expect(again.week.minutes).toBe(120);
    expect(await allEntries(s)).toHaveLength(1);
  });

  it("throws UserError (not a crash) for every refusal", async () => {
    const s = store();
    try {
      await logHours(s.db, member(), interactionId(), { hours: 99, kind: "build" }, NOW);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
    }
  });
});

describe("logHours from two flows at once", () => {
  const store = useStore();

  // SQLite's one writer makes the daily cap's read-then-write safe; on PostgreSQL the two
  // run on two connections, and the cap must hold however they interleave (src/db/tx.ts).
  it("keeps the daily cap: of two 10 h logs for the same day, one is stored and one refused", async () => {
    const { db } = store();
    await logHours(db, member(), interactionId(), { hours: 1, kind: "build" }, NOW); // the member and guild exist
    const results = await Promise.allSettled(
      [10, 10].map((hours) => logHours(db, member(), interactionId(), { hours, kind: "learn" }, NOW)),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected");
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(UserError);
    expect((await allEntries(store())).reduce((sum, e) => sum + (e.minutes ?? 0), 0)).toBe(11 * 60);
  });
});
