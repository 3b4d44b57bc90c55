import { type APIButtonComponent, ButtonStyle } from "discord.js";
import { cohortPeriod } from "../src/cohorts/calendar";
import { cohortMemberIds, findCohort, findCohortById, guildDay } from "../src/cohorts/queries";
import type { Db } from "../src/db/client";
import { button, buttonRows } from "../src/discord/buttons";
import { cohortChoices } from "../src/discord/choices";
import { defineCommand, onButton } from "../src/discord/command";
import { customId, int, oneOf, snowflake } from "../src/discord/custom-id";
import { choicesOf, option } from "../src/discord/options";
import { NO_MENTIONS, type ReplyBody, replyEphemeral, replyPublic } from "../src/discord/reply";
import { UserError } from "../src/errors";
import { formatLeaderboard } from "../src/leaderboards/format";
import { DEFAULT_LIMIT, leaderboard, METRICS, type Metric } from "../src/leaderboards/leaderboard";
import { currentPeriod, PERIOD_NAMES, type PeriodName } from "../src/leaderboards/periods";
import type { MemberRef } from "../src/members/members";
import { BRAND_COLOUR } from "../src/text/embeds";

const TITLES: Record<Metric, string> = {
  hours: "Leaderboard — hours",
  build: "Leaderboard — build hours",
  streak: "Leaderboard — streaks",
  projects: "Leaderboard — projects shipped",
};

const MAX_PAGE = 999;

/**
 * A leaderboard view in a custom id (SPEC §3.14): whose it is, what it ranks and
 * which page; `press` keeps the buttons' ids distinct. Cohort 0 is the guild.
 */
const viewId = customId("leaderboard:view", {
  guild: snowflake,
  owner: snowflake,
  metric: oneOf(...METRICS),
  period: oneOf(...PERIOD_NAMES),
  cohort: int(0),
  page: int(0, MAX_PAGE),
  press: oneOf(...PERIOD_NAMES, "previous", "next"),
});

interface View {
  metric: Metric;
  period: PeriodName;
  /** 0 = the whole guild */
  cohort: number;
  page: number;
}

/** One page of ten, for `viewer`, with period buttons (guild boards) and previous/next. */
async function render(db: Db, viewer: MemberRef, view: View, now: Date): Promise<ReplyBody> {
  const cohort = view.cohort === 0 ? null : await findCohortById(db, viewer.guildId, view.cohort);
  if (view.cohort !== 0 && !cohort) throw new UserError("That cohort no longer exists.");
  const day = await guildDay(db, viewer.guildId, now);
  const board = async (offset: number) =>
    leaderboard(db, {
      guildId: viewer.guildId,
      metric: view.metric,
      period: cohort
        ? cohortPeriod(cohort, day.today, day.timeZone)
        : await currentPeriod(db, viewer.guildId, view.period, now),
      now,
      callerId: viewer.userId,
      offset,
      ...(cohort ? { userIds: await cohortMemberIds(db, cohort.id) } : {}),
    });
  let lb = await board(view.page * DEFAULT_LIMIT);
  const pages = Math.max(1, Math.ceil(lb.participants / DEFAULT_LIMIT));
  const page = Math.min(view.page, pages - 1);
  if (page !== view.page) lb = await board(page * DEFAULT_LIMIT);
  const text = formatLeaderboard(lb, {
    title: cohort ? `${TITLES[view.metric]} · ${cohort.name}` : TITLES[view.metric],
  });
  const ids = { guild: viewer.guildId, owner: viewer.userId, metric: view.metric, cohort: view.cohort };
  const go = (label: string, press: View["period"] | "previous" | "next", to: Partial<View>, on: boolean) => {
    const next = { ...ids, period: view.period, page, ...to, press };
    const b: APIButtonComponent = button(label, viewId.encode(next), ButtonStyle.Secondary);
    return on ? b : { ...b, disabled: true };
  };
  const periods = cohort
    ? []
    : PERIOD_NAMES.map((p) =>
        go(p === "all" ? "All time" : `This ${p}`, p, { period: p, page: 0 }, p !== view.period),
      );
  const paging =
    pages > 1
      ? [
          go("◀ Previous", "previous", { page: Math.max(0, page - 1) }, page > 0),
          go("Next ▶", "next", { page: Math.min(pages - 1, page + 1) }, page < pages - 1),
        ]
      : [];
  return {
    embeds: [
      {
        title: text.title,
        description: text.description,
        color: BRAND_COLOUR,
        ...(pages > 1 ? { footer: { text: `Page ${page + 1} of ${pages}` } } : {}),
      },
    ],
    components: buttonRows([...periods, ...paging]),
  };
}

export default defineCommand({
  name: "leaderboard",
  description: "Top members by hours, build hours, streak or projects",
  options: [
    option.string("period", "week (default), month or all", {
      choices: choicesOf(PERIOD_NAMES),
    }),
    option.string("metric", "hours (default), build, streak or projects", {
      choices: choicesOf(METRICS),
    }),
    option.string("cohort", "Rank a cohort's members over its whole run", {
      autocomplete: true,
      max_length: 60,
    }),
  ],

  async execute(interaction, args, { db, clock, caller }) {
    const { period = "week", metric = "hours" } = args;
    // Discord enforces the choices; a forged interaction still gets a clear answer.
    if (!PERIOD_NAMES.includes(period)) throw new UserError("Period must be week, month or all.");
    if (!METRICS.includes(metric)) throw new UserError("Metric must be hours, build, streak or projects.");
    const cohort = args.cohort === undefined ? null : await findCohort(db, caller.guildId, args.cohort);
    const view = { metric, period, cohort: cohort?.id ?? 0, page: 0 };
    await replyPublic(interaction, await render(db, caller, view, clock.now()));
  },

  autocomplete: cohortChoices,

  /**
   * Period and page buttons: the member who ran it gets the message updated;
   * anyone else gets their own view, ephemerally, with their own rank in it.
   */
  components: [
    onButton(viewId, async (interaction, { owner, ...view }, { db, clock, caller }) => {
      const body = await render(db, caller, view, clock.now());
      if (owner === caller.userId) await interaction.update({ ...body, allowedMentions: NO_MENTIONS });
      else await replyEphemeral(interaction, body);
    }),
  ],
});
