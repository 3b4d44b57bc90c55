import { addDays, type LocalDate } from "../time/dates";
import { zonedInstant } from "../time/zones";

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
