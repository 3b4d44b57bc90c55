import { and, desc, eq, gte, isNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { first } from "../db/raw";
import { entries } from "../db/tables";
import { transaction } from "../db/tx";
import { type Entry, toEntry } from "../entries/entry";
import { UserError } from "../errors";

export const UNDO_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Soft-deletes the member's most recent hours or project entry made in the last
 * 24 hours (SPEC §3.2), keeping the row as removed by its owner.
 */
export async function undoLast(db: Db, guildId: string, userId: string, now: Date): Promise<Entry> {
  return transaction(db, async (tx) => {
    const last = await first(
      tx
        .select()
        .from(entries)
        .where(
          and(
            eq(entries.guildId, guildId),
            eq(entries.userId, userId),
            isNull(entries.removedAt),
            gte(entries.createdAt, new Date(now.getTime() - UNDO_WINDOW_MS)),
          ),
        )
        .orderBy(desc(entries.createdAt), desc(entries.id))
        .limit(1),
    );
    if (!last) {
      throw new UserError(
        "There is nothing to undo: /log undo removes your latest entry from the last 24 hours, and you have none. Ask a moderator to remove an older one.",
      );
    }
    const undone = await first(
      tx
        .update(entries)
        .set({ removedAt: now, removedBy: userId, removedReason: "undo" })
        .where(eq(entries.id, last.id))
        .returning(),
    );
    // The select above ran in this transaction, so the row is still there.
    if (!undone) throw new Error(`entry ${last.id} vanished during undo`);
    return toEntry(undone);
  });
}
