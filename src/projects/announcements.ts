import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { first } from "../db/raw";
import { announcements } from "../db/tables";
import { transaction } from "../db/tx";

export interface Announcement {
  channelId: string;
  messageId: string;
}

/** Remembers the message that announced a project, once Discord has created it. */
export async function recordAnnouncement(db: Db, entryId: number, at: Announcement): Promise<void> {
  await transaction(db, (tx) =>
    tx
      .insert(announcements)
      .values({ entryId, ...at })
      .onConflictDoUpdate({ target: announcements.entryId, set: at }),
  );
}

/** The project's announcement, forgotten as it is returned: an undo takes it down once. */
export async function takeAnnouncement(db: Db, entryId: number): Promise<Announcement | undefined> {
  const row = await first(
    transaction(db, (tx) =>
      tx
        .delete(announcements)
        .where(eq(announcements.entryId, entryId))
        .returning({ channelId: announcements.channelId, messageId: announcements.messageId }),
    ),
  );
  return row ?? undefined;
}
