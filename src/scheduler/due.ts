/**
 * Decides, once a minute, which scheduled posts (daily prompt, weekly check-in,
 * weekly leaderboard) are due for each guild, in the guild's IANA time zone.
 *
 * Pure: everything comes from the input (stored settings, stored post keys,
 * last failures, the current instant), so the decision is deterministic and a
 * restart, a second tick or an overlapping run sees the same answer. Only the
 * most recent occurrence at or before `now` is ever considered; older periods
 * were either posted, skipped, or are beyond the grace window.
 */
import type { guilds } from "../db/tables";
import { addDays, isoWeekLabel, type LocalDate, weekStart } from "../time/dates";
import { isValidTimeZone, type LocalParts, localParts, zonedInstant } from "../time/zones";

import { type AnyPostKind, GUILD_POST_KINDS, type PostKind } from "./kinds";

export type { AnyPostKind, CohortPostKind, PostKind } from "./kinds";
export const POST_KINDS: readonly PostKind[] = GUILD_POST_KINDS;

export const DEFAULT_GRACE_MS = 12 * 60 * 60 * 1000;
export const DEFAULT_RETRY_MS = 15 * 60 * 1000;

export interface GuildSchedule {
  guildId: string;
  /** IANA zone name */
  timezone: string;
  /** minutes since local midnight */
  promptTime: number;
  checkinTime: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday */
  checkinWeekday: number;
  leaderboardTime: number;
  leaderboardWeekday: number;
  promptsChannelId: string | null;
  checkinsChannelId: string | null;
  leaderboardChannelId: string | null;
}

/** The schedule stored in a guild's settings row. */
export function scheduleOf(g: typeof guilds.$inferSelect): GuildSchedule {
  return {
    guildId: g.id,
    timezone: g.timezone,
    promptTime: g.promptTime,
    checkinTime: g.checkinTime,
    checkinWeekday: g.checkinWeekday,
    leaderboardTime: g.leaderboardTime,
    leaderboardWeekday: g.leaderboardWeekday,
    promptsChannelId: g.promptsChannelId,
    checkinsChannelId: g.checkinsChannelId,
    leaderboardChannelId: g.leaderboardChannelId,
  };
}

/** A scheduled occurrence, whether or not a channel is configured for it. */
export interface ScheduledOccurrence {
  guildId: string;
  kind: PostKind;
  /** `YYYY-MM-DD` for prompts, ISO week label (`2026-W48`) for weekly kinds */
  period: string;
  scheduledAt: Date;
  /** local date (guild zone) the occurrence is scheduled on */
  localDate: LocalDate;
}

export interface Occurrence extends Omit<ScheduledOccurrence, "kind"> {
  kind: AnyPostKind;
  channelId: string;
  /** set for cohort posts */
  cohortId?: number;
}

/** The exactly-once key of a post (guild, kind, period), for occurrences and stored rows alike. */
export const postKey = (o: { guildId: string; kind: string; period: string }): string =>
  `${o.guildId}|${o.kind}|${o.period}`;

export interface DueInput {
  schedules: readonly GuildSchedule[];
  /** keys already stored (sent, skipped, or being sent) */
  settled: ReadonlySet<string>;
  /** key → time of the last failed attempt */
  lastFailure: ReadonlyMap<string, Date>;
  now: Date;
  /** default 12 h; an occurrence exactly `graceMs` old is still due */
  graceMs?: number;
  /** default 15 min; minimum time between attempts after a failure */
  retryMs?: number;
}

export interface DueDecision {
  due: Occurrence[];
  /** passed the grace window and not settled: the runner stores them as skipped and logs */
  expired: Occurrence[];
}

interface KindRule {
  /** minutes since local midnight */
  time: number;
  /** ISO weekday for weekly kinds, null for daily */
  weekday: number | null;
}

function ruleFor(schedule: GuildSchedule, kind: PostKind): KindRule {
  switch (kind) {
    case "prompt":
      return { time: schedule.promptTime, weekday: null };
    case "checkin":
      return { time: schedule.checkinTime, weekday: schedule.checkinWeekday };
    case "leaderboard":
      return { time: schedule.leaderboardTime, weekday: schedule.leaderboardWeekday };
  }
}

function channelFor(schedule: GuildSchedule, kind: PostKind): string | null {
  switch (kind) {
    case "prompt":
      return schedule.promptsChannelId;
    case "checkin":
      return schedule.checkinsChannelId;
    case "leaderboard":
      return schedule.leaderboardChannelId;
  }
}

function validRule(rule: KindRule): boolean {
  const timeOk = Number.isInteger(rule.time) && rule.time >= 0 && rule.time < 1440;
  const dayOk =
    rule.weekday === null || (Number.isInteger(rule.weekday) && rule.weekday >= 1 && rule.weekday <= 7);
  return timeOk && dayOk;
}

