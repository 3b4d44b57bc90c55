/**
 * The weekly check-in of a big guild. SPEC §3.6 lists every active member and
 * every quiet one by name; at 100,000 members that is neither readable nor
 * possible within Discord's limits (6,000 characters per message), and
 * gathering it would stall the bot. Above `SUMMARY_ABOVE` members who ever
 * logged, the post keeps the group totals and the invitation, lists the top
 * members of the week (the same line as the full post) and gives the rest as
 * counts: active members, how many checked in, and members quiet for 7 days.
 * Every number is an index walk over the derived tables.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
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

/** Whether the guild gets the summarised check-in; reads at most `SUMMARY_ABOVE + 1` index entries. */
export async function isBigGuild(db: Db, guildId: string): Promise<boolean> {
  const n = (
    await rawGet<{ n: number }>(
      db,
      sql`select count(*) as n from (select 1 from member_totals where guild_id = ${guildId} limit ${SUMMARY_ABOVE + 1})`,
    )
  )?.n;
  return (n ?? 0) > SUMMARY_ABOVE;
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
      sql`select count(*) as active, coalesce(sum(minutes), 0) as minutes, coalesce(sum(projects), 0) as projects,
  count(c.user_id) as checkedIn
from member_weeks w left join checkins c on c.guild_id = w.guild_id and c.user_id = w.user_id and c.week_start = w.week_start
where w.guild_id = ${guildId} and w.week_start = ${from}`,
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
            sql`select w.user_id as userId, w.build_minutes as buildMinutes, w.projects,
  iif(t.current_until > ${now.getTime()}, t.last_run, 0) as streak,
  exists (select 1 from checkins c where c.guild_id = w.guild_id and c.user_id = w.user_id and c.week_start = w.week_start) as checkedIn
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
    const ever =
      (
        await rawGet<{ n: number }>(
          tx,
          sql`select count(*) as n from member_totals where guild_id = ${guildId}`,
        )
      )?.n ?? 0;
    const recent =
      (
        await rawGet<{ n: number }>(
          tx,
          sql`select count(*) as n from member_totals
where guild_id = ${guildId} and last_day between ${quietFrom} and ${postLocalDate}`,
        )
      )?.n ?? 0;
    // Members whose latest day is after the post day (ahead of the guild's zone): few, checked one by one.
    let ahead = 0;
    for (const m of await rawAll<{ userId: string; lastDay: LocalDate }>(
      tx,
      sql`select user_id as userId, last_day as lastDay from member_totals
where guild_id = ${guildId} and last_day > ${postLocalDate}`,
    )) {
      if (await lines.hoursBetween(tx, guildId, m, quietFrom, postLocalDate)) ahead++;
    }
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
