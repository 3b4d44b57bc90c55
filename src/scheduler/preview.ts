/**
 * `/config preview` (moderators): a scheduled post as it would read if it went
 * out now, built by the same registry the scheduler posts from. Nothing is
 * claimed, recorded or posted.
 */
import { findCohort } from "../cohorts/queries";
import type { Db } from "../db/client";
import { UserError } from "../errors";
import { ensureGuild } from "../guilds/settings";
import { isoWeekLabel } from "../time/dates";
import { localDate } from "../time/zones";
import type { Occurrence } from "./due";
import { POST_BUILDERS, type PostText } from "./posts";

export const PREVIEW_KINDS = ["prompt", "checkin", "leaderboard", "cohort-checkin"] as const;
export type PreviewKind = (typeof PREVIEW_KINDS)[number];

export async function previewPost(
  db: Db,
  guildId: string,
  raw: { kind: string; cohort?: string | undefined },
  now: Date,
): Promise<PostText> {
  const kind = PREVIEW_KINDS.find((k) => k === raw.kind.trim().toLowerCase());
  if (!kind) throw new UserError("Kind must be prompt, checkin, leaderboard or cohort-checkin.");
  const settings = await ensureGuild(db, guildId, now);
  const today = localDate(now, settings.timezone);
  const occurrence: Occurrence = {
    guildId,
    kind,
    period: kind === "prompt" ? today : isoWeekLabel(today),
    scheduledAt: now,
    localDate: today,
    channelId: "",
  };
  if (kind === "cohort-checkin") {
    if (!raw.cohort) {
      throw new UserError("Name the cohort to preview: `/config preview kind:cohort-checkin cohort:…`.");
    }
    occurrence.cohortId = (await findCohort(db, guildId, raw.cohort)).id;
  }
  return POST_BUILDERS[kind](db, occurrence, now);
}
