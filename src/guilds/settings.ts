import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { first, one } from "../db/raw";
import { guilds } from "../db/tables";
import { transaction } from "../db/tx";

export type GuildSettings = typeof guilds.$inferSelect;

export async function findGuild(db: Db, guildId: string): Promise<GuildSettings | undefined> {
  return await first(db.select().from(guilds).where(eq(guilds.id, guildId)).limit(1));
}

/** Returns the guild's settings, creating the row with SPEC defaults the first time the guild is seen. */
export async function ensureGuild(db: Db, guildId: string, now: Date): Promise<GuildSettings> {
  const existing = await findGuild(db, guildId);
  if (existing) return existing;
  return await one(
    transaction(db, (tx) =>
      tx
        .insert(guilds)
        .values({ id: guildId, createdAt: now })
        .onConflictDoUpdate({ target: guilds.id, set: { id: guildId } })
        .returning(),
    ),
  );
}
