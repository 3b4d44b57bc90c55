import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { first } from "../db/raw";
import { entries } from "../db/tables";
import { transaction } from "../db/tx";
import { type Entry, type HoursEntry, type ProjectEntry, toEntry } from "../entries/entry";
import { UserError } from "../errors";
import { userText } from "../text/escape";
import { discordTimestamp, formatHours } from "../text/format";
import { bareLink } from "../text/links";
import { parseInput } from "../validation";

export const DEFAULT_ENTRY_LIMIT = 20;
export const MAX_ENTRY_LIMIT = 50;
export const MAX_REMOVE_REASON = 300;
/** Notes are cut in /mod entries so a page of 20 lines stays readable. */
export const NOTE_PREVIEW = 80;

type Shown = "id" | "type" | "createdAt" | "localDate" | "removedAt" | "removedBy" | "removedReason";

/** What /mod entries shows of one entry; the Discord layer formats it with `formatEntryLine`. */
export type EntrySummary =
  | Pick<HoursEntry, Shown | "minutes" | "kind" | "topic" | "note">
  | Pick<ProjectEntry, Shown | "name" | "url">;

/**
 * The member's most recent entries in this guild, live and removed, newest first
 * (SPEC §3.12). A moderator needs the removed ones too, to see what was already
 * taken out and why.
 */
export async function recentEntries(
  db: Db,
  guildId: string,
  userId: string,
  limit = DEFAULT_ENTRY_LIMIT,
): Promise<EntrySummary[]> {
  const n = Math.min(Math.max(Math.trunc(limit), 1), MAX_ENTRY_LIMIT);
  return (
    await db
      .select()
      .from(entries)
      .where(and(eq(entries.guildId, guildId), eq(entries.userId, userId)))
      .orderBy(desc(entries.createdAt), desc(entries.id))
      .limit(n)
  ).map(toEntry);
}

/**
 * User text inside a one-line listing: one line, cut to `max` characters, and
 * Discord markdown escaped so a note cannot bold, strike, quote, spoil, link or
 * render a `<@id>` / `<t:…>` token. (Pings are also blocked by the reply's
 * allowed mentions; escaping keeps the line looking like what was typed.)
 */
function inlineText(text: string, max: number): string {
  return userText(text, max, { oneLine: true });
}

/**
 * One line of /mod entries, for example
 * `#123 · 2026-11-20 · 1.5 h build · databases — note…`,
 * `#124 · 2026-11-21 · project **name** <url>`, or for a removed entry
 * `~~#125 · …~~ removed by <@id>: reason`.
 */
export function formatEntryLine(e: EntrySummary): string {
  const parts = [`#${e.id}`, e.localDate];
  let note = "";
  if (e.type === "hours") {
    parts.push(`${formatHours(e.minutes)} ${e.kind}`);
    if (e.topic) parts.push(inlineText(e.topic, 40));
    if (e.note) note = ` — ${inlineText(e.note, NOTE_PREVIEW)}`;
  } else {
    // `<…>` keeps Discord from unfurling every link in the list. Stored URLs are
    // normalised hrefs, which percent-encode `<`, `>` and spaces.
    parts.push(`project **${inlineText(e.name, 100)}** ${bareLink(e.url)}`);
  }
  const line = `${parts.join(" · ")}${note}`;
  if (e.removedAt === null) return line;
  const by = e.removedBy ? ` by <@${e.removedBy}>` : "";
  const why = e.removedReason ? `: ${inlineText(e.removedReason, 120)}` : "";
  return `~~${line}~~ removed${by}${why}`;
}

const RemoveInput = z.object({
  id: z
    .number({ error: "The entry id must be a whole number, like 123 (the number after # in /mod entries)." })
    .refine((n) => Number.isSafeInteger(n) && n > 0, {
      message: "The entry id must be a whole number above 0, like 123 (the number after # in /mod entries).",
    }),
  reason: z
    .string({ error: "Give a reason for removing the entry, for example `duplicate of #122`." })
    .trim()
    .min(1, "Give a reason for removing the entry, for example `duplicate of #122` — the member will see it.")
    .max(
      MAX_REMOVE_REASON,
      `The reason can be at most ${MAX_REMOVE_REASON} characters — shorten it and try again.`,
    ),
});

export type RemoveInput = z.input<typeof RemoveInput>;

/**
 * A moderator removes one entry (SPEC §3.12). The row is kept, marked removed
 * with who and why, so totals, streaks and leaderboards stop counting it while
 * /mod entries still shows it. Only entries of `guildId` can be reached: an id
 * from another guild gets exactly the "no such entry" answer, so ids cannot be
 * used to probe other servers.
 */
export async function removeEntry(
  db: Db,
  guildId: string,
  raw: RemoveInput,
  moderatorId: string,
  now: Date,
): Promise<Entry> {
  const input = parseInput(RemoveInput, raw);
  return transaction(db, async (tx) => {
    const entry = await first(
      tx
        .select()
        .from(entries)
        .where(and(eq(entries.id, input.id), eq(entries.guildId, guildId)))
        .limit(1),
    );
    if (!entry) {
      throw new UserError(
        `No entry #${input.id} in this server. /mod entries member:@someone lists a member's entries with their ids.`,
      );
    }
    if (entry.removedAt !== null) {
      const by = entry.removedBy ? ` by <@${entry.removedBy}>` : "";
      const why = entry.removedReason ? ` (reason: ${inlineText(entry.removedReason, 120)})` : "";
      throw new UserError(
        `Entry #${entry.id} was already removed${by} on ${discordTimestamp(entry.removedAt, "f")}${why}. Nothing changed.`,
      );
    }
    const removed = await first(
      tx
        .update(entries)
        .set({ removedAt: now, removedBy: moderatorId, removedReason: input.reason })
        .where(and(eq(entries.id, entry.id), eq(entries.guildId, guildId), isNull(entries.removedAt)))
        .returning(),
    );
    // The select above ran in this transaction, so the row is still live here.
    if (!removed) throw new Error(`entry ${entry.id} vanished during removal`);
    return toEntry(removed);
  });
}
