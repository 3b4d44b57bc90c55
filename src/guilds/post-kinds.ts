/**
 * How moderators name and read the scheduled post kinds: one spelling shown
 * (`prompt`, `checkin`, `leaderboard`), the plural and hyphenated spellings
 * accepted everywhere (`/config channel` once offered `prompts|checkins`), and
 * one readable form for a schedule ("Daily at 09:00", "Sundays at 18:00").
 */
import { UserError } from "../errors";
import { GUILD_POST_KINDS, type PostKind } from "../scheduler/kinds";

export const POST_LABEL = {
  prompt: "Daily prompt",
  checkin: "Weekly check-in",
  leaderboard: "Weekly leaderboard",
} as const satisfies Record<PostKind, string>;

const SPELLINGS: Record<string, PostKind> = {
  prompt: "prompt",
  prompts: "prompt",
  checkin: "checkin",
  checkins: "checkin",
  "check-in": "checkin",
  "check-ins": "checkin",
  leaderboard: "leaderboard",
  leaderboards: "leaderboard",
};

/** The post kind a moderator named, in any accepted spelling, or null. */
export function parsePostKind(text: string): PostKind | null {
  const key = text.trim().toLowerCase();
  // own keys only: "constructor" or "__proto__" from a forged payload must not match Object.prototype
  return Object.hasOwn(SPELLINGS, key) ? (SPELLINGS[key] ?? null) : null;
}

/** Like parsePostKind, but an unknown kind is the caller's error, with the spellings to use. */
export function requirePostKind(text: string): PostKind {
  const kind = parsePostKind(text);
  if (kind === null) throw new UserError("Kind must be prompt, checkin or leaderboard.");
  return kind;
}

/** The one spelling offered as choices in every subcommand that names a post kind. */
export const POST_KIND_NAMES: readonly PostKind[] = GUILD_POST_KINDS;

const DAY_NAMES = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"];

/** "Daily at 09:00" or "Sundays at 18:00"; `weekday` is ISO (1 = Monday), null for daily. */
export function scheduleWords(weekday: number | null, time: string): string {
  return `${weekday === null ? "Daily" : (DAY_NAMES[weekday - 1] ?? "Weekly")} at ${time}`;
}
