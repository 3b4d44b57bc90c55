import type { Db } from "../../db/client";
import { weeklyLeaderboardPost } from "../../leaderboards/leaderboard";
import { BRAND_COLOUR } from "../../roadmap/colours";
import type { BuiltPost } from "../build";
import type { Occurrence } from "../due";

/** Weekly leaderboard (SPEC §3.7) for the week that just closed. */
export function leaderboardPost(db: Db, o: Occurrence, now: Date): BuiltPost {
  const post = weeklyLeaderboardPost(db, o.guildId, o.localDate, now);
  return { body: { embeds: [{ title: post.title, description: post.description, color: BRAND_COLOUR }] } };
}