/**
 * Per-call memo of the zone computations, so guilds sharing a zone (and the
 * defaults) share the Intl work: one `localParts` per zone and one
 * `zonedInstant` per (zone, date, time) per tick.
 */
class ZoneMemo {
  readonly #now = new Map<string, LocalParts>();
  readonly #instants = new Map<string, Date>();

  localNow(now: Date, timeZone: string): LocalParts {
    let p = this.#now.get(timeZone);
    if (!p) {
      p = localParts(now, timeZone);
      this.#now.set(timeZone, p);
    }
    return p;
  }

  instant(date: LocalDate, minuteOfDay: number, timeZone: string): Date {
    const k = `${timeZone}|${date}|${minuteOfDay}`;
    let t = this.#instants.get(k);
    if (!t) {
      t = zonedInstant(date, minuteOfDay, timeZone);
      this.#instants.set(k, t);
    }
    return t;
  }
}

function periodOf(kind: PostKind, date: LocalDate): string {
  return kind === "prompt" ? date : isoWeekLabel(date);
}

function latestWith(
  memo: ZoneMemo,
  schedule: GuildSchedule,
  kind: PostKind,
  rule: KindRule,
  at: Date,
): ScheduledOccurrence {
  const tz = schedule.timezone;
  const today = memo.localNow(at, tz).date;
  const step = rule.weekday === null ? 1 : 7;
  let date = rule.weekday === null ? today : addDays(weekStart(today), rule.weekday - 1);
  let scheduledAt = memo.instant(date, rule.time, tz);
  // Normally at most one step back; the loop also covers a gap-shifted time
  // that was pushed past midnight into `today`.
  while (scheduledAt.getTime() > at.getTime()) {
    date = addDays(date, -step);
    scheduledAt = memo.instant(date, rule.time, tz);
  }
  return { guildId: schedule.guildId, kind, period: periodOf(kind, date), scheduledAt, localDate: date };
}

/** The most recent scheduled occurrence of `kind` at or before `at` (ignores channels). */
export function latestOccurrence(schedule: GuildSchedule, kind: PostKind, at: Date): ScheduledOccurrence {
  return latestWith(new ZoneMemo(), schedule, kind, ruleFor(schedule, kind), at);
}

/** The next scheduled instant of `kind` strictly after `after` (for "next run" displays). */
export function nextOccurrence(schedule: GuildSchedule, kind: PostKind, after: Date): Date {
  const memo = new ZoneMemo();
  const rule = ruleFor(schedule, kind);
  const step = rule.weekday === null ? 1 : 7;
  let date = latestWith(memo, schedule, kind, rule, after).localDate;
  let next: Date;
  do {
    date = addDays(date, step);
    next = memo.instant(date, rule.time, schedule.timezone);
  } while (next.getTime() <= after.getTime());
  return next;
}

/**
 * Which posts to send now, and which to record as skipped. O(guilds): each
 * guild costs at most one local-time lookup plus one zoned instant per kind,
 * shared between guilds in the same zone. A guild whose stored zone or times
 * are invalid produces nothing for the affected kinds rather than failing the tick.
 */
export function duePosts(input: DueInput): DueDecision {
  const { schedules, settled, lastFailure, now } = input;
  const graceMs = input.graceMs ?? DEFAULT_GRACE_MS;
  const retryMs = input.retryMs ?? DEFAULT_RETRY_MS;
  const nowMs = now.getTime();
  const memo = new ZoneMemo();
  const seen = new Set<string>();
  const due: Occurrence[] = [];
  const expired: Occurrence[] = [];

  for (const schedule of schedules) {
    if (!isValidTimeZone(schedule.timezone)) continue;
    for (const kind of POST_KINDS) {
      const channelId = channelFor(schedule, kind);
      if (!channelId) continue;
      const rule = ruleFor(schedule, kind);
      if (!validRule(rule)) continue;

      const occ = latestWith(memo, schedule, kind, rule, now);
      const key = postKey(occ);
      if (settled.has(key) || seen.has(key)) continue;
      seen.add(key);

      const occurrence: Occurrence = { ...occ, channelId };
      const verdict = classify(occurrence, key, lastFailure, nowMs, graceMs, retryMs);
      if (verdict === "expired") expired.push(occurrence);
      else if (verdict === "due") due.push(occurrence);
    }
  }
  return { due, expired };
}

/** Grace window and retry spacing for an unsettled occurrence whose time has come. */
export function classify(
  o: { scheduledAt: Date },
  key: string,
  lastFailure: ReadonlyMap<string, Date>,
  nowMs: number,
  graceMs: number,
  retryMs: number,
): "due" | "expired" | "wait" {
  if (nowMs - o.scheduledAt.getTime() > graceMs) return "expired";
  const failedAt = lastFailure.get(key);
  if (failedAt !== undefined && nowMs - failedAt.getTime() < retryMs) return "wait";
  return "due";
}
