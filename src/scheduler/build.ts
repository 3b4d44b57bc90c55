import type { Db } from "../db/client";
import type { Occurrence } from "./due";
import type { OutgoingMessage } from "./poster";
import { checkinPost } from "./posts/checkin";
import { cohortCheckin, cohortReport } from "./posts/cohort";
import { leaderboardPost } from "./posts/leaderboard";
import { promptPost } from "./posts/prompt";

export interface BuiltPost {
  body: OutgoingMessage;
  /** open a thread under the post for answers (daily prompt) */
  threadName?: string;
}

/** The message for one due post, built from the database at posting time. */
export function buildPost(db: Db, o: Occurrence, now: Date): BuiltPost {
  switch (o.kind) {
    case "prompt":
      return promptPost(db, o);
    case "checkin":
      return checkinPost(db, o, now);
    case "leaderboard":
      return leaderboardPost(db, o, now);
    case "cohort-checkin":
      return cohortCheckin(db, o, now);
    case "cohort-report":
      return cohortReport(db, o, now);
  }
}
