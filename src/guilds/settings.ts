import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { guilds } from "../db/schema";

export type GuildSettings = typeof guilds.$inferSelect;

export function findGuild(db: Db, guildId: string): GuildSettings | undefined {
  return db.select().from(guilds).where(eq(guilds.id, guildId)).get();
}

/** Returns the guild's settings, creating the row with SPEC defaults the first time the guild is seen. */
export function ensureGuild(db: Db, guildId: string, now: Date): GuildSettings {
  const existing = findGuild(db, guildId);
  if (existing) return existing;
  return db
    .insert(guilds)
    .values({ id: guildId, createdAt: now })
    .onConflictDoUpdate({ target: guilds.id, set: { id: guildId } })
    .returning()
    .get();
}
