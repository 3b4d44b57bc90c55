/** Small text formats shared by replies, posts and exports (plain strings, no Discord client). */
import { addDays } from "../time/dates";
import { zonedInstant } from "../time/zones";

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

/** The invitation that closes every weekly check-in post, the guild's and each cohort's. */
export const CHECKIN_INVITATION =
  "New week, new goals: run `/checkin goals:…` to set yours (add `blockers:…` if something is in your way).";

/** A member's local day in words: "today", "yesterday", else a Discord date (noon in their zone, so it reads as that day). */
export function dayWords(day: string, today: string, timeZone: string): string {
  if (day === today) return "today";
  if (day === addDays(today, -1)) return "yesterday";
  return discordTimestamp(zonedInstant(day, 12 * 60, timeZone));
}
