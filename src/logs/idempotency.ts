import { eq } from "drizzle-orm";
import { first } from "../db/raw";
import { entries } from "../db/tables";
import type { Tx } from "../db/tx";
import { UserError } from "../errors";
import type { MemberRef } from "../members/members";

export type Entry = typeof entries.$inferSelect;

/**
 * The entry an earlier delivery of the same interaction stored, if any (SPEC
 * §3.2: a redelivered interaction stores nothing new). The key is guild, member
 * and interaction id: an id that already belongs to another member's or another
 * guild's entry (only a forged payload can do that) is refused without a word
 * about that entry (issue 9, defect 3).
 */
export async function priorEntry(
  tx: Tx,
  ref: MemberRef,
  interactionId: string,
  type: Entry["type"],
): Promise<Entry | undefined> {
  const existing = await first(
    tx.select().from(entries).where(eq(entries.interactionId, interactionId)).limit(1),
  );
  if (existing === undefined) return undefined;
  if (existing.guildId !== ref.guildId || existing.userId !== ref.userId || existing.type !== type) {
    throw new UserError("This request was already used, so nothing was stored — run the command again.");
  }
  return existing;
}
