/**
 * A cohort's own posts (SPEC §3.11): its weekly check-in ("Week 3 of 12") and
 * its final report. Both are scoped to the cohort's members and always fit
 * Discord's message limits, cutting long lists with "…and N more".
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { QUIET_DAYS } from "../checkins/weekly";
import type { Db } from "../db/client";
import { cohortMembers, entries, members } from "../db/tables";
import { transaction } from "../db/tx";
import { NAME_LIMIT } from "../leaderboards/format";
import { leaderboard } from "../leaderboards/leaderboard";
import { stampRange } from "../leaderboards/periods";
import { buildShare } from "../logs/stats";
import { type EmbedPost, layoutPost, type PostEmbed } from "../text/embeds";
import { memberName, userText } from "../text/escape";
import { CHECKIN_INVITATION, dayStamp, formatHours, plural } from "../text/format";
import { bareLink } from "../text/links";
import { addDays, daysBetween, type LocalDate } from "../time/dates";
import { cohortProgress, cohortWeek, cohortWeekStart, cohortWindow } from "./calendar";
import { type Cohort, cohortName } from "./cohort";
import { byName, checkinWeeks, cohortMemberTotals } from "./data";
import { cohortMemberIds, guildDay } from "./queries";

/**
 * The post's heading, with one week number said plainly: the week it wraps up
 * and the one starting ("Week 1 wrap-up · Week 2 starts now"), or the start day.
 */
export function checkinTitle(c: Cohort, postLocalDate: LocalDate, done: number): string {
  const name = cohortName(c.name);
  const week = cohortWeek(c, postLocalDate);
  if (week === null && postLocalDate < c.startDate) return `${name} — starts ${dayStamp(c.startDate)}`;
  const parts = [
    ...(done > 0 ? [`Week ${done} wrap-up`] : []),
    ...(week !== null && week > done ? [`Week ${week} starts now`] : []),
  ];
  return `${name} — ${parts.join(" · ") || `Week ${c.weeks} wrap-up`}`;
}

/**
 * Each member's current streak on their own local today, from the guild
 * leaderboard's streak metric restricted to the cohort (one grouped query).
 */
async function memberStreaks(
  db: Db,
  c: Cohort,
  userIds: readonly string[],
  now: Date,
): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const board = await leaderboard(db, {
    guildId: c.guildId,
    metric: "streak",
    period: { from: null, to: null, label: "" },
    now,
    userIds,
    limit: userIds.length,
  });
  return new Map(board.top.map((s) => [s.userId, s.score]));
}

/**
 * The cohort's weekly check-in for a post made on `postLocalDate` (the guild's
 * local date), titled with the week it opens: the last complete cohort week's
 * hours per member (build share, streak, whether they checked in for it),
 * members with no hours in the last 7 days by name, and the invitation to
 * /checkin. In week 1 there is no complete week yet, so it is a welcome.
 */
export async function cohortCheckinPost(
  db: Db,
  c: Cohort,
  postLocalDate: LocalDate,
  now: Date,
): Promise<EmbedPost> {
  // Complete cohort weeks before the post day: the most recent one is summarised.
  const done = Math.min(Math.max(Math.floor(daysBetween(c.startDate, postLocalDate) / 7), 0), c.weeks);
  const title = checkinTitle(c, postLocalDate, done);
  return transaction(db, async (tx) => {
    if (done === 0) {
      const count = (await cohortMemberIds(tx, c.id)).length;
      const { firstDay, lastDay } = cohortWindow(c);
      return layoutPost(
        title,
        [
          {
            title: postLocalDate < firstDay ? "Getting ready" : "Welcome",
            description: [
              `**${cohortName(c.name)}** runs ${plural(c.weeks, "week", "weeks")}, ${stampRange(firstDay, lastDay)}, with ${plural(count, "member", "members")}.`,
              "",
              CHECKIN_INVITATION,
            ].join("\n"),
          },
        ],
        [],
      );
    }

    const from = cohortWeekStart(c, done);
    const to = addDays(from, 6);
    const recent = { from: addDays(postLocalDate, -(QUIET_DAYS - 1)), to: postLocalDate };
    const totals = await cohortMemberTotals(tx, c, { from, to }, recent);
    const checked = await checkinWeeks(tx, c, done, done);
    const streak = await memberStreaks(
      tx,
      c,
      totals.map((m) => m.userId),
      now,
    );

    const lines = [...totals]
      .sort((a, b) => b.minutes - a.minutes || byName(a, b))
      .map((m) => {
        const share = buildShare(m);
        const parts = [formatHours(m.minutes), share === null ? "no hours" : `${share}% build`];
        parts.push(`streak ${streak.get(m.userId) ?? 0} d`);
        if (m.projects > 0) parts.push(`${plural(m.projects, "project", "projects")} shipped`);
        parts.push(`check-in ${checked.get(m.userId)?.has(done) ? "✅" : "—"}`);
        return `**${memberName(m.displayName)}** — ${parts.join(" · ")}`;
      });
    const quiet = totals
      .filter((m) => m.recentHours === 0)
      .sort(byName)
      .map((m) => `• **${memberName(m.displayName)}**`);

    const minutes = totals.reduce((n, m) => n + m.minutes, 0);
    const active = totals.filter((m) => m.minutes > 0 || m.projects > 0).length;
    const projects = totals.reduce((n, m) => n + m.projects, 0);
    const summary: PostEmbed = {
      title: "Wrap-up",
      description: [
        stampRange(from, to),
        `**Cohort totals:** ${formatHours(minutes)} logged · ${active} of ${plural(totals.length, "member", "members")} active · ${plural(projects, "project", "projects")} shipped`,
        "",
        CHECKIN_INVITATION,
      ].join("\n"),
    };
    return layoutPost(
      title,
      [summary],
      [
        { title: "Members", lines: lines.length > 0 ? lines : ["Nobody is in this cohort yet."] },
        { title: `No hours in the last ${QUIET_DAYS} days`, lines: quiet },
      ],
    );
  });
}

