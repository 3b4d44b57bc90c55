import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Secrets the bot generates for itself once, e.g. the key that signs custom ids (kept apart: schema.ts is at its size limit). */
export const secrets = sqliteTable("secrets", {
  name: text("name").primaryKey(),
  /** base64 */
  value: text("value").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});
