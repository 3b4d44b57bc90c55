import { eq } from "drizzle-orm";
import type { Clock } from "../clock";
import type { Db } from "../db/client";
import { first } from "../db/raw";
import { posts } from "../db/tables";
import { transaction } from "../db/tx";
import type { Logger } from "../log";
import type { Metrics } from "../ops/metrics";
import type { Shard } from "../shards/shard";
import { dueCohortPosts } from "./cohorts";
import { DEFAULT_GRACE_MS, type DueDecision, duePosts, type Occurrence } from "./due";
import { guildsToLook, loadTickInput, scheduleLooks } from "./next-due";
import type { Poster } from "./poster";
import { type BuiltPost, buildPost } from "./posts";
import {
  batchedClaims,
  deliver,
  noteOutcome,
  recordState,
  type SendDeps,
  settleUncertain,
  type TickReport,
} from "./send";

export type { TickReport } from "./send";

/** Enough lanes to keep 50 requests a second going at Discord's usual latency (~100–500 ms). */
const DEFAULT_CONCURRENCY = 32;

/** Guilds decided per slice of a tick; each slice is a few milliseconds of work. */
export const TICK_SLICE = 100;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

export interface SchedulerDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  poster: Poster;
  graceMs?: number;
  /** how many guilds are posted to at once; the poster's own pacer keeps Discord's rate (pace.ts) */
  concurrency?: number;
  /** ops: counts posts by kind and outcome (SPEC §6) */
  metrics?: Pick<Metrics, "scheduledPost">;
  /** what follows a post once it is out (main.ts: a final report takes the cohort's role back) */
  onSent?: SendDeps["onSent"];
  /** with sharding: post only for this shard's guilds (Discord's `(guild_id >> 22) % count`) */
  shard?: Shard;
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
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
 * Discord refused is released (deleted) so a later tick retries it; one whose
 * outcome is uncertain is kept and settled by send.ts; a process that dies
 * between claim and send leaves the claim in place — the bot prefers missing one
 * post to posting twice.
 */
export function createScheduler(deps: SchedulerDeps) {
  const { db, log, poster } = deps;
  const graceMs = deps.graceMs ?? DEFAULT_GRACE_MS;
  const sendDeps: SendDeps = {
    db,
    log,
    poster,
    graceMs,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.onSent ? { onSent: deps.onSent } : {}),
  };
  // ops: /healthz reports a scheduler that has not ticked for 3 minutes; its start counts as a tick.
  let lastTickAt = deps.clock.now();
  const note = (report: TickReport, o: Occurrence, outcome: keyof TickReport) =>
    noteOutcome(sendDeps, report, o, outcome);

  async function runOne(
    o: Occurrence,
    claim: () => Promise<number | null>,
    now: Date,
    report: TickReport,
  ): Promise<void> {
    const id = await claim();
    if (id === null) return; // another runner has it
    const claimed = { id };
    let built: BuiltPost;
    try {
      built = await buildPost(db, o, now);
    } catch (error) {
      // Nothing was sent: release the claim so a later tick retries.
      await transaction(db, (tx) => tx.delete(posts).where(eq(posts.id, claimed.id)));
      const reason = "unexpected error (details in the bot's log)";
      await recordState(db, o, "failed", reason, now);
      note(report, o, "failed");
      log.error("scheduled post", {
        guild: o.guildId,
        kind: o.kind,
        period: o.period,
        outcome: "failed",
        reason,
        error,
      });
      return;
    }
    await deliver(sendDeps, { ...o, id: claimed.id, claimedAt: now }, built, now, report);
  }

  async function skip(o: Occurrence, now: Date, report: TickReport): Promise<void> {
    const stored = await first(
      transaction(db, (tx) =>
        tx
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
          .returning({ id: posts.id }),
      ),
    );
    if (!stored) return;
    await recordState(
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

  /** Due and expired posts of the guilds whose next look has come, decided a slice at a time. */
  async function decide(looked: readonly string[], now: Date): Promise<DueDecision> {
    const decision: DueDecision = { due: [], expired: [] };
    for (let i = 0; i < looked.length; i += TICK_SLICE) {
      if (i > 0) await nextTurn();
      const { schedules, settled, lastFailure, cohortRows } = await loadTickInput(
        db,
        looked.slice(i, i + TICK_SLICE),
        now,
      );
      for (const d of [
        duePosts({ schedules, settled, lastFailure, now, graceMs }),
        dueCohortPosts({ cohorts: cohortRows, settled, lastFailure, now, graceMs }),
      ]) {
        decision.due.push(...d.due);
        decision.expired.push(...d.expired);
      }
    }
    return decision;
  }

  /**
   * One scheduler pass: decide what is due now, then post it. Only guilds whose
   * next look has come are read (an index range on `schedule_next`, not every
   * guild's settings), in slices with the event loop free between them; after
   * the posts, each of those guilds gets its next look.
   */
  async function tick(): Promise<TickReport> {
    const now = deps.clock.now();
    lastTickAt = now;
    const looked = await guildsToLook(db, now, deps.shard);
    const decision = await decide(looked, now);
    const report: TickReport = { sent: [], failed: [], skipped: [], uncertain: [] };
    await settleUncertain(sendDeps, now, report, deps.shard);
    for (const o of decision.expired) await skip(o, now, report);
    const claim = batchedClaims(db, decision.due, now);
    await eachLimited(decision.due, deps.concurrency ?? DEFAULT_CONCURRENCY, (o, i) =>
      // One guild's trouble (even a database error) must never stop the others.
      runOne(o, () => claim(i), now, report).catch((error: unknown) => {
        note(report, o, "failed");
        log.error("scheduled post crashed", { guild: o.guildId, kind: o.kind, period: o.period, error });
      }),
    );
    for (let i = 0; i < looked.length; i += TICK_SLICE) {
      if (i > 0) await nextTurn();
      await scheduleLooks(db, looked.slice(i, i + TICK_SLICE), now, graceMs);
    }
    return report;
  }

  return { tick, lastTickAt: () => lastTickAt };
}

export type Scheduler = ReturnType<typeof createScheduler>;
