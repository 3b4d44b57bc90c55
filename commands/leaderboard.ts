import { ApplicationCommandOptionType, ApplicationIntegrationType, InteractionContextType } from "discord.js";
import { defineCommand } from "../src/discord/command";
import { BRAND_COLOUR, replyPublic } from "../src/discord/reply";
import { UserError } from "../src/errors";
import { formatLeaderboard } from "../src/leaderboards/format";
import {
  currentPeriod,
  leaderboard,
  METRICS,
  type Metric,
  PERIOD_NAMES,
  type PeriodName,
} from "../src/leaderboards/leaderboard";

const TITLES: Record<Metric, string> = {
  hours: "Leaderboard — hours",
  build: "Leaderboard — build hours",
  streak: "Leaderboard — streaks",
  projects: "Leaderboard — projects shipped",
};

export default defineCommand({
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
    ],
  },

  async execute(interaction, { db, clock, caller }) {
    const period = (interaction.options.getString("period") ?? "week") as PeriodName;
    const metric = (interaction.options.getString("metric") ?? "hours") as Metric;
    if (!PERIOD_NAMES.includes(period)) throw new UserError("Period must be week, month or all.");
    if (!METRICS.includes(metric)) throw new UserError("Metric must be hours, build, streak or projects.");
    const now = clock.now();
    const lb = leaderboard(db, {
      guildId: caller.guildId,
      metric,
      period: currentPeriod(db, caller.guildId, period, now),
      now,
      callerId: caller.userId,
    });
    const text = formatLeaderboard(lb, { title: TITLES[metric] });
    await replyPublic(interaction, {
      embeds: [{ title: text.title, description: text.description, color: BRAND_COLOUR }],
    });
  },
});
