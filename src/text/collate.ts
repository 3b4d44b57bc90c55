/**
 * One reused collator per ordering. `a.localeCompare(b, "en", options)` builds a
 * collator on every call: sorting 100,000 names that way took 6.3 s against
 * 155 ms with one `Intl.Collator` (issue 8). Same order, same answers.
 */
const baseNames = new Intl.Collator("en", { sensitivity: "base" });
const numericNames = new Intl.Collator("en", { sensitivity: "base", numeric: true });

const exact = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Case- and accent-insensitive, then exact, so the order is total and stable. */
export function byName(a: string, b: string): number {
  return baseNames.compare(a, b) || exact(a, b);
}

/** Case-insensitive with numbers in names compared as numbers ("m2" before "m10"); 0 for equals. */
export const compareNumeric: (a: string, b: string) => number = numericNames.compare;
