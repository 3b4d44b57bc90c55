import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { one } from "../db/raw";
import { guildStacks, guilds, scheduleState } from "../db/tables";
import { transaction } from "../db/tx";
import { UserError } from "../errors";
import { nextOccurrence, POST_KINDS, type PostKind, scheduleOf } from "../scheduler/due";
import { BUILTIN_STACKS } from "../stacks/catalog";
import { canonicalTimeZone } from "../time/zone-names";
import { formatClockTime, parseClockTime } from "../time/zones";
import { parseInput } from "../validation";
import { parsePostKind, requirePostKind } from "./post-kinds";
import { ensureGuild, type GuildSettings } from "./settings";

export const WEEKDAYS = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
] as const;
export type Weekday = (typeof WEEKDAYS)[number];
const CHANNEL_COLUMN = {
  prompt: "promptsChannelId",
  checkin: "checkinsChannelId",
  leaderboard: "leaderboardChannelId",
} as const satisfies Record<PostKind, keyof GuildSettings>;

async function update(
  db: Db,
  guildId: string,
  now: Date,
  set: Partial<typeof guilds.$inferInsert>,
): Promise<GuildSettings> {
  await ensureGuild(db, guildId, now);
  return (await one(
    transaction(db, (tx) => tx.update(guilds).set(set).where(eq(guilds.id, guildId)).returning()),
  )) as GuildSettings;
}

export async function setGuildTimeZone(
  db: Db,
  guildId: string,
  name: string,
  now: Date,
): Promise<GuildSettings> {
  const tz = canonicalTimeZone(name);
  if (tz === null) {
    throw new UserError(
      "That is not an IANA time zone name. Use one like `Europe/Berlin`, `America/New_York`, `Asia/Kolkata` or `UTC` — pick from the autocomplete list.",
    );
  }
  return update(db, guildId, now, { timezone: tz });
}

export async function setChannel(
  db: Db,
  guildId: string,
  kind: string,
  channelId: string,
  now: Date,
): Promise<GuildSettings> {
  const column = CHANNEL_COLUMN[requirePostKind(kind)];
  if (!/^\d{17,20}$/.test(channelId)) throw new UserError("Pick a text channel from the list.");
  return update(db, guildId, now, { [column]: channelId });
}

const ScheduleInput = z.object({
  kind: z.string().transform((k, ctx) => {
    const kind = parsePostKind(k);
    if (kind === null) {
      ctx.addIssue({ code: "custom", message: "Kind must be prompt, checkin or leaderboard." });
      return z.NEVER;
    }
    return kind;
  }),
  time: z.string().transform((t, ctx) => {
    const minutes = parseClockTime(t);
    if (minutes === null) {
      ctx.addIssue({
        code: "custom",
        message: "The time must be 24-hour HH:MM between 00:00 and 23:59, for example `09:00` or `18:30`.",
      });
      return z.NEVER;
    }
    return minutes;
  }),
  weekday: z
    .string()
    .transform((w) => w.trim().toLowerCase())
    .pipe(
      z.enum(WEEKDAYS, {
        error: "The weekday must be one of monday, tuesday, wednesday, thursday, friday, saturday, sunday.",
      }),
    )
    .optional(),
});

/** Sets a post's local time (and weekday for weekly posts; the daily prompt ignores weekday). */
export async function setSchedule(
  db: Db,
  guildId: string,
  raw: { kind: string; time: string; weekday?: string | undefined },
  now: Date,
): Promise<GuildSettings> {
  const input = parseInput(ScheduleInput, raw);
  const weekday = input.weekday ? WEEKDAYS.indexOf(input.weekday) + 1 : undefined;
  switch (input.kind) {
    case "prompt":
      return update(db, guildId, now, { promptTime: input.time });
    case "checkin":
      return update(db, guildId, now, {
        checkinTime: input.time,
        ...(weekday ? { checkinWeekday: weekday } : {}),
      });
    case "leaderboard":
      return update(db, guildId, now, {
        leaderboardTime: input.time,
        ...(weekday ? { leaderboardWeekday: weekday } : {}),
      });
  }
}

function intInRange(value: number, min: number, max: number, what: string, example: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UserError(`${what} must be a whole number from ${min} to ${max}, for example ${example}.`);
  }
  return value;
}

