import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { announcements } from "../db/schema-announcements";

export interface Announcement {
  channelId: string;
  messageId: string;
}

/** Remembers the message that announced a project, once Discord has created it. */
export function recordAnnouncement(db: Db, entryId: number, at: Announcement): void {
  db.insert(announcements)
    .values({ entryId, ...at })
    .onConflictDoUpdate({ target: announcements.entryId, set: at })
    .run();
}

/** The project's announcement, forgotten as it is returned: an undo takes it down once. */
export function takeAnnouncement(db: Db, entryId: number): Announcement | undefined {
  const row = db
    .delete(announcements)
    .where(eq(announcements.entryId, entryId))
    .returning({ channelId: announcements.channelId, messageId: announcements.messageId })
    .get();
  return row ?? undefined;
}
