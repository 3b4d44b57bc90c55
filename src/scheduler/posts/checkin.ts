import { weeklyCheckinPost } from "../../checkins/weekly";
import type { Db } from "../../db/client";
import { BRAND_COLOUR } from "../../roadmap/colours";
import type { BuiltPost } from "../build";
import type { Occurrence } from "../due";

/** Weekly check-in (SPEC §3.6): last week's totals, member lines, quiet members, the invitation. */
export function checkinPost(db: Db, o: Occurrence, now: Date): BuiltPost {
  const post = weeklyCheckinPost(db, o.guildId, o.localDate, now);
  return {
    body: {
      content: post.title,
      embeds: post.embeds.map((e: { title?: string; description: string }) => ({
        ...e,
        color: BRAND_COLOUR,
      })),
    },
  };
}
