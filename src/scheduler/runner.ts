import { and, eq, gte } from "drizzle-orm";
import type { Clock } from "../clock";
import type { Db } from "../db/client";
import { cohorts, guilds, posts, scheduleState } from "../db/schema";
import type { Logger } from "../log";
import type { Metrics } from "../ops/metrics";
import { dueCohortPosts, FINAL_REPORT_WINDOW_MS } from "./cohorts";
import { DEFAULT_GRACE_MS, duePosts, type Occurrence, postKey, scheduleOf } from "./due";
import { type Poster, PostRejected } from "./poster";
import { buildPost } from "./posts";

/** Weekly periods are at most 7 days + the grace window old; older keys cannot matter. */
const SETTLED_LOOKBACK_MS = 9 * 86_400_000;

export interface SchedulerDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  poster: Poster;
  graceMs?: number;
  /** how many guilds are posted to at once */
  concurrency?: number;
  /** ops: counts posts by kind and outcome (SPEC §6) */
  metrics?: Pick<Metrics, "scheduledPost">;
}

export interface TickReport {
  sent: string[];
  failed: string[];
  skipped: string[];
}

function recordState(
  db: Db,
  o: Occurrence,
  outcome: "sent" | "failed" | "skipped",
  error: string | null,
  at: Date,
) {
  db.insert(scheduleState)
    .values({ guildId: o.guildId, kind: o.kind, period: o.period, outcome, error, at })
    .onConflictDoUpdate({
      target: [scheduleState.guildId, scheduleState.kind],
      set: { period: o.period, outcome, error, at },
    })
    .run();
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

/**
 * The scheduler's effect half: asks `duePosts` what is due, then claims, posts and
 * records each one. Exactly-once rests on the unique (guild, kind, period) key in
 * `posts`: a post is claimed by inserting its key before anything is sent, so a
 * second tick, an overlapping run, a restarted bot or a second process racing on
 * the same database finds the key taken and does nothing. A claim whose post
 * Discord refused is released (deleted) so a later tick retries it; a process
 * that dies between claim and send leaves the claim in place — the bot prefers
 * missing one post to posting twice.
 */
export function createScheduler(deps: SchedulerDeps) {
  const { db, log, poster } = deps;
  const graceMs = deps.graceMs ?? DEFAULT_GRACE_MS;
  // ops: /healthz reports a scheduler that has not ticked for 3 minutes; its start counts as a tick.
  let lastTickAt = deps.clock.now();
  const note = (report: TickReport, o: Occurrence, outcome: keyof TickReport) => {
    report[outcome].push(postKey(o));
    deps.metrics?.scheduledPost(o.kind, outcome);
  };

  async function runOne(o: Occurrence, now: Date, report: TickReport): Promise<void> {
    const claimed = db
      .insert(posts)
      .values({
        guildId: o.guildId,
        kind: o.kind,
        period: o.period,
        status: "sending",
        channelId: o.channelId,
        scheduledAt: o.scheduledAt,
        claimedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: posts.id })
      .get();
    if (!claimed) return; // another runner has it
    let messageId: string;
    try {
      const message = buildPost(db, o, now);
      messageId = (await poster.post(o.channelId, message.body)).messageId;
      if (message.threadName) {
        const posted = messageId;
        await poster
          .startThread(o.channelId, posted, message.threadName)
          .then(() => message.withThread && poster.edit(o.channelId, posted, message.withThread(posted)))
          .catch((error: unknown) => {
            // The post itself is out: keep it (never post twice), note the thread problem.
            log.warn("scheduled post thread failed", {
              guild: o.guildId,
              kind: o.kind,
              period: o.period,
              error,
            });
          });
      }
    } catch (error) {
      db.delete(posts).where(eq(posts.id, claimed.id)).run();
      const reason =
        error instanceof PostRejected ? error.message : "unexpected error (details in the bot's log)";
      recordState(db, o, "failed", reason, now);
      note(report, o, "failed");
      const level = error instanceof PostRejected ? "warn" : "error";
      log[level]("scheduled post", {
        guild: o.guildId,
        kind: o.kind,
        period: o.period,
        channel: o.channelId,
        outcome: "failed",
        reason,
        ...(error instanceof PostRejected ? {} : { error }),
      });
      return;
    }
    db.update(posts)
      .set({ status: "sent", messageId, finishedAt: now })
      .where(eq(posts.id, claimed.id))
      .run();
    recordState(db, o, "sent", null, now);
    note(report, o, "sent");
    log.info("scheduled post", {
      guild: o.guildId,
      kind: o.kind,
      period: o.period,
      channel: o.channelId,
      outcome: "sent",
      message: messageId,
      delay_s: Math.round((now.getTime() - o.scheduledAt.getTime()) / 1000),
    });
  }

  function skip(o: Occurrence, now: Date, report: TickReport): void {
    const stored = db
      .insert(posts)
      .values({
        guildId: o.guildId,
        kind: o.kind,
        period: o.period,
        status: "skipped",
        channelId: o.channelId,
        scheduledAt: o.scheduledAt,
        claimedAt: now,
        finishedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: posts.id })
      .get();
    if (!stored) return;
    recordState(
      db,
      o,
      "skipped",
      `missed: more than ${graceMs / 3_600_000} h passed after the scheduled time before it could be posted`,
      now,
    );
    note(report, o, "skipped");
    log.warn("scheduled post", {
      guild: o.guildId,
      kind: o.kind,
      period: o.period,
      outcome: "skipped",
      scheduled_at: o.scheduledAt.toISOString(),
    });
  }

  /** One scheduler pass: decide what is due now, then post it. */
  async function tick(): Promise<TickReport> {
    const now = deps.clock.now();
    lastTickAt = now;
    const schedules = db.select().from(guilds).all().map(scheduleOf);
    const settled = new Set(
      db
        .select({ guildId: posts.guildId, kind: posts.kind, period: posts.period })
        .from(posts)
        .where(gte(posts.scheduledAt, new Date(now.getTime() - SETTLED_LOOKBACK_MS)))
        .all()
        .map(postKey),
    );
    // Final reports may be due up to 30 days after a cohort ended: look further back for those.
    for (const p of db
      .select({ guildId: posts.guildId, kind: posts.kind, period: posts.period })
      .from(posts)
      .where(
        and(
          eq(posts.kind, "cohort-report"),
          gte(posts.scheduledAt, new Date(now.getTime() - FINAL_REPORT_WINDOW_MS - 86_400_000)),
        ),
      )
      .all()) {
      settled.add(postKey(p));
    }
    const lastFailure = new Map(
      db
        .select()
        .from(scheduleState)
        .where(eq(scheduleState.outcome, "failed"))
        .all()
        .map((s) => [postKey(s), s.at] as const),
    );
    const byGuild = new Map(schedules.map((g) => [g.guildId, g]));
    const cohortRows = db
      .select()
      .from(cohorts)
      .all()
      .flatMap((cohort) => {
        const schedule = byGuild.get(cohort.guildId);
        return schedule ? [{ cohort, schedule }] : [];
      });
    const guildDecision = duePosts({ schedules, settled, lastFailure, now, graceMs });
    const cohortDecision = dueCohortPosts({ cohorts: cohortRows, settled, lastFailure, now, graceMs });
    const decision = {
      due: [...guildDecision.due, ...cohortDecision.due],
      expired: [...guildDecision.expired, ...cohortDecision.expired],
    };
    const report: TickReport = { sent: [], failed: [], skipped: [] };
    for (const o of decision.expired) skip(o, now, report);
    await eachLimited(decision.due, deps.concurrency ?? 4, (o) =>
      // One guild's trouble (even a database error) must never stop the others.
      runOne(o, now, report).catch((error: unknown) => {
        note(report, o, "failed");
        log.error("scheduled post crashed", { guild: o.guildId, kind: o.kind, period: o.period, error });
      }),
    );
    return report;
  }

  return { tick, lastTickAt: () => lastTickAt };
}

export type Scheduler = ReturnType<typeof createScheduler>;
