/**
 * The sending half of the scheduler: one claimed post goes out exactly once, even
 * when Discord's answer is lost. Every attempt carries a nonce derived from the
 * post's key with `enforce_nonce`, so a re-send inside Discord's nonce window
 * returns the first message instead of creating a second. An uncertain outcome
 * (timeout, dropped connection, 5xx) keeps the claim as `uncertain` with the body
 * as sent; the next tick re-sends it unchanged while the window lasts, and after
 * that looks for it among the bot's messages in the channel before sending again.
 */
import { and, eq, gte } from "drizzle-orm";
import type { Db } from "../db/client";
import { first } from "../db/raw";
import { posts, scheduleState } from "../db/tables";
import { transaction } from "../db/tx";
import type { Logger } from "../log";
import type { Metrics } from "../ops/metrics";
import { inShard, type Shard } from "../shards/shard";
import { type AnyPostKind, DEFAULT_RETRY_MS, type Occurrence, postKey } from "./due";
import { NONCE_WINDOW_MS, nonceFor, type Poster, PostRejected, PostUncertain } from "./poster";
import { type BuiltPost, withThreadLink } from "./posts";

export interface SendDeps {
  db: Db;
  log: Logger;
  poster: Poster;
  graceMs: number;
  /** ops: counts posts by kind and outcome (SPEC §6) */
  metrics?: Pick<Metrics, "scheduledPost">;
  /** what follows a post once it is out (a final report takes the cohort's role back); errors are logged */
  onSent?: (post: ClaimedPost) => Promise<void>;
}

export interface TickReport {
  sent: string[];
  failed: string[];
  skipped: string[];
  /** posted, perhaps: Discord's answer was lost; checked before anything is sent again */
  uncertain: string[];
}

/** A row of `posts` this runner holds (status `sending`). */
export interface ClaimedPost {
  id: number;
  guildId: string;
  kind: AnyPostKind;
  period: string;
  channelId: string;
  scheduledAt: Date;
  claimedAt: Date;
}

type Key = { guildId: string; kind: AnyPostKind; period: string };

export async function recordState(
  db: Db,
  o: Key,
  outcome: "sent" | "failed" | "skipped",
  error: string | null,
  at: Date,
) {
  await transaction(db, (tx) =>
    tx
      .insert(scheduleState)
      .values({ guildId: o.guildId, kind: o.kind, period: o.period, outcome, error, at })
      .onConflictDoUpdate({
        target: [scheduleState.guildId, scheduleState.kind],
        set: { period: o.period, outcome, error, at },
      }),
  );
}

/**
 * How many due posts are claimed in one commit: about a second of Discord's pace. At
 * fan-out scale a commit per claim (an fsync each) would cost slots; a process killed
 * mid-fan-out leaves at most this many claimed posts unsent (never sent twice).
 */
export const CLAIM_BATCH = 50;

/**
 * Claims due posts lazily, a batch at a time; `claim(i)` is the post id of due[i], or null if
 * another runner has it. Lanes ask concurrently: batches are claimed one after the other, in order.
 */
export function batchedClaims(
  db: Db,
  due: readonly Occurrence[],
  now: Date,
): (index: number) => Promise<number | null> {
  const ids: Array<number | null> = [];
  let claiming: Promise<void> = Promise.resolve();
  const through = (index: number) => {
    const claimBatches = async () => {
      while (ids.length <= index) {
        const batch = due.slice(ids.length, Math.min(due.length, ids.length + CLAIM_BATCH));
        if (batch.length === 0) return;
        ids.push(
          ...(await transaction(db, async (tx) => {
            const claimed: Array<number | null> = [];
            for (const o of batch) {
              const row = await first(
                tx
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
                  .returning({ id: posts.id }),
              );
              claimed.push(row?.id ?? null);
            }
            return claimed;
          })),
        );
      }
    };
    claiming = claiming.then(claimBatches, claimBatches);
    return claiming;
  };
  return async (index) => {
    if (ids.length <= index) await through(index);
    return ids[index] ?? null;
  };
}