export async function setCommitmentDays(
  db: Db,
  guildId: string,
  days: number,
  now: Date,
): Promise<GuildSettings> {
  return update(db, guildId, now, { commitmentDays: intInRange(days, 14, 365, "The commitment", "90") });
}

export async function setDailyCap(db: Db, guildId: string, hours: number, now: Date): Promise<GuildSettings> {
  return update(db, guildId, now, { dailyCapMinutes: intInRange(hours, 1, 24, "The daily cap", "16") * 60 });
}

export async function setBuildTarget(
  db: Db,
  guildId: string,
  percent: number,
  now: Date,
): Promise<GuildSettings> {
  return update(db, guildId, now, {
    buildTargetPercent: intInRange(percent, 0, 100, "The build target", "70"),
  });
}

export async function setModRole(db: Db, guildId: string, roleId: string, now: Date): Promise<GuildSettings> {
  if (roleId === guildId)
    throw new UserError("@everyone cannot be the moderator role: pick a role only moderators have.");
  return update(db, guildId, now, { modRoleId: roleId });
}

const StackInput = z.object({
  id: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
      "The stack id must be lowercase letters, digits and dashes, for example `elixir-phoenix`.",
    )
    .max(40, "The stack id can be at most 40 characters."),
  label: z
    .string()
    .trim()
    .min(1, "Give the stack a label, for example `Elixir + Phoenix`.")
    .max(60, "The label can be at most 60 characters."),
});

export async function addGuildStack(db: Db, guildId: string, raw: { id: string; label: string }, now: Date) {
  const input = parseInput(StackInput, raw);
  if (BUILTIN_STACKS.some((s) => s.id === input.id))
    throw new UserError(`\`${input.id}\` is already a built-in stack.`);
  await ensureGuild(db, guildId, now);
  const inserted = await transaction(db, (tx) =>
    tx
      .insert(guildStacks)
      .values({ guildId, ...input })
      .onConflictDoNothing()
      .returning(),
  );
  if (inserted.length === 0) throw new UserError(`\`${input.id}\` is already on this server's list.`);
  return input;
}

export async function removeGuildStack(db: Db, guildId: string, id: string): Promise<void> {
  const stackId = id.trim().toLowerCase();
  if (BUILTIN_STACKS.some((s) => s.id === stackId))
    throw new UserError("Built-in stacks cannot be removed; only stacks added with /config stack-add.");
  const removed = await transaction(db, (tx) =>
    tx
      .delete(guildStacks)
      .where(and(eq(guildStacks.guildId, guildId), eq(guildStacks.id, stackId)))
      .returning(),
  );
  if (removed.length === 0)
    throw new UserError(`\`${stackId.slice(0, 40)}\` is not one of this server's added stacks.`);
  // Members already on it keep it: their history stays true; the label falls back to the id.
}

export interface PostSummary {
  kind: PostKind;
  channelId: string | null;
  time: string;
  weekday: Weekday | null;
  next: Date;
  last: { period: string; outcome: "sent" | "failed" | "skipped"; error: string | null; at: Date } | null;
}

export interface ConfigSummary {
  settings: GuildSettings;
  posts: PostSummary[];
}

/** Everything /config show reports, including each post's next run and last outcome. */
export async function configSummary(db: Db, guildId: string, now: Date): Promise<ConfigSummary> {
  const settings = await ensureGuild(db, guildId, now);
  const schedule = scheduleOf(settings);
  const states = await db.select().from(scheduleState).where(eq(scheduleState.guildId, guildId));
  const channel = {
    prompt: settings.promptsChannelId,
    checkin: settings.checkinsChannelId,
    leaderboard: settings.leaderboardChannelId,
  };
  const time = {
    prompt: settings.promptTime,
    checkin: settings.checkinTime,
    leaderboard: settings.leaderboardTime,
  };
  const weekday = {
    prompt: null,
    checkin: settings.checkinWeekday,
    leaderboard: settings.leaderboardWeekday,
  };
  return {
    settings,
    posts: POST_KINDS.map((kind) => {
      const s = states.find((x) => x.kind === kind);
      const wd = weekday[kind];
      return {
        kind,
        channelId: channel[kind],
        time: formatClockTime(time[kind]),
        weekday: wd === null ? null : (WEEKDAYS[wd - 1] ?? null),
        next: nextOccurrence(schedule, kind, now),
        last: s ? { period: s.period, outcome: s.outcome, error: s.error, at: s.at } : null,
      };
    }),
  };
}
