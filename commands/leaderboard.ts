import { ApplicationCommandOptionType, ApplicationIntegrationType, InteractionContextType } from "discord.js";
import { cohortPeriod } from "../src/cohorts/calendar";
import { cohortMemberIds, findCohort, guildDay, searchCohorts } from "../src/cohorts/queries";
import { defineCommand } from "../src/discord/command";
import { replyPublic } from "../src/discord/reply";
import { UserError } from "../src/errors";
import { formatLeaderboard } from "../src/leaderboards/format";
import { leaderboard, METRICS, type Metric } from "../src/leaderboards/leaderboard";
import { currentPeriod, PERIOD_NAMES, type PeriodName } from "../src/leaderboards/periods";
import { BRAND_COLOUR } from "../src/text/embeds";

const TITLES: Record<Metric, string> = {
  hours: "Leaderboard — hours",
  build: "Leaderboard — build hours",
  streak: "Leaderboard — streaks",
  projects: "Leaderboard — projects shipped",
};

export default defineCommand({
  async autocomplete(interaction, { db, caller }) {
    const names = searchCohorts(db, caller.guildId, interaction.options.getFocused());
    await interaction.respond(names.map((n) => ({ name: n, value: n })));
  },
  definition: {
    name: "leaderboard",
    description: "Top members by hours, build hours, streak or projects",
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "period",
        description: "week (default), month or all",
        choices: PERIOD_NAMES.map((p) => ({ name: p, value: p })),
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "metric",
        description: "hours (default), build, streak or projects",
        choices: METRICS.map((m) => ({ name: m, value: m })),
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "cohort",
        description: "Rank a cohort's members over its whole run",
        autocomplete: true,
        max_length: 60,
      },
    ],
  },

  async execute(interaction, { db, clock, caller }) {
    const period = (interaction.options.getString("period") ?? "week") as PeriodName;
    const metric = (interaction.options.getString("metric") ?? "hours") as Metric;
    if (!PERIOD_NAMES.includes(period)) throw new UserError("Period must be week, month or all.");
    if (!METRICS.includes(metric)) throw new UserError("Metric must be hours, build, streak or projects.");
    const now = clock.now();
    const cohortName = interaction.options.getString("cohort");
    const cohort = cohortName === null ? null : findCohort(db, caller.guildId, cohortName);
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
});
