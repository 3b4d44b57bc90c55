import { addDays, daysBetween, type LocalDate } from "../time/dates";
import { zonedInstant } from "../time/zones";

export interface RunState {
  /** latest day with live hours, null when there is none */
  lastDay: LocalDate | null;
  /** days in the run ending on `lastDay` */
  lastRun: number;
  /** days in the longest run */
  longest: number;
}

/** Runs over ascending distinct days (the same counting as `streaks` in src/logs/stats.ts). */
export function runsOfDays(days: readonly LocalDate[]): RunState {
  let longest = 0;
  let run = 0;
  let prev: LocalDate | null = null;
  for (const d of days) {
    run = prev !== null && daysBetween(prev, d) === 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    prev = d;
  }
  return { lastDay: prev, lastRun: run, longest };
}

const memo = new Map<string, number>();

/**
 * The instant (ms) a run ending on `lastDay` stops being current for a member in
 * `timeZone`: the start of `lastDay + 2` there. Before it, the member's today is
 * at most `lastDay + 1`, which is `streaksOfRuns`' rule for a current streak.
 */
export function currentUntil(lastDay: LocalDate, timeZone: string): number {
  const key = `${timeZone}|${lastDay}`;
  let t = memo.get(key);
  if (t === undefined) {
    t = zonedInstant(addDays(lastDay, 2), 0, timeZone).getTime();
    if (memo.size > 10_000) memo.clear();
    memo.set(key, t);
  }
  return t;
}
