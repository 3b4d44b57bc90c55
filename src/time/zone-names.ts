/**
 * Time-zone names as members type them (SPEC §3.13): current IANA names from
 * @vvo/tzdb, matched by name, legacy alias, main city and country, and one
 * validation shared by `/timezone` and `/config timezone` so both accept and
 * refuse exactly the same names. A legacy alias (`Asia/Calcutta`) is stored
 * as its current name (`Asia/Kolkata`).
 */
import { getTimeZones } from "@vvo/tzdb";
import { isValidTimeZone } from "./zones";

interface ZoneEntry {
  /** the current IANA name stored for every name of the group */
  name: string;
  /** lower-cased name and aliases */
  names: string[];
  /** lower-cased, accent-free cities and country, for "berlin" or "india" */
  places: string[];
  /** what the autocomplete list shows */
  label: string;
}

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .trim();

let entries: ZoneEntry[] | undefined;
let byName: Map<string, string> | undefined;

function index(): { entries: ZoneEntry[]; byName: Map<string, string> } {
  if (!entries || !byName) {
    const built: ZoneEntry[] = [];
    const names = new Map<string, string>();
    for (const z of getTimeZones({ includeUtc: true })) {
      // The UTC group keeps the short name the bot has always used as its default.
      const name = z.group.includes("UTC") ? "UTC" : z.name;
      if (!isValidTimeZone(name)) continue;
      for (const alias of [name, ...z.group]) names.set(alias.toLowerCase(), name);
      const cities = z.mainCities.filter((c) => c !== "");
      const where = [z.countryName, ...cities].filter((x) => x !== "").join(", ");
      built.push({
        name,
        names: [name, ...z.group].map((n) => n.toLowerCase()),
        places: [z.countryName, ...cities].filter((x) => x !== "").map(fold),
        label: (where === "" ? `${name} — ${z.alternativeName}` : `${name} — ${where}`).slice(0, 100),
      });
    }
    entries = built;
    byName = names;
  }
  return { entries, byName };
}

/**
 * The name to store for what a member typed, or null when it is no time zone:
 * the current IANA name of a known name or alias (any case); otherwise any other
 * name the runtime can format in (`Etc/GMT+5`), in the runtime's own spelling.
 */
export function canonicalTimeZone(input: string): string | null {
  const typed = input.trim();
  if (typed.length === 0 || typed.length > 64) return null;
  const known = index().byName.get(typed.toLowerCase());
  if (known) return known;
  if (!isValidTimeZone(typed)) return null;
  return new Intl.DateTimeFormat("en-US", { timeZone: typed }).resolvedOptions().timeZone;
}

export interface ZoneChoice {
  name: string;
  label: string;
}

/**
 * Autocomplete: names and aliases first ("kolk", "calcutta"), then cities and
 * countries ("berlin", "india"); at most 25 (Discord's limit), each zone once.
 */
export function searchTimeZones(query: string): ZoneChoice[] {
  const q = fold(query);
  const asName = q.replace(/\s+/g, "_");
  const { entries: all } = index();
  if (q === "") return all.slice(0, 25).map(({ name, label }) => ({ name, label }));
  const partStarts = (n: string) => n.split("/").some((part) => part.startsWith(asName));
  // current name, then places, then legacy aliases ("india" is India before America/Indiana)
  const rules: Array<(e: ZoneEntry) => boolean> = [
    (e) => e.names.includes(asName) || e.places.includes(q),
    (e) => partStarts(e.names[0] ?? ""),
    (e) => e.places.some((p) => p.startsWith(q)),
    (e) => e.names.some(partStarts),
    (e) => e.names.some((n) => n.includes(asName)) || e.places.some((p) => p.includes(q)),
  ];
  const rank = (e: ZoneEntry): number => {
    const r = rules.findIndex((matches) => matches(e));
    return r === -1 ? rules.length : r;
  };
  return all
    .map((e) => ({ e, r: rank(e) }))
    .filter(({ r }) => r < rules.length)
    .sort((a, b) => a.r - b.r)
    .slice(0, 25)
    .map(({ e }) => ({ name: e.name, label: e.label }));
}