/** Reports an outcome in the tick's report and the metrics. */
export function noteOutcome(deps: SendDeps, report: TickReport, p: Key, outcome: keyof TickReport): void {
  report[outcome].push(postKey(p));
  deps.metrics?.scheduledPost(p.kind, outcome);
}

const fields = (p: ClaimedPost) => ({
  guild: p.guildId,
  kind: p.kind,
  period: p.period,
  channel: p.channelId,
});

async function markSent(deps: SendDeps, p: ClaimedPost, messageId: string, now: Date, report: TickReport) {
  // One commit, not two: at fan-out scale every fsync is a slot lost at Discord's pace.
  await transaction(deps.db, async (tx) => {
    await tx
      .update(posts)
      .set({ status: "sent", messageId, finishedAt: now, body: null })
      .where(eq(posts.id, p.id));
    await recordState(tx, p, "sent", null, now);
  });
  noteOutcome(deps, report, p, "sent");
  deps.log.info("scheduled post", {
    ...fields(p),
    outcome: "sent",
    message: messageId,
    delay_s: Math.round((now.getTime() - p.scheduledAt.getTime()) / 1000),
  });
  // Once per post: it is marked sent exactly once.
  await deps
    .onSent?.(p)
    .catch((error: unknown) => deps.log.error("after a scheduled post", { ...fields(p), error }));
}

async function markUncertain(
  deps: SendDeps,
  p: ClaimedPost,
  built: BuiltPost,
  reason: string,
  now: Date,
): Promise<void> {
  await transaction(deps.db, (tx) =>
    tx
      .update(posts)
      .set({ status: "uncertain", finishedAt: now, body: JSON.stringify(built) })
      .where(eq(posts.id, p.id)),
  );
  await recordState(
    deps.db,
    p,
    "failed",
    `${reason}. shiplog checks the channel before posting it again, so it never appears twice.`,
    now,
  );
}

/** Opens the post's answer thread, then links it from the post's buttons (the daily prompt). */
async function startThread(
  deps: SendDeps,
  p: ClaimedPost,
  messageId: string,
  built: BuiltPost,
): Promise<void> {
  if (!built.threadName) return;
  await deps.poster
    .startThread(p.channelId, messageId, built.threadName)
    .then(() =>
      built.withThread ? deps.poster.edit(p.channelId, messageId, built.withThread(messageId)) : undefined,
    )
    .catch((error: unknown) => {
      // The post itself is out: keep it (never post twice), note the thread problem.
      deps.log.warn("scheduled post thread failed", { ...fields(p), error });
    });
}

/**
 * Sends a claimed post with its nonce. `fresh` is a first attempt, whose claim is released
 * when Discord certainly refused it (so a later tick retries); a retry of an uncertain post
 * keeps its claim whatever happens, since an earlier attempt may have created the message.
 */
export async function deliver(
  deps: SendDeps,
  p: ClaimedPost,
  built: BuiltPost,
  now: Date,
  report: TickReport,
  fresh = true,
): Promise<void> {
  let messageId: string;
  try {
    messageId = (await deps.poster.post(p.channelId, built.body, { nonce: nonceFor(postKey(p)) })).messageId;
  } catch (error) {
    const uncertain = error instanceof PostUncertain || !fresh;
    const reason =
      error instanceof PostRejected || error instanceof PostUncertain
        ? error.message
        : "unexpected error (details in the bot's log)";
    if (uncertain) {
      await markUncertain(deps, p, built, reason, now);
      noteOutcome(deps, report, p, "uncertain");
    } else {
      await transaction(deps.db, (tx) => tx.delete(posts).where(eq(posts.id, p.id)));
      await recordState(deps.db, p, "failed", reason, now);
      noteOutcome(deps, report, p, "failed");
    }
    const known = error instanceof PostRejected || error instanceof PostUncertain;
    deps.log[known ? "warn" : "error"]("scheduled post", {
      ...fields(p),
      outcome: uncertain ? "uncertain" : "failed",
      reason,
      ...(known ? {} : { error }),
    });
    return;
  }
  await startThread(deps, p, messageId, built);
  await markSent(deps, p, messageId, now, report);
}

