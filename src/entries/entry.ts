/**
 * An `entries` row as the domain sees it: hours or a project, with the fields
 * of its type non-null. The table keeps both in one row shape (one id space,
 * one undo order); its CHECK constraints guarantee what `toEntry` relies on.
 */
import type { entries } from "../db/tables";

export type EntryRow = typeof entries.$inferSelect;

type Common = Pick<
  EntryRow,
  | "id"
  | "guildId"
  | "userId"
  | "interactionId"
  | "createdAt"
  | "localDate"
  | "removedAt"
  | "removedBy"
  | "removedReason"
>;

export interface HoursEntry extends Common {
  type: "hours";
  minutes: number;
  kind: "learn" | "build";
  topic: string | null;
  note: string | null;
}

export interface ProjectEntry extends Common {
  type: "project";
  name: string;
  url: string;
  repo: string | null;
  description: string | null;
  /** the live check (SPEC §3.19); null until checked */
  liveStatus: "live" | "unreachable" | null;
  liveReason: string | null;
  liveCheckedAt: Date | null;
}

export type Entry = HoursEntry | ProjectEntry;

/** The one mapping from a stored row to an `Entry`; a row its CHECKs should have refused throws. */
export function toEntry(row: EntryRow): Entry {
  const { type, minutes, kind, topic, note, name, url, repo, description, ...rest } = row;
  const { liveStatus, liveReason, liveCheckedAt, ...common } = rest;
  if (type === "hours" && minutes !== null && kind !== null) {
    return { ...common, type, minutes, kind, topic, note };
  }
  if (type === "project" && name !== null && url !== null) {
    return { ...common, type, name, url, repo, description, liveStatus, liveReason, liveCheckedAt };
  }
  throw new Error(`entry ${row.id} does not have the shape of its type ${type}`);
}

/** `toEntry` for a row that must be hours (selected by type, or just stored as hours). */
export function toHoursEntry(row: EntryRow): HoursEntry {
  const entry = toEntry(row);
  if (entry.type !== "hours") throw new Error(`entry ${row.id} is a ${entry.type}, not hours`);
  return entry;
}

/** `toEntry` for a row that must be a project. */
export function toProjectEntry(row: EntryRow): ProjectEntry {
  const entry = toEntry(row);
  if (entry.type !== "project") throw new Error(`entry ${row.id} is ${entry.type}, not a project`);
  return entry;
}
