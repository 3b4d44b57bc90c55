/**
 * A project's live status as stored with it (SPEC §3.19), and which projects the
 * weekly re-check should look at next.
 */
import { and, asc, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { dialectSql } from "../db/dialect";
import { entries } from "../db/tables";
import { transaction } from "../db/tx";
import { inShard, type Shard } from "../shards/shard";
import type { Liveness } from "./liveness";

export const RECHECK_AFTER_MS = 7 * 86_400_000;

export async function recordLiveness(db: Db, entryId: number, result: Liveness, now: Date): Promise<void> {
  await transaction(db, (tx) =>
    tx
      .update(entries)
      .set({
        liveStatus: result.live ? "live" : "unreachable",
        liveReason: result.live ? null : result.why,
        liveCheckedAt: now,
      })
      .where(and(eq(entries.id, entryId), eq(entries.type, "project"))),
  );
}

/** "live", "not reachable (why)", or "not checked yet" — as replies and /profile show it. */
export function describeLiveness(p: { liveStatus: string | null; liveReason?: string | null }): string {
  if (p.liveStatus === "live") return "live";
  if (p.liveStatus === "unreachable") return `not reachable (${p.liveReason ?? "no answer"})`;
  return "not checked yet";
}

export interface ProjectToCheck {
  id: number;
  url: string;
}

/**
 * Up to `limit` live (not removed) projects never checked or last checked more
 * than a week ago, the longest-unchecked first; an index walk, so a tick's
 * share of the work stays small however many projects there are.
 */
export async function projectsDueForRecheck(
  db: Db,
  now: Date,
  limit: number,
  shard?: Shard,
): Promise<ProjectToCheck[]> {
  const before = new Date(now.getTime() - RECHECK_AFTER_MS);
  return await db
    .select({ id: entries.id, url: sql<string>`${entries.url}` })
    .from(entries)
    .where(
      and(
        eq(entries.type, "project"),
        isNull(entries.removedAt),
        or(isNull(entries.liveCheckedAt), lte(entries.liveCheckedAt, before)),
        inShard(entries.guildId, shard),
      ),
    )
    .orderBy(dialectSql().ascNullsFirst(entries.liveCheckedAt), asc(entries.id))
    .limit(limit);
}
