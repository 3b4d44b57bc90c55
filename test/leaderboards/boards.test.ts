import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openStore } from "../../src/db/client";
import { leaderboard } from "../../src/leaderboards/leaderboard";
import { guildPeriod } from "../../src/leaderboards/periods";
import { logHours } from "../../src/logs/hours";
import { GUILD, interactionId } from "../helpers/store";

const NOW = new Date("2026-11-25T12:00:00Z");
const WEEK = guildPeriod("week", "2026-11-25");

// Few distinct scores and names, so ties (at the cut, inside the top, by name and by id) are the rule.
const memberLog = fc.record({
  member: fc.integer({ min: 1, max: 30 }),
  name: fc.constantFrom("ada", "Ada", "bo", "cy"),
  hours: fc.constantFrom(1, 2, 3),
  kind: fc.constantFrom("learn" as const, "build" as const),
});

describe("a guild-wide board from its per-period table", () => {
  it("equals the same board ranked in full (the cohort path) for any ties, page and caller", () => {
    fc.assert(
      fc.property(
        fc.array(memberLog, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom("hours" as const, "build" as const),
        (logs, limit, page, caller, metric) => {
          const s = openStore(":memory:");
          const ids = new Set<string>();
          for (const l of logs) {
            const userId = String(200 + l.member);
            ids.add(userId);
            logHours(
              s.db,
              { guildId: GUILD, userId, displayName: l.name },
              interactionId(),
              { hours: l.hours, kind: l.kind },
              NOW,
            );
          }
          const ask = { guildId: GUILD, metric, period: WEEK, now: NOW, limit, offset: page * limit };
          const callerId = String(200 + caller);
          const fromTable = leaderboard(s.db, { ...ask, callerId });
          const ranked = leaderboard(s.db, { ...ask, callerId, userIds: [...ids] });
          s.close();
          expect(fromTable.top).toEqual(ranked.top);
          expect(fromTable.caller).toEqual(ranked.caller);
          expect(fromTable.participants).toBe(ranked.participants);
        },
      ),
      { numRuns: 60, seed: 8 },
    );
  });
});
