import { cohortEndsAt, cohortWeek, cohortWindow } from "../cohorts/calendar";
import type { Cohort } from "../cohorts/cohort";
import {
  classify,
  DEFAULT_GRACE_MS,
  DEFAULT_RETRY_MS,
  type DueDecision,
  type GuildSchedule,
  latestOccurrence,
  type Occurrence,
  postKey,
} from "./due";

export interface CohortScheduleInput {
  cohorts: ReadonlyArray<{ cohort: Cohort; schedule: GuildSchedule }>;
  settled: ReadonlySet<string>;
  lastFailure: ReadonlyMap<string, Date>;
  now: Date;
  graceMs?: number;
  retryMs?: number;
}

/** A final report is posted however late the bot comes back, but not for cohorts long gone. */
export const FINAL_REPORT_WINDOW_MS = 30 * 86_400_000;

/**
 * Cohort posts due now (SPEC §3.11), decided like the guild posts: a cohort with
 * a channel gets its own check-in at the guild's check-in time during its run;
 * once it ends (by /cohort end or after its last day) one final report goes to
 * its channel, or the guild's check-in channel if it has none.
 */
export function dueCohortPosts(input: CohortScheduleInput): DueDecision {
  const graceMs = input.graceMs ?? DEFAULT_GRACE_MS;
  const retryMs = input.retryMs ?? DEFAULT_RETRY_MS;
  const nowMs = input.now.getTime();
  const due: Occurrence[] = [];
  const expired: Occurrence[] = [];
  for (const { cohort: c, schedule } of input.cohorts) {
    const { lastDay } = cohortWindow(c);
    const endsAt = cohortEndsAt(c, schedule.timezone);

    if (c.channelId && nowMs < endsAt.getTime() + graceMs) {
      const occ = latestOccurrence(schedule, "checkin", input.now);
      if (cohortWeek(c, occ.localDate) !== null && occ.scheduledAt < endsAt) {
        const o: Occurrence = {
          ...occ,
          kind: "cohort-checkin",
          period: `${c.id}:${occ.period}`,
          channelId: c.channelId,
          cohortId: c.id,
        };
        const key = postKey(o);
        if (!input.settled.has(key)) {
          const verdict = classify(o, key, input.lastFailure, nowMs, graceMs, retryMs);
          if (verdict === "due") due.push(o);
          else if (verdict === "expired") expired.push(o);
        }
      }
    }

    const reportChannel = c.channelId ?? schedule.checkinsChannelId;
    if (reportChannel && nowMs >= endsAt.getTime() && nowMs - endsAt.getTime() <= FINAL_REPORT_WINDOW_MS) {
      const o: Occurrence = {
        guildId: c.guildId,
        kind: "cohort-report",
        period: String(c.id),
        scheduledAt: endsAt,
        localDate: lastDay,
        channelId: reportChannel,
        cohortId: c.id,
      };
      const key = postKey(o);
      // No grace window: the report is due once, however late the bot comes back.
      if (
        !input.settled.has(key) &&
        classify(o, key, input.lastFailure, nowMs, Number.POSITIVE_INFINITY, retryMs) === "due"
      ) {
        due.push(o);
      }
    }
  }
  return { due, expired };
}
