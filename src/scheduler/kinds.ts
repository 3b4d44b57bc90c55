/**
 * The kinds of scheduled post: one list shared by the scheduler and the
 * database, where `posts.kind` and `schedule_state.kind` are enum columns
 * with a CHECK built from it. Plain data, no imports, so the schema (and
 * drizzle-kit, which loads it) can import it.
 */

/** Posts every guild can schedule, in the order /config shows them. */
export const GUILD_POST_KINDS = ["prompt", "checkin", "leaderboard"] as const;
/** Cohort posts (SPEC §3.11) go through the same keys, claims and runner. */
export const COHORT_POST_KINDS = ["cohort-checkin", "cohort-report"] as const;
export const ALL_POST_KINDS = [...GUILD_POST_KINDS, ...COHORT_POST_KINDS] as const;

export type PostKind = (typeof GUILD_POST_KINDS)[number];
export type CohortPostKind = (typeof COHORT_POST_KINDS)[number];
export type AnyPostKind = (typeof ALL_POST_KINDS)[number];
