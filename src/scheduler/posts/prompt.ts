import type { Db } from "../../db/client";
import { dailyPromptPost, promptForDay } from "../../prompts/daily";
import type { BuiltPost } from "../build";
import type { Occurrence } from "../due";

/** Daily prompt (SPEC §3.5): the guild's prompt of the day, with a thread for answers. */
export function promptPost(db: Db, o: Occurrence): BuiltPost {
  const post = dailyPromptPost(promptForDay(db, o.guildId, o.localDate));
  return { body: { content: post.content }, threadName: post.threadName };
}
