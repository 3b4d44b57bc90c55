/** Text helpers for cohort status and posts. */
import { plainText } from "../leaderboards/format";
import { MAX_NAME } from "./cohorts";

export type { EmbedPost as CohortPost, PostEmbed as CohortEmbed, Section } from "../text/embeds";
export { embedSize, layoutPost, postSize } from "../text/embeds";

/** A cohort name in text that renders markdown: one line, markdown and mention syntax neutralised. */
export function cohortName(name: string): string {
  return plainText(name, MAX_NAME);
}