/** A post stored as sent while uncertain, with its thread link rebuilt (functions are not stored). */
function restored(body: string, guildId: string): BuiltPost {
  const built = JSON.parse(body) as BuiltPost;
  return built.threadName === undefined
    ? built
    : { ...built, withThread: (threadId) => withThreadLink(built.body, guildId, threadId) };
}

/** Whether an uncertain post is due another attempt now (see the module comment). */
function dueAgain(row: { claimedAt: Date; finishedAt: Date | null }, now: Date): boolean {
  const windowEnds = row.claimedAt.getTime() + NONCE_WINDOW_MS;
  const last = row.finishedAt?.getTime() ?? 0;
  if (now.getTime() < windowEnds || last < windowEnds) return true;
  return now.getTime() - last >= DEFAULT_RETRY_MS;
}

/**
 * Settles posts left `uncertain` by earlier ticks. Inside the nonce window the same body
 * goes out again with the same nonce (Discord returns the first message if there is one);
 * after it, the channel is searched first and the post is sent again only if it is not there.
 * Posts still uncertain when the grace window is over are left alone: never posted twice.
 */
export async function settleUncertain(
  deps: SendDeps,
  now: Date,
  report: TickReport,
  shard?: Shard,
): Promise<void> {
  const { db } = deps;
  const rows = (
    await db
      .select()
      .from(posts)
      .where(
        and(
          eq(posts.status, "uncertain"),
          gte(posts.claimedAt, new Date(now.getTime() - deps.graceMs)),
          inShard(posts.guildId, shard),
        ),
      )
  ).filter((row) => dueAgain(row, now));
  for (const row of rows) {
    // Taken back atomically, so two runners never retry the same post at once.
    const taken = await first(
      transaction(db, (tx) =>
        tx
          .update(posts)
          .set({ status: "sending" })
          .where(and(eq(posts.id, row.id), eq(posts.status, "uncertain")))
          .returning({ id: posts.id }),
      ),
    );
    if (!taken || !row.body) continue;
    const built = restored(row.body, row.guildId);
    const p: ClaimedPost = row;
    try {
      if (now.getTime() < row.claimedAt.getTime() + NONCE_WINDOW_MS) {
        await deliver(deps, p, built, now, report, false);
        continue;
      }
      let found: { messageId: string } | null;
      try {
        found = await deps.poster.findPosted(p.channelId, built.body, row.claimedAt);
      } catch (error) {
        const reason = `could not check <#${p.channelId}> for the post (${error instanceof Error ? error.name : "error"})`;
        await markUncertain(deps, p, built, reason, now);
        noteOutcome(deps, report, p, "uncertain");
        deps.log.warn("scheduled post", { ...fields(p), outcome: "uncertain", reason, error });
        continue;
      }
      if (found) {
        // It went out after all: the thread may be missing if the answer was lost before it.
        await startThread(deps, p, found.messageId, built);
        await markSent(deps, p, found.messageId, now, report);
        continue;
      }
      // Not there: a fresh send opens a new nonce window.
      await transaction(db, (tx) => tx.update(posts).set({ claimedAt: now }).where(eq(posts.id, p.id)));
      await deliver(deps, { ...p, claimedAt: now }, built, now, report, false);
    } catch (error) {
      await markUncertain(deps, p, built, "unexpected error (details in the bot's log)", now);
      noteOutcome(deps, report, p, "uncertain");
      deps.log.error("scheduled post crashed", { ...fields(p), error });
    }
  }
}
