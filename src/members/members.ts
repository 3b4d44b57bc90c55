import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { first, one } from "../db/raw";
import { members } from "../db/tables";
import type { Tx } from "../db/tx";
import type { GuildSettings } from "../guilds/settings";

export type Member = typeof members.$inferSelect;

export interface MemberRef {
  guildId: string;
  userId: string;
  /** the name to show in posts that must not ping (kept fresh on every interaction) */
  displayName: string;
}

/** Upserts the member row, refreshing the display name (in the caller's transaction); the guild row must exist. */
export async function ensureMember(tx: Tx, ref: MemberRef, now: Date): Promise<Member> {
  return await one(
    tx
      .insert(members)
      .values({ guildId: ref.guildId, userId: ref.userId, displayName: ref.displayName, createdAt: now })
      .onConflictDoUpdate({
        target: [members.guildId, members.userId],
        set: { displayName: ref.displayName },
      })
      .returning(),
  );
}

export async function findMember(db: Db, guildId: string, userId: string): Promise<Member | undefined> {
  return await first(
    db
      .select()
      .from(members)
      .where(and(eq(members.guildId, guildId), eq(members.userId, userId)))
      .limit(1),
  );
}

/** A member's own time zone once set with /timezone, else the guild's (SPEC §3.13). */
export function memberTimeZone(member: Pick<Member, "timezone"> | undefined, guild: GuildSettings): string {
  return member?.timezone ?? guild.timezone;
}
