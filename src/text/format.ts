/** Small text formats shared by replies, posts and exports (plain strings, no Discord client). */
import { addDays } from "../time/dates";

/** Minutes as hours with at most two decimals: 750 → `12.5 h`. */
export function formatHours(minutes: number): string {
  return `${Number((minutes / 60).toFixed(2))} h`;
}

/** `1 entry`, `3 entries`. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Discord's `<t:unix:style>` markup: every reader sees the time in their own zone. */
export function discordTimestamp(date: Date, style: "D" | "d" | "f" | "R" | "F" = "D"): string {
  return `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;
}

/**
 * A calendar day (`YYYY-MM-DD`) as a Discord date (`<t:…:D>`), which every
 * reader sees in their own language. Placed at noon UTC, so readers within
 * twelve hours of UTC see that same day.
 */
export function dayStamp(day: string): string {
  return discordTimestamp(new Date(`${day}T12:00:00Z`), "D");
}

/** The invitation that closes every weekly check-in post, the guild's and each cohort's. */
export const CHECKIN_INVITATION =
  "New week, new goals: press **Check in** below to set yours (or run `/checkin`), and **Log time** whenever you put in an hour.";

/** A member's local day in words: "today", "yesterday", else a Discord date. */
export function dayWords(day: string, today: string): string {
  if (day === today) return "today";
  if (day === addDays(today, -1)) return "yesterday";
  return dayStamp(day);
}
