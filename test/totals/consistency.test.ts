import { and, eq, isNull } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkIn } from "../../src/checkins/checkin";
import { openStore } from "../../src/db/client";
import { entries } from "../../src/db/schema";
import { isUserError } from "../../src/errors";
import { setGuildTimeZone } from "../../src/guilds/config";
import { logHours } from "../../src/logs/hours";
import { undoLast } from "../../src/logs/undo";
import { setMemberTimeZone } from "../../src/members/timezone";
import { removeEntry } from "../../src/moderation/entries";
import { deleteMemberData } from "../../src/privacy/delete";
import { logProject } from "../../src/projects/log";
import { verifyDerived } from "../../src/totals/verify";
import { GUILD, interactionId, member } from "../helpers/store";

const START = new Date("2026-11-20T22:30:00Z");
const USERS = ["200000000000000001", "200000000000000002", "200000000000000003"];
const ZONES = ["server", "Pacific/Kiritimati", "America/Los_Angeles", "Europe/Berlin"];

const user = fc.constantFrom(...USERS);
const action = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constant("hours" as const),
      user,
      hours: fc.constantFrom(0.25, 1, 2.5, 8),
      kind: fc.constantFrom("learn" as const, "build" as const),
      back: fc.integer({ min: 0, max: 7 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("project" as const), user }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("undo" as const), user }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("checkin" as const), user }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("remove" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("delete" as const), user }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant("zone" as const), user, zone: fc.constantFrom(...ZONES) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("guildZone" as const),
      zone: fc.constantFrom(...ZONES.slice(1), "UTC"),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant("wait" as const), hours: fc.integer({ min: 1, max: 40 }) }),
  },
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

describe("derived totals", () => {
  it("equal a recomputation from entries after any sequence of writes", () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 5, maxLength: 60 }), (actions) => {
        const s = openStore(":memory:");
        const { db } = s;
        let now = START;
        const dateBack = (back: number) =>
          new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10);
        const run = (a: Action) => {
          switch (a.op) {
            case "hours":
              return logHours(
                db,
                member(a.user),
                interactionId(),
                { hours: a.hours, kind: a.kind, date: a.back === 0 ? "today" : dateBack(a.back) },
                now,
              );
            case "project":
              return logProject(
                db,
                member(a.user),
                interactionId(),
                { name: "api", url: "https://a.example.com" },
                now,
              );
            case "undo":
              return undoLast(db, GUILD, a.user, now);
            case "checkin":
              return checkIn(db, member(a.user), { goals: "finish the joins chapter" }, now);
            case "remove": {
              const live = db
                .select({ id: entries.id })
                .from(entries)
                .where(and(eq(entries.guildId, GUILD), isNull(entries.removedAt)))
                .all();
              const target = live[a.pick % Math.max(1, live.length)];
              if (target) removeEntry(db, GUILD, { id: target.id, reason: "test" }, "999", now);
              return;
            }
            case "delete":
              return deleteMemberData(db, GUILD, a.user);
            case "zone":
              return setMemberTimeZone(db, member(a.user), a.zone, now);
            case "guildZone":
              return setGuildTimeZone(db, GUILD, a.zone, now);
            case "wait":
              now = new Date(now.getTime() + a.hours * 3_600_000);
              return;
          }
        };
        for (const a of actions) {
          try {
            run(a);
          } catch (error) {
            if (!isUserError(error)) throw error;
          }
        }
        const report = verifyDerived(s.sqlite);
        s.close();
        expect(report.differences).toEqual([]);
      }),
      { numRuns: 40, seed: 8 },
    );
  });
});

describe("verifyDerived", () => {
  it("reports a guild week whose check-in count disagrees with check-ins, with triggers off", () => {
    const s = openStore(":memory:");
    logHours(s.db, member(USERS[0]), interactionId(), { hours: 2, kind: "build" }, START);
    checkIn(s.db, member(USERS[0]), { goals: "ship" }, START);
    expect(verifyDerived(s.sqlite).ok).toBe(true);
    expect(s.sqlite.prepare("select checked_in from guild_weeks").pluck().get()).toBe(1);
    s.sqlite.exec("drop trigger guild_checkin_delete");
    s.sqlite.exec("delete from checkins");
    const report = verifyDerived(s.sqlite);
    s.close();
    expect(report.counts.guild_weeks).toBe(2);
    expect(report.differences).toContainEqual({
      table: "guild_weeks",
      side: "expected",
      row: expect.objectContaining({ members: 1, minutes: 120, build_minutes: 120, checked_in: 0 }),
    });
  });

  it("reports a derived row that disagrees with entries, and one that is missing", () => {
    const s = openStore(":memory:");
    logHours(s.db, member(USERS[0]), interactionId(), { hours: 2, kind: "build" }, START);
    logHours(s.db, member(USERS[1]), interactionId(), { hours: 1, kind: "learn" }, START);
    expect(verifyDerived(s.sqlite).ok).toBe(true);
    s.sqlite.exec(`update member_weeks set minutes = minutes + 15 where user_id = '${USERS[0]}'`);
    s.sqlite.exec(`delete from member_totals where user_id = '${USERS[1]}'`);
    const report = verifyDerived(s.sqlite);
    s.close();
    expect(report.ok).toBe(false);
    // the edited week row, and through the triggers its guild's week row (both sides each)
    expect(report.counts.member_weeks).toBe(2);
    expect(report.counts.guild_weeks).toBe(2);
    // the deleted member row, and through the triggers the guild's member count
    expect(report.counts.member_totals).toBe(1);
    expect(report.counts.guild_totals).toBe(2);
    expect(report.differences).toContainEqual({
      table: "member_totals",
      side: "expected",
      row: expect.objectContaining({ user_id: USERS[1], minutes: 60, last_run: 1, longest_run: 1 }),
    });
  });
});
