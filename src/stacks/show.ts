import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { members } from "../db/tables";
import { findMember } from "../members/members";
import { stackLabel } from "./catalog";

const DAY_MS = 86_400_000;

export interface StackStatus {
  stackId: string;
  label: string;
  pickedAt: Date;
  committedUntil: Date;
  daysIn: number;
  daysLeft: number;
  switchCount: number;
}

/** A member's current stack with days in and days left, or null if they have not picked one. */
export async function stackStatus(
  db: Db,
  guildId: string,
  userId: string,
  now: Date,
): Promise<StackStatus | null> {
  const m = await findMember(db, guildId, userId);
  if (!m?.stackId || !m.stackPickedAt || !m.committedUntil) return null;
  return {
    stackId: m.stackId,
    label: await stackLabel(db, guildId, m.stackId),
    pickedAt: m.stackPickedAt,
    committedUntil: m.committedUntil,
    daysIn: Math.floor((now.getTime() - m.stackPickedAt.getTime()) / DAY_MS),
    daysLeft: Math.max(0, Math.ceil((m.committedUntil.getTime() - now.getTime()) / DAY_MS)),
    switchCount: m.switchCount,
  };
}

export interface Peer {
  userId: string;
  displayName: string;
  since: Date;
}

/** Members on a stack, longest-committed first (served by members_guild_stack_idx). */
export async function stackPeers(
  db: Db,
  guildId: string,
  stackId: string,
  limit = 50,
): Promise<{ peers: Peer[]; total: number }> {
  const rows = await db
    .select({ userId: members.userId, displayName: members.displayName, since: members.stackPickedAt })
    .from(members)
    .where(and(eq(members.guildId, guildId), eq(members.stackId, stackId), isNotNull(members.stackPickedAt)))
    .orderBy(asc(members.stackPickedAt));
  return {
    total: rows.length,
    peers: rows
      .slice(0, limit)
      .map((r) => ({ userId: r.userId, displayName: r.displayName, since: r.since ?? new Date(0) })),
  };
}
