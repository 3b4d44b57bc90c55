/**
 * The reminders' effect half: each tick claims what `due.ts` finds due and hands
 * every DM to the one paced queue. Just before a DM leaves, it is checked again
 * (the member may have logged or turned the reminder off while it waited).
 */
import { and, eq } from "drizzle-orm";
import type { Clock } from "../clock";
import type { Db } from "../db/client";
import { dialectSql } from "../db/dialect";
import { first } from "../db/raw";
import { type ReminderKind, reminders } from "../db/tables";
import type { Logger } from "../log";
import { memberStreaks } from "../logs/stats";
import type { Shard } from "../shards/shard";
import { localDate } from "../time/zones";
import { type DueReminder, dueCheckinReminders, dueDailyReminders, finishReminder, loggedOn } from "./due";
import type { DmQueue } from "./queue";
import { memberZone, turnOffForClosedDms } from "./settings";

export interface ReminderDm {
  guildId: string;
  userId: string;
  kind: ReminderKind;
  /** the member's current streak in days */
  streak: number;
  /** the same for every attempt at this DM, so Discord keeps one (`enforce_nonce`) */
  nonce: string;
}

/** The Discord edge that delivers a DM: "closed" when the member does not accept DMs (50007). */
export interface DmSender {
  send(dm: ReminderDm): Promise<"sent" | "closed">;
}

export interface ReminderDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  sender: DmSender;
  queue: DmQueue;
  /** with sharding: only reminders of this shard's guilds */
  shard?: Shard;
}

export interface ReminderTick {
  queued: number;
  /** resolves when every DM queued by this tick has been handled */
  delivered: Promise<void>;
}

async function stillWanted(db: Db, r: DueReminder): Promise<boolean> {
  const on = await first(
    db
      .select({ kind: reminders.kind })
      .from(reminders)
      .where(
        and(
          eq(reminders.guildId, r.guildId),
          eq(reminders.userId, r.userId),
          eq(reminders.kind, r.kind),
          dialectSql().isTrue(reminders.enabled),
        ),
      )
      .limit(1),
  );
  return on !== undefined && (r.kind !== "daily" || !(await loggedOn(db, r.guildId, r.userId, r.period)));
}

export function createReminders(deps: ReminderDeps) {
  const { db, log, sender, queue } = deps;

  async function deliver(r: DueReminder): Promise<void> {
    const now = deps.clock.now();
    const fields = { guild: r.guildId, user: r.userId, kind: r.kind, period: r.period };
    if (!(await stillWanted(db, r))) {
      await finishReminder(db, r.sendId, "failed", now);
      log.info("reminder dm", { ...fields, outcome: "not_needed" });
      return;
    }
    const today = localDate(now, await memberZone(db, r.guildId, r.userId, now));
    const streak = (await memberStreaks(db, r.guildId, r.userId, today)).current;
    try {
      const outcome = await sender.send({ ...r, streak, nonce: `rem${r.sendId}` });
      if (outcome === "closed") {
        await turnOffForClosedDms(db, r.guildId, r.userId, r.kind, deps.clock.now());
        await finishReminder(db, r.sendId, "failed", deps.clock.now());
        log.info("reminder dm", { ...fields, outcome: "dms_closed" });
        return;
      }
      await finishReminder(db, r.sendId, "sent", deps.clock.now());
      log.info("reminder dm", { ...fields, outcome: "sent" });
    } catch (error) {
      // The claim stays: an uncertain DM is not sent again.
      await finishReminder(db, r.sendId, "failed", deps.clock.now());
      log.warn("reminder dm", { ...fields, outcome: "failed", error });
    }
  }

  return {
    /** One pass: claim due reminders and queue their DMs (not waiting for them to leave). */
    async tick(): Promise<ReminderTick> {
      const now = deps.clock.now();
      const due = [
        ...(await dueDailyReminders(db, now, deps.shard)),
        ...(await dueCheckinReminders(db, now, deps.shard)),
      ];
      const delivered = Promise.all(due.map((r) => queue.enqueue(() => deliver(r)))).then(() => {});
      return { queued: due.length, delivered };
    },
  };
}

export type Reminders = ReturnType<typeof createReminders>;
