import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { entries } from "./schema";

/**
 * The "shipped" announcement a project entry made in the check-in channel, so
 * `/log undo` can take it down (SPEC §3.2). Goes with its entry (cascade).
 */
export const announcements = sqliteTable("announcements", {
  entryId: integer("entry_id")
    .primaryKey()
    .references(() => entries.id, { onDelete: "cascade" }),
  channelId: text("channel_id").notNull(),
  messageId: text("message_id").notNull(),
});
