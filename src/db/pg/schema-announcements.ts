import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { entries } from "./schema";

/** PostgreSQL twin of src/db/schema-announcements.ts. */
export const announcements = pgTable("announcements", {
  entryId: integer("entry_id")
    .primaryKey()
    .references(() => entries.id, { onDelete: "cascade" }),
  channelId: text("channel_id").notNull(),
  messageId: text("message_id").notNull(),
});
