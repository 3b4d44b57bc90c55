/**
 * What each kind of scheduled post says, built from the database at posting
 * time: one builder per post kind, from the domain that owns its text, and one
 * mapping from that text to the message Discord gets.
 */
import { weeklyCheckinPost } from "../checkins/weekly";
import type { Cohort } from "../cohorts/cohort";
import { cohortCheckinPost, cohortFinalReport } from "../cohorts/posts";
import { findCohortById } from "../cohorts/queries";
import type { Db } from "../db/client";
import { type ButtonRow, buttonRows, checkinButton, linkButton, logTimeButton } from "../discord/buttons";
import { weeklyLeaderboardPost } from "../leaderboards/weekly";
import { dailyPromptPost, promptForDay } from "../prompts/daily";
import { BRAND_COLOUR, type EmbedPost, type PostEmbed } from "../text/embeds";
import type { AnyPostKind, Occurrence } from "./due";
import type { OutgoingMessage } from "./poster";

/** A post's text, before it becomes a Discord message. */
export interface PostText {
  content?: string;
  embeds?: PostEmbed[];
  /** open a thread under the post for answers (daily prompt) */
  threadName?: string;
  components?: ButtonRow[];
}

export type PostBuilder = (db: Db, o: Occurrence, now: Date) => Promise<PostText>;

async function cohortOf(db: Db, o: Occurrence): Promise<Cohort> {
  const c = o.cohortId === undefined ? undefined : await findCohortById(db, o.guildId, o.cohortId);
  if (!c) throw new Error(`cohort ${o.cohortId} of post ${o.kind} ${o.period} no longer exists`);
  return c;
}

/** A heading line as the message content, above the embeds. */
const headed = (post: EmbedPost): PostText => ({ content: post.title, embeds: post.embeds });

/** The next action as buttons (SPEC §3.14): what a member does after reading the post. */
const logTime = (o: Occurrence) => buttonRows([logTimeButton(o.guildId)]);
const checkInAndLog = (o: Occurrence) => buttonRows([checkinButton(o.guildId), logTimeButton(o.guildId)]);

export const POST_BUILDERS: Record<AnyPostKind, PostBuilder> = {
  /** Daily prompt (SPEC §3.5): the guild's prompt of the day, with a thread for answers. */
  prompt: async (db, o) => ({
    ...dailyPromptPost(await promptForDay(db, o.guildId, o.localDate)),
    components: logTime(o),
  }),
  /** Weekly check-in (SPEC §3.6): last week's totals, member lines, quiet members, the invitation. */
  checkin: async (db, o, now) => ({
    ...headed(await weeklyCheckinPost(db, o.guildId, o.localDate, now)),
    components: checkInAndLog(o),
  }),
  /** Weekly leaderboard (SPEC §3.7) for the week that just closed. */
  leaderboard: async (db, o, now) => ({
    embeds: [await weeklyLeaderboardPost(db, o.guildId, o.localDate, now)],
    components: logTime(o),
  }),
  /** A cohort's own weekly check-in ("Week 3 of 12"), scoped to its members (SPEC §3.11). */
  "cohort-checkin": async (db, o, now) => ({
    ...headed(await cohortCheckinPost(db, await cohortOf(db, o), o.localDate, now)),
    components: checkInAndLog(o),
  }),
  /** The one final report when a cohort ends (SPEC §3.11). */
  "cohort-report": async (db, o, now) => ({
    ...headed(await cohortFinalReport(db, await cohortOf(db, o), now)),
    components: logTime(o),
  }),
};

/** The one mapping from a post's text to its Discord message: every embed in the brand colour. */
export function toMessage(post: PostText): OutgoingMessage {
  return {
    ...(post.content !== undefined ? { content: post.content } : {}),
    ...(post.embeds !== undefined ? { embeds: post.embeds.map((e) => ({ ...e, color: BRAND_COLOUR })) } : {}),
    ...(post.components !== undefined ? { components: post.components } : {}),
  };
}

export interface BuiltPost {
  body: OutgoingMessage;
  threadName?: string;
  /** the post once its thread exists: its buttons gain a link to the thread (SPEC §3.14) */
  withThread?: (threadId: string) => OutgoingMessage;
}

/** Adds a link to the post's answer thread after its other buttons. */
export function withThreadLink(body: OutgoingMessage, guildId: string, threadId: string): OutgoingMessage {
  const link = linkButton("Answer thread", `https://discord.com/channels/${guildId}/${threadId}`);
  const buttons = (body.components ?? []).flatMap((row) => row.components);
  return { components: buttonRows([...buttons, link]) };
}

/** The message for one due post, built from the database at posting time. */
export async function buildPost(db: Db, o: Occurrence, now: Date): Promise<BuiltPost> {
  const post = await POST_BUILDERS[o.kind](db, o, now);
  const body = toMessage(post);
  if (post.threadName === undefined) return { body };
  return {
    body,
    threadName: post.threadName,
    withThread: (threadId) => withThreadLink(body, o.guildId, threadId),
  };
}
