/**
 * Competition ranking ("1224"): members with equal scores share a rank and the
 * next rank skips the tied places, so 1, 2, 2, 4 (SPEC §3.4).
 */

/** What ties are broken by, so the same data always lists in the same order. */
export interface RankRow {
  userId: string;
  displayName: string;
}

// A fixed locale and base sensitivity: "alice" and "Alice" sit together and the
// order does not depend on the host's locale.
const names = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/** Snowflakes are decimal strings: shorter is smaller, then compare digit by digit. */
function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Tie order within one score: display name (case-insensitively, numbers in names
 * compared as numbers), then the exact display name, then user id. The order
 * does not change a rank; it only decides who is listed first among equals and,
 * at the edge of the top 10, who is shown.
 */
export function compareTies(a: RankRow, b: RankRow): number {
  return (
    names.compare(a.displayName, b.displayName) ||
    (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0) ||
    compareIds(a.userId, b.userId)
  );
}

/**
 * Sorts rows by `score` descending and ranks them with competition ranking.
 * Rows scoring 0 (or less, or not a number) are left out: a leaderboard lists
 * people who did something in the period.
 */
export function rankMembers<T extends RankRow>(
  rows: readonly T[],
  score: (r: T) => number,
): Array<T & { rank: number; score: number }> {
  const scored = rows
    .map((row) => ({ row, score: score(row) }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || compareTies(a.row, b.row));
  const ranked: Array<T & { rank: number; score: number }> = [];
  scored.forEach((r, i) => {
    const prev = ranked[i - 1];
    const rank = prev !== undefined && prev.score === r.score ? prev.rank : i + 1;
    ranked.push({ ...r.row, rank, score: r.score });
  });
  return ranked;
}
