import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { type Crossing, reachedMilestones, recordCrossings } from "../celebrations/celebrate";
import type { Db } from "../db/client";
import { first, one } from "../db/raw";
import { entries } from "../db/tables";
import { transaction } from "../db/tx";
import { type HoursEntry, toHoursEntry } from "../entries/entry";
import { UserError } from "../errors";
import { ensureGuild } from "../guilds/settings";
import { ensureMember, type MemberRef, memberTimeZone } from "../members/members";
import { TOPICS } from "../roadmap/topics";
import { formatHours } from "../text/format";
import { type LocalDate, weekStart } from "../time/dates";
import { localDate } from "../time/zones";
import { parseInput } from "../validation";
import { resolveLogDate } from "./dates";
import { priorEntry } from "./idempotency";
import { memberStreaks, memberTotals, runThrough, type Totals, weekOf, weekTotals } from "./stats";

export const MIN_HOURS = 0.25;
export const MAX_HOURS = 16;
export const MAX_NOTE = 500;

const HoursInput = z.object({
  hours: z
    .number({ error: "Hours must be a number between 0.25 and 16, for example 1.5." })
    .refine((h) => Number.isFinite(h) && h >= MIN_HOURS && h <= MAX_HOURS, {
      message: `Hours must be between ${MIN_HOURS} and ${MAX_HOURS} for one entry, for example 1.5.`,
    }),
  kind: z.enum(["learn", "build"], {
    error: "Kind must be `learn` (courses, docs, tutorials) or `build` (your own code).",
  }),
  topic: z
    .enum(TOPICS, { error: `Topic must be one of the roadmap topics: ${TOPICS.join(", ")}.` })
    .optional(),
  note: z
    .string()
    .trim()
    .max(MAX_NOTE, `The note can be at most ${MAX_NOTE} characters — shorten it and try again.`)
    .optional(),
  date: z.string().max(32, "The date must be `today`, `yesterday` or YYYY-MM-DD.").optional(),
});

/** As the member typed it: topic (autocomplete) and kind (a form's text box) are free text until validated here. */
export type HoursInput = Omit<z.input<typeof HoursInput>, "topic" | "kind"> & {
  topic?: string | undefined;
  kind: string;
};

export interface LogHoursResult {
  entry: HoursEntry;
  /** false when this interaction had already been stored (Discord redelivered it) */
  created: boolean;
  /** the member's local today when the entry was made */
  today: LocalDate;
  /** the entry's day, all entries of it */
  day: Totals;
  /** the member's current week */
  week: Totals;
  /** the week the entry counts in, when that is an earlier week than the current one */
  earlierWeek: Totals | null;
  buildTargetPercent: number;
  /** the current streak */
  streak: number;
  /** the current streak; without one (an entry on an older day), the run of days the entry's day is part of */
  dayRun: number;
  /** milestones this entry made the member reach (empty for a redelivered interaction) */
  milestones: Crossing[];
  /** where celebrations go: the guild's check-in channel, if configured */
  celebrationChannelId: string | null;
}

/**
 * Stores one hours entry (SPEC §3.2). Everything runs in one transaction: the
 * daily-cap check and the insert cannot interleave with another log, and the
 * reply is built only after the row is committed.
 */
export async function logHours(
  db: Db,
  ref: MemberRef,
  interactionId: string,
  raw: HoursInput,
  now: Date,
): Promise<LogHoursResult> {
  const input = parseInput(HoursInput, raw);
  const minutes = Math.round(input.hours * 60);
  return transaction(db, async (tx) => {
    const guild = await ensureGuild(tx, ref.guildId, now);
    const member = await ensureMember(tx, ref, now);
    const today = localDate(now, memberTimeZone(member, guild));
    const existing = await priorEntry(tx, ref, interactionId, "hours");
    let row = existing;
    let crossings: Crossing[] = [];
    if (!row) {
      const day = resolveLogDate(input.date, today);
      const used =
        (
          await first(
            tx
              .select({ m: sql<number>`coalesce(sum(${entries.minutes}), 0)` })
              .from(entries)
              .where(
                and(
                  eq(entries.guildId, ref.guildId),
                  eq(entries.userId, ref.userId),
                  eq(entries.localDate, day),
                  eq(entries.type, "hours"),
                  isNull(entries.removedAt),
                ),
              )
              .limit(1),
          )
        )?.m ?? 0;
      if (used + minutes > guild.dailyCapMinutes) {
        const left = Math.max(0, guild.dailyCapMinutes - used);
        throw new UserError(
          `That would put ${day} at ${formatHours(used + minutes)}, over this server's daily cap of ${formatHours(guild.dailyCapMinutes)}. You can still log up to ${formatHours(left)} on that day.`,
        );
      }
      const before = await reachedMilestones(tx, ref, today, now);
      row = await one(
        tx
          .insert(entries)
          .values({
            guildId: ref.guildId,
            userId: ref.userId,
            type: "hours",
            interactionId,
            createdAt: now,
            localDate: day,
            minutes,
            kind: input.kind,
            topic: input.topic ?? null,
            note: input.note || null,
          })
          .returning(),
      );
      crossings = await recordCrossings(tx, ref, before, today, now);
    }
    const entry = toHoursEntry(row);
    const streak = (await memberStreaks(tx, ref.guildId, ref.userId, today)).current;
    const { from, to } = weekOf(entry.localDate);
    return {
      entry,
      created: !existing,
      today,
      day: await memberTotals(tx, ref.guildId, ref.userId, entry.localDate, entry.localDate),
      week: await weekTotals(tx, ref.guildId, ref.userId, today),
      earlierWeek: from < weekStart(today) ? await memberTotals(tx, ref.guildId, ref.userId, from, to) : null,
      buildTargetPercent: guild.buildTargetPercent,
      streak,
      dayRun: streak > 0 ? streak : await runThrough(tx, ref.guildId, ref.userId, entry.localDate),
      milestones: crossings,
      celebrationChannelId: guild.checkinsChannelId,
    };
  });
}
