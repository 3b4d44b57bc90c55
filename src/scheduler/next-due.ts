/**
 * When the scheduler next needs to look at each guild (`schedule_next.due_at`),
 * so the minute tick reads only guilds with something due instead of
 * evaluating every guild's settings. Triggers reset a guild's time to 0 ("look
 * now") whenever its settings or cohorts change; after a tick has looked at a
 * guild, `nextLook` sets the earliest instant anything of it can become due.
 *
 * Looking too early is harmless (the decision in ./due finds nothing); looking
 * too late would miss a post, so every estimate here errs early.
 */
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { cohortEndsAt } from "../cohorts/calendar";
import type { Cohort } from "../cohorts/cohort";
import type { Db } from "../db/client";
import { cohorts, guilds, posts, scheduleNext, scheduleState } from "../db/tables";
import { transaction } from "../db/tx";
import { inShard, type Shard } from "../shards/shard";
import { isValidTimeZone } from "../time/zones";
import { dueCohortPosts, FINAL_REPORT_WINDOW_MS } from "./cohorts";
import {
  DEFAULT_GRACE_MS,
  DEFAULT_RETRY_MS,
  duePosts,
  type GuildSchedule,
  nextOccurrence,
  type Occurrence,
  POST_KINDS,
  type PostKind,
  postKey,
  scheduleOf,
} from "./due";

/** Weekly periods are at most 7 days + the grace window old; older keys cannot matter. */
export const SETTLED_LOOKBACK_MS = 9 * 86_400_000;
const DAY_MS = 86_400_000;
/** SQLite's default limit on bound parameters is far above this; chunks keep statements small. */
const CHUNK = 500;

/**
 * Guilds whose next look has come, earliest first; with a shard, only that
 * shard's guilds (the shard condition is evaluated on the index range, so a
 * shard never reads the settings of guilds it does not serve).
 */
export async function guildsToLook(db: Db, now: Date, shard?: Shard): Promise<string[]> {
  return (
    await db
      .select({ id: scheduleNext.guildId })
      .from(scheduleNext)
      .where(and(lte(scheduleNext.dueAt, now.getTime()), inShard(scheduleNext.guildId, shard)))
      .orderBy(scheduleNext.dueAt)
  ).map((r) => r.id);
}

export interface TickInput {
  schedules: GuildSchedule[];
  settled: Set<string>;
  lastFailure: Map<string, Date>;
  cohortRows: Array<{ cohort: Cohort; schedule: GuildSchedule }>;
}

function chunks<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/** What the decision needs, for these guilds only. */
export async function loadTickInput(db: Db, guildIds: readonly string[], now: Date): Promise<TickInput> {
  const input: TickInput = { schedules: [], settled: new Set(), lastFailure: new Map(), cohortRows: [] };
  const since = new Date(now.getTime() - SETTLED_LOOKBACK_MS);
  // Final reports may be due up to 30 days after a cohort ended: look further back for those.
  const reportsSince = new Date(now.getTime() - FINAL_REPORT_WINDOW_MS - DAY_MS);
  for (const ids of chunks(guildIds)) {
    const schedules = (await db.select().from(guilds).where(inArray(guilds.id, ids))).map(scheduleOf);
    input.schedules.push(...schedules);
    const mine = inArray(posts.guildId, ids);
    const settledRows = await db
      .select({ guildId: posts.guildId, kind: posts.kind, period: posts.period })
      .from(posts)
      .where(
        and(
          mine,
          sql`(${posts.scheduledAt} >= ${since.getTime()} or (${posts.kind} = 'cohort-report' and ${posts.scheduledAt} >= ${reportsSince.getTime()}))`,
        ),
      );
    for (const p of settledRows) input.settled.add(postKey(p));
    for (const s of await db
      .select()
      .from(scheduleState)
      .where(and(inArray(scheduleState.guildId, ids), eq(scheduleState.outcome, "failed")))) {
      input.lastFailure.set(postKey(s), s.at);
    }
    const byGuild = new Map(schedules.map((g) => [g.guildId, g]));
    for (const cohort of await db.select().from(cohorts).where(inArray(cohorts.guildId, ids))) {
      const schedule = byGuild.get(cohort.guildId);
      if (schedule) input.cohortRows.push({ cohort, schedule });
    }
  }
  return input;
}

/** Next occurrences shared by guilds with the same zone and times (most keep the defaults). */
export type OccurrenceMemo = Map<string, number | null>;

