/**
 * The cohort row and the rules for its name, shared by every cohort module.
 *
 * A cohort runs `weeks` 7-day blocks from `start_date`, a local date in the
 * guild's time zone (see calendar.ts). Names are unique per guild regardless of
 * case, and stored and shown on one line.
 */
import type { cohorts } from "../db/tables";
import { userText } from "../text/escape";

export type Cohort = typeof cohorts.$inferSelect;

export const MAX_NAME = 60;

/** How a name is stored and shown: one line, single spaces, composed Unicode. */
export function normaliseName(name: string): string {
  return name.normalize("NFC").replace(/\s+/g, " ").trim();
}

/** The key names are unique by (per guild) and looked up by. */
export function nameKey(name: string): string {
  return normaliseName(name).toLowerCase();
}

/** A cohort name (stored or typed) in text that renders markdown: one line, clipped, escaped. */
export function cohortName(name: string): string {
  return userText(normaliseName(name), MAX_NAME, { oneLine: true });
}

/** A cohort name echoed in an error message, in quotes. */
export function quotedName(name: string): string {
  return `"${cohortName(name)}"`;
}
