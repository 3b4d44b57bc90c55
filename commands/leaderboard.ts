import { cohortPeriod } from "../src/cohorts/calendar";
import { cohortMemberIds, findCohort, guildDay } from "../src/cohorts/queries";
import { cohortChoices } from "../src/discord/choices";
import { defineCommand } from "../src/discord/command";
import { choicesOf, option } from "../src/discord/options";
import { replyPublic } from "../src/discord/reply";
import { UserError } from "../src/errors";
import { formatLeaderboard } from "../src/leaderboards/format";
import { leaderboard, METRICS, type Metric } from "../src/leaderboards/leaderboard";
import { currentPeriod, PERIOD_NAMES } from "../src/leaderboards/periods";
import { BRAND_COLOUR } from "../src/text/embeds";

const TITLES: Record<Metric, string> = {
  hours: "Leaderboard — hours",
  build: "Leaderboard — build hours",
  streak: "Leaderboard — streaks",
  projects: "Leaderboard — projects shipped",
};

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
    const now = clock.now();
    const cohort = args.cohort === undefined ? null : findCohort(db, caller.guildId, args.cohort);
    const day = guildDay(db, caller.guildId, now);
    const lb = leaderboard(db, {
      guildId: caller.guildId,
      metric,
      period: cohort
        ? cohortPeriod(cohort, day.today, day.timeZone)
        : currentPeriod(db, caller.guildId, period, now),
      now,
      callerId: caller.userId,
      ...(cohort ? { userIds: cohortMemberIds(db, cohort.id) } : {}),
    });
    const text = formatLeaderboard(lb, {
      title: cohort ? `${TITLES[metric]} · ${cohort.name}` : TITLES[metric],
    });
    await replyPublic(interaction, {
      embeds: [{ title: text.title, description: text.description, color: BRAND_COLOUR }],
    });
  },

  autocomplete: cohortChoices,
});
