import { and, asc, eq, gte, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { entries } from "../db/schema";
import { addDays, daysBetween, type LocalDate, weekStart } from "../time/dates";

export interface Totals {
  minutes: number;
  buildMinutes: number;
}

/** Live (not removed) hours entries of one member. */
function memberHours(guildId: string, userId: string) {
  return and(
    eq(entries.guildId, guildId),
    eq(entries.userId, userId),
    eq(entries.type, "hours"),
    isNull(entries.removedAt),
  );
}

/** Minutes and build minutes of a member between two local dates (inclusive); open ends are unbounded. */
export function memberTotals(
  db: Db,
  guildId: string,
  userId: string,
  from?: LocalDate,
  to?: LocalDate,
): Totals {
  const row = db
    .select({
      minutes: sql<number>`coalesce(sum(${entries.minutes}), 0)`,
      buildMinutes: sql<number>`coalesce(sum(case when ${entries.kind} = 'build' then ${entries.minutes} else 0 end), 0)`,
    })
    .from(entries)
    .where(
      and(
        memberHours(guildId, userId),
        from ? gte(entries.localDate, from) : undefined,
        to ? lte(entries.localDate, to) : undefined,
      ),
    )
    .get();
  return { minutes: row?.minutes ?? 0, buildMinutes: row?.buildMinutes ?? 0 };
}

/** The Monday–Sunday week containing `today`. */
export function weekOf(today: LocalDate): { from: LocalDate; to: LocalDate } {
  const from = weekStart(today);
  return { from, to: addDays(from, 6) };
}

export function weekTotals(db: Db, guildId: string, userId: string, today: LocalDate): Totals {
  const { from, to } = weekOf(today);
  return memberTotals(db, guildId, userId, from, to);
}

/** Build share as a whole percentage, or null when nothing was logged. */
export function buildShare(t: Totals): number | null {
  return t.minutes === 0 ? null : Math.round((t.buildMinutes / t.minutes) * 100);
}

/** Distinct local days on which the member logged hours, ascending. */
export function loggedDays(db: Db, guildId: string, userId: string): LocalDate[] {
  return db
    .selectDistinct({ d: entries.localDate })
    .from(entries)
    .where(memberHours(guildId, userId))
    .orderBy(asc(entries.localDate))
    .all()
    .map((r) => r.d);
}

export interface Streaks {
  /** consecutive days ending today, or yesterday (a streak is not broken until a day passes without a log) */
  current: number;
  longest: number;
}

/** Streaks over ascending distinct local days, as seen on the member's local `today`. */
export function streaks(days: readonly LocalDate[], today: LocalDate): Streaks {
  let longest = 0;
  let run = 0;
  let prev: LocalDate | null = null;
  for (const d of days) {
    run = prev !== null && daysBetween(prev, d) === 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    prev = d;
  }
  const gap = prev === null ? Number.POSITIVE_INFINITY : daysBetween(prev, today);
  return { current: gap <= 1 ? run : 0, longest };
}

export function memberStreaks(db: Db, guildId: string, userId: string, today: LocalDate): Streaks {
  return streaks(loggedDays(db, guildId, userId), today);
}
