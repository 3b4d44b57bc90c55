import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { entries } from "../db/schema";
import { UserError } from "../errors";
import type { MemberRef } from "../members/members";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Entry = typeof entries.$inferSelect;

/**
 * The entry an earlier delivery of the same interaction stored, if any (SPEC
 * §3.2: a redelivered interaction stores nothing new). The key is guild, member
 * and interaction id: an id that already belongs to another member's or another
 * guild's entry (only a forged payload can do that) is refused without a word
 * about that entry (issue 9, defect 3).
 */
export function priorEntry(
  tx: Tx,
  ref: MemberRef,
  interactionId: string,
  type: Entry["type"],
): Entry | undefined {
  const existing = tx.select().from(entries).where(eq(entries.interactionId, interactionId)).get();
  if (existing === undefined) return undefined;
  if (existing.guildId !== ref.guildId || existing.userId !== ref.userId || existing.type !== type) {
    throw new UserError("This request was already used, so nothing was stored — run the command again.");
  }
  return existing;
}