/**
 * The report posted once when a cohort ends: total hours and build share, hours
 * per member, the projects shipped during the run with their URLs, and the
 * members who checked in every week of it. `now` places "today" for a cohort
 * ended early (the run then stops at the day it was ended).
 */
export async function cohortFinalReport(db: Db, c: Cohort, now: Date): Promise<EmbedPost> {
  const { today, timeZone } = await guildDay(db, c.guildId, now);
  const { from, to, throughWeek } = cohortProgress(c, today, timeZone);
  const { lastDay } = cohortWindow(c);
  const name = cohortName(c.name);
  const title = `${name} — final report`;

  return transaction(db, async (tx) => {
    const totals = await cohortMemberTotals(tx, c, { from, to }, { from, to });
    const checked = await checkinWeeks(tx, c, 1, throughWeek);
    const shipped =
      to < from
        ? []
        : await tx
            .select({
              displayName: sql<string>`coalesce(${members.displayName}, ${entries.userId})`,
              name: sql<string>`${entries.name}`,
              url: sql<string>`${entries.url}`,
            })
            .from(entries)
            .innerJoin(
              cohortMembers,
              and(eq(cohortMembers.cohortId, c.id), eq(cohortMembers.userId, entries.userId)),
            )
            .leftJoin(members, and(eq(members.guildId, entries.guildId), eq(members.userId, entries.userId)))
            .where(
              and(
                eq(entries.guildId, c.guildId),
                eq(entries.type, "project"),
                isNull(entries.removedAt),
                sql`${entries.localDate} between ${from} and ${to}`,
              ),
            )
            .orderBy(asc(entries.localDate), asc(entries.createdAt), asc(entries.id));

    const minutes = totals.reduce((n, m) => n + m.minutes, 0);
    const buildMinutes = totals.reduce((n, m) => n + m.buildMinutes, 0);
    const share = buildShare({ minutes, buildMinutes });
    const active = totals.filter((m) => m.minutes > 0).length;
    const ran =
      to < from
        ? `It ended before its start day (${dayStamp(from)}).`
        : to >= lastDay
          ? `Ran ${plural(c.weeks, "week", "weeks")}, ${stampRange(from, to)}.`
          : c.endedAt !== null
            ? `Ran ${stampRange(from, to)}: ended early, in week ${throughWeek} of ${c.weeks}.`
            : `So far: ${stampRange(from, to)}.`;
    const hourLines = [...totals]
      .sort((a, b) => b.minutes - a.minutes || byName(a, b))
      .filter((m) => m.minutes > 0 || m.projects > 0)
      .map((m, i) => {
        const s = buildShare(m);
        const projects = m.projects > 0 ? ` · ${plural(m.projects, "project", "projects")}` : "";
        return `${i + 1}. **${memberName(m.displayName)}** — ${formatHours(m.minutes)}${s === null ? "" : ` (${s}% build)`}${projects}`;
      });
    const projectLines = shipped.map(
      (p) =>
        `• **${userText(p.name, NAME_LIMIT, { oneLine: true })}** by **${memberName(p.displayName)}** — ${bareLink(p.url)}`,
    );
    const faithful =
      throughWeek === 0
        ? []
        : totals
            .filter((m) => (checked.get(m.userId)?.size ?? 0) >= throughWeek)
            .sort(byName)
            .map((m) => `• **${memberName(m.displayName)}**`);
    // What the group achieved comes first; the check-in line only when someone earned it.
    const summary: PostEmbed = {
      title: "What the group achieved",
      description: [
        `**${formatHours(minutes)}** logged by ${active} of ${plural(totals.length, "member", "members")}${share === null ? "" : ` · ${share}% build`} · **${plural(shipped.length, "project", "projects")}** shipped`,
        ...(faithful.length > 0
          ? [`${plural(faithful.length, "member", "members")} checked in every week`]
          : []),
        ran,
        "",
        "Thank you all for showing up. Keep logging — the habit outlasts the cohort.",
      ].join("\n"),
    };

    return layoutPost(
      title,
      [summary],
      [
        { title: "Shipped during the run", lines: projectLines },
        {
          title: "Hours by member",
          lines: hourLines.length > 0 ? hourLines : ["Nobody logged hours during the run."],
        },
        { title: `Checked in every week (${plural(throughWeek, "week", "weeks")})`, lines: faithful },
      ],
    );
  });
}
