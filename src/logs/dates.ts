import { UserError } from "../errors";
import { addDays, daysBetween, type LocalDate, parseLocalDate } from "../time/dates";

/** How far back an entry may be logged (SPEC §3.2; inclusive). */
export const MAX_DAYS_BACK = 7;

/**
 * Resolves the `date` option — `today` (default), `yesterday` or `YYYY-MM-DD` —
 * against the member's local `today`. Refuses the future and more than 7 days back.
 */
export function resolveLogDate(input: string | undefined, today: LocalDate): LocalDate {
  const text = (input ?? "today").trim().toLowerCase();
  if (text === "" || text === "today") return today;
  if (text === "yesterday") return addDays(today, -1);
  const date = parseLocalDate(text);
  if (!date) {
    throw new UserError(
      "The date must be `today`, `yesterday` or a day written as YYYY-MM-DD, for example `2026-11-20`.",
    );
  }
  const back = daysBetween(date, today);
  if (back < 0)
    throw new UserError(
      `${date} is in the future (today is ${today} in your time zone). Log hours once you have done them.`,
    );
  if (back > MAX_DAYS_BACK) {
    throw new UserError(
      `${date} is more than ${MAX_DAYS_BACK} days ago; the earliest day you can log is ${addDays(today, -MAX_DAYS_BACK)}. Log as you go so your week stays honest.`,
    );
  }
  return date;
}
