/**
 * The weekly check-in of a big guild. SPEC §3.6 lists every active member and
 * every quiet one by name; at 100,000 members that is neither readable nor
 * possible within Discord's limits (6,000 characters per message), and
 * gathering it would stall the bot. Above `SUMMARY_ABOVE` members who ever
 * logged, the post keeps the group totals and the invitation, lists the top
 * members of the week (the same line as the full post) and gives the rest as
 * counts: active members, how many checked in, and members quiet for 7 days.
 * The group totals and counts are single rows of the per-guild tables
 * (`guild_weeks`, `guild_totals`); the top is the week board's index walk; only
 * "active in the last 7 days" walks an index range, over the members active then.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { dialectSql } from "../db/dialect";
import { rawAll, rawGet } from "../db/raw";
import { transaction } from "../db/tx";
import { leaderboard } from "../leaderboards/leaderboard";
import { type EmbedPost, layoutPost } from "../text/embeds";
import { plural } from "../text/format";
import { addDays, type LocalDate } from "../time/dates";
import * as lines from "./lines";

/** Members who ever logged (with a live entry) above which the check-in is summarised. */
export const SUMMARY_ABOVE = 150;
/** Members listed by name in the summary. */
export const SUMMARY_TOP = 10;

/** Members with a live entry in the guild: one row of `guild_totals`. */
async function membersEver(db: Db, guildId: string): Promise<number> {
  return (
    (await rawGet<{ n: number }>(db, sql`select members as n from guild_totals where guild_id = ${guildId}`))
      ?.n ?? 0
  );
}

/** Whether the guild gets the summarised check-in. */
export async function isBigGuild(db: Db, guildId: string): Promise<boolean> {
  return (await membersEver(db, guildId)) > SUMMARY_ABOVE;
}

export interface WeeklySummaryData {
  from: LocalDate;
  to: LocalDate;
  totals: lines.WeeklyCheckinData["totals"];
  /** the week's top members by hours, in board order */
  top: lines.ActiveMemberLine[];
  /** active members who checked in for the week */
  checkedIn: number;
  /** members who ever logged but have no hours in the last QUIET_DAYS days */
  quiet: number;
}

export async function weeklySummaryData(
  db: Db,
  guildId: string,
  postLocalDate: LocalDate,
  now: Date,
): Promise<WeeklySummaryData> {
  const { from, to } = lines.previousWeek(postLocalDate);
  const quietFrom = addDays(postLocalDate, -(lines.QUIET_DAYS - 1));
  return transaction(db, async (tx) => {
    const week = (await rawGet<{ active: number; minutes: number; projects: number; checkedIn: number }>(
      tx,
      sql`select members as active, minutes, projects, checked_in as "checkedIn"
from guild_weeks where guild_id = ${guildId} and week_start = ${from}`,
    )) ?? { active: 0, minutes: 0, projects: 0, checkedIn: 0 };
    const board = await leaderboard(tx, {
      guildId,
      metric: "hours",
      period: { from, to, label: "" },
      now,
      limit: SUMMARY_TOP,
    });
    const ids = board.top.map((s) => s.userId);
    const details = new Map(
      (ids.length === 0
        ? []
        : await rawAll<{
            userId: string;
            buildMinutes: number;
            projects: number;
            streak: number;
            checkedIn: number;
          }>(
            tx,
            sql`select w.user_id as "userId", w.build_minutes as "buildMinutes", w.projects,
  case when t.current_until > ${now.getTime()} then t.last_run else 0 end as streak,
  exists (select 1 from checkins c where c.guild_id = w.guild_id and c.user_id = w.user_id and c.week_start = w.week_start) as "checkedIn"
from member_weeks w join member_totals t on t.guild_id = w.guild_id and t.user_id = w.user_id
where w.guild_id = ${guildId} and w.week_start = ${from} and w.user_id in (${sql.join(
              ids.map((id) => sql`${id}`),
              sql`, `,
            )})`,
          )
      ).map((d) => [d.userId, d]),
    );
    const top = board.top.map((s) => {
      const d = details.get(s.userId);
      return {
        displayName: s.displayName,
        minutes: s.score,
        buildMinutes: d?.buildMinutes ?? 0,
        projects: d?.projects ?? 0,
        streak: d?.streak ?? 0,
        checkedIn: d?.checkedIn === 1,
      };
    });
    const ever = await membersEver(tx, guildId);
    const recent =
      (
        await rawGet<{ n: number }>(
          tx,
          sql`select count(*) as n from member_totals
where guild_id = ${guildId} and last_day between ${quietFrom} and ${postLocalDate}`,
        )
      )?.n ?? 0;
    // Members whose latest day is after the post day (ahead of the guild's zone, so few): active in
    // the window when their latest run of days reaches back to the post day, else when a day in
    // the window has hours (one primary-key probe, as `hoursBetween`).
    const ahead =
      (
        await rawGet<{ n: number }>(
          tx,
          sql`select count(*) as n from member_totals t
where t.guild_id = ${guildId} and t.last_day > ${postLocalDate} and (
  ${dialectSql().dayNumber(sql.raw("t.last_day"))} - t.last_run < ${dialectSql().dayNumber(postLocalDate)}
  or exists (select 1 from member_days d
    where d.guild_id = t.guild_id and d.user_id = t.user_id and d.local_date between ${quietFrom} and ${postLocalDate}
    and d.minutes > 0))`,
        )
      )?.n ?? 0;
    return {
      from,
      to,
      totals: { minutes: week.minutes, activeMembers: week.active, projects: week.projects },
      top,
      checkedIn: week.checkedIn,
      quiet: ever - recent - ahead,
    };
  });
}

export function renderWeeklySummary(data: WeeklySummaryData): EmbedPost {
  const others = data.totals.activeMembers - data.top.length;
  const everyone = {
    title: "Everyone",
    description: [
      `${plural(data.checkedIn, "active member", "active members")} checked in for the week${others > 0 ? `; ${plural(others, "more active member", "more active members")} beyond the top ${data.top.length}` : ""}.`,
      `${plural(data.quiet, "member has", "members have")} logged no hours in the last ${lines.QUIET_DAYS} days — a nudge from a study buddy helps.`,
    ].join("\n"),
  };
  return layoutPost(
    lines.weeklyTitle(data),
    [lines.lastWeekEmbed(data.totals), everyone],
    [
      {
        title: `Top ${data.top.length} by hours`,
        lines: data.top.length > 0 ? data.top.map(lines.activeLine) : ["Nobody logged hours last week."],
      },
    ],
  );
}