function nextOf(memo: OccurrenceMemo, schedule: GuildSchedule, kind: PostKind, now: Date): number | null {
  const rule =
    kind === "prompt"
      ? [schedule.promptTime]
      : kind === "checkin"
        ? [schedule.checkinTime, schedule.checkinWeekday]
        : [schedule.leaderboardTime, schedule.leaderboardWeekday];
  const key = `${schedule.timezone}|${kind}|${rule.join("|")}`;
  let at = memo.get(key);
  if (at === undefined) {
    try {
      at = nextOccurrence(schedule, kind, now).getTime();
    } catch {
      at = null; // invalid stored times: the decision skips them too
    }
    memo.set(key, at);
  }
  return at;
}

export interface LookInput {
  /** occurrences of this guild due now and still not settled (failed, or held by another runner) */
  pending: readonly Occurrence[];
  cohortRows: TickInput["cohortRows"];
  /** this guild's failed keys */
  failures: ReadonlyArray<readonly [string, Date]>;
  settled: ReadonlySet<string>;
}

/**
 * The earliest instant (ms) anything of this guild can become due after `now`:
 * the next occurrence of each post kind, a retry of a post still pending, a
 * cohort's check-ins and the end of its run. At most a day away, so a guild is
 * looked at daily even with nothing configured.
 */
export function nextLook(
  schedule: GuildSchedule,
  look: LookInput,
  now: Date,
  memo: OccurrenceMemo = new Map(),
  graceMs = DEFAULT_GRACE_MS,
  retryMs = DEFAULT_RETRY_MS,
): number {
  const nowMs = now.getTime();
  const candidates = [nowMs + DAY_MS];
  if (!isValidTimeZone(schedule.timezone)) return nowMs + DAY_MS;
  const failedAt = new Map(look.failures);
  for (const o of look.pending) {
    const at = failedAt.get(postKey(o))?.getTime();
    candidates.push(at !== undefined ? at + retryMs : nowMs + retryMs);
  }
  // A failed post waits out the retry spacing, then is due again while its window lasts.
  for (const [key, at] of look.failures) {
    const retryAt = at.getTime() + retryMs;
    if (retryAt > nowMs && !look.settled.has(key)) candidates.push(retryAt);
  }
  const channels = {
    prompt: schedule.promptsChannelId,
    checkin: schedule.checkinsChannelId,
    leaderboard: schedule.leaderboardChannelId,
  };
  const add = (at: number | null) => {
    if (at !== null) candidates.push(at);
  };
  for (const kind of POST_KINDS) if (channels[kind]) add(nextOf(memo, schedule, kind, now));
  for (const { cohort } of look.cohortRows) {
    const endsAt = cohortEndsAt(cohort, schedule.timezone).getTime();
    if (nowMs < endsAt + graceMs) add(nextOf(memo, schedule, "checkin", now));
    if (endsAt > nowMs) candidates.push(endsAt);
  }
  return Math.max(nowMs + 1, Math.min(...candidates));
}

function groupBy<T>(items: Iterable<T>, key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** After a tick: set each looked-at guild's next look from fresh settled keys and failures. */
export async function scheduleLooks(
  db: Db,
  guildIds: readonly string[],
  now: Date,
  graceMs = DEFAULT_GRACE_MS,
): Promise<void> {
  const input = await loadTickInput(db, guildIds, now);
  const base = { settled: input.settled, lastFailure: input.lastFailure, now, graceMs };
  const pending = groupBy(
    [
      ...duePosts({ ...base, schedules: input.schedules }).due,
      ...dueCohortPosts({ ...base, cohorts: input.cohortRows }).due,
    ],
    (o) => o.guildId,
  );
  const cohortsOf = groupBy(input.cohortRows, (r) => r.cohort.guildId);
  const failuresOf = groupBy(input.lastFailure, ([key]) => key.slice(0, key.indexOf("|")));
  const memo: OccurrenceMemo = new Map();
  const seen = new Set(input.schedules.map((s) => s.guildId));
  await transaction(db, async (tx) => {
    for (const schedule of input.schedules) {
      const id = schedule.guildId;
      const look = {
        pending: pending.get(id) ?? [],
        cohortRows: cohortsOf.get(id) ?? [],
        failures: failuresOf.get(id) ?? [],
        settled: input.settled,
      };
      const dueAt = nextLook(schedule, look, now, memo, graceMs);
      await tx
        .insert(scheduleNext)
        .values({ guildId: id, dueAt })
        .onConflictDoUpdate({ target: scheduleNext.guildId, set: { dueAt } });
    }
    // A row whose guild is gone.
    for (const id of guildIds)
      if (!seen.has(id)) await tx.delete(scheduleNext).where(eq(scheduleNext.guildId, id));
  });
}
