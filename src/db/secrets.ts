import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { first } from "./raw";
import { secrets } from "./schema";
import { transaction } from "./tx";

/**
 * A secret the bot generates for itself the first time it needs it and keeps
 * in the database, so it survives restarts and needs no configuration (and a
 * restored backup keeps the buttons it signed working). If two processes race,
 * the first insert wins and both read the same value.
 */
export async function loadSecret(db: Db, name: string, now: Date, bytes = 32): Promise<Buffer> {
  await transaction(db, (tx) =>
    tx
      .insert(secrets)
      .values({ name, value: randomBytes(bytes).toString("base64"), createdAt: now })
      .onConflictDoNothing(),
  );
  const row = await first(db.select().from(secrets).where(eq(secrets.name, name)).limit(1));
  if (!row) throw new Error(`secret ${name} was not stored`);
  return Buffer.from(row.value, "base64");
}

export const SIGNING_SECRET = "custom-id-signing";
