import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { members } from "../db/schema";
import type { GuildSettings } from "../guilds/settings";

export type Member = typeof members.$inferSelect;

export interface MemberRef {
  guildId: string;
  userId: string;
  /** the name to show in posts that must not ping (kept fresh on every interaction) */
  displayName: string;
}

/** Upserts the member row, refreshing the display name; the guild row must exist. */
export function ensureMember(db: Db, ref: MemberRef, now: Date): Member {
  return db
    .insert(members)
    .values({ guildId: ref.guildId, userId: ref.userId, displayName: ref.displayName, createdAt: now })
    .onConflictDoUpdate({
      target: [members.guildId, members.userId],
      set: { displayName: ref.displayName },
    })
    .returning()
    .get();
}

export function findMember(db: Db, guildId: string, userId: string): Member | undefined {
  return db
    .select()
    .from(members)
    .where(and(eq(members.guildId, guildId), eq(members.userId, userId)))
    .get();
}

/** A member's own time zone once set with /timezone, else the guild's (SPEC §3.13). */
export function memberTimeZone(member: Pick<Member, "timezone"> | undefined, guild: GuildSettings): string {
  return member?.timezone ?? guild.timezone;
}
