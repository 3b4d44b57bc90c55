import { ApplicationCommandOptionType } from "discord.js";
import { topicChoices } from "../../src/discord/choices";
import { hours, replyPublic, userText } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { logHours, MAX_HOURS, MAX_NOTE, MIN_HOURS } from "../../src/logs/hours";
import { buildShare } from "../../src/logs/stats";

export default defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "hours",
    description: "Log learning or building time",
    options: [
      {
        type: ApplicationCommandOptionType.Number,
        name: "hours",
        description: `Hours spent (${MIN_HOURS}–${MAX_HOURS})`,
        required: true,
        min_value: MIN_HOURS,
        max_value: MAX_HOURS,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "kind",
        description: "learn = courses, docs, tutorials; build = your own code",
        required: true,
        choices: [
          { name: "build", value: "build" },
          { name: "learn", value: "learn" },
        ],
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "topic",
        description: "Roadmap topic",
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "note",
        description: "What you did",
        max_length: MAX_NOTE,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "date",
        description: "today (default), yesterday, or YYYY-MM-DD up to 7 days back",
        max_length: 32,
      },
    ],
  },

  async execute(interaction, { db, clock, caller }) {
    const o = interaction.options;
    const result = logHours(
      db,
      caller,
      interaction.id,
      {
        hours: o.getNumber("hours", true),
        kind: o.getString("kind", true) as "learn" | "build",
        topic: (o.getString("topic") ?? undefined) as never,
        note: o.getString("note") ?? undefined,
        date: o.getString("date") ?? undefined,
      },
      clock.now(),
    );
    const e = result.entry;
    const share = buildShare(result.week);
    const topic = e.topic ? ` on **${e.topic}**` : "";
    const note = e.note ? `\n> ${userText(e.note, 500).replace(/\n/g, "\n> ")}` : "";
    const target = result.buildTargetPercent;
    const shareLine =
      share === null ? "" : ` · build share **${share}%** (target ${target}%${share >= target ? " ✓" : ""})`;
    await replyPublic(interaction, {
      content:
        `📝 <@${caller.userId}> logged **${hours(e.minutes)}** of ${e.kind}${topic} for ${e.localDate}.${note}\n` +
        `This week: **${hours(result.week.minutes)}**${shareLine} · streak **${result.streak}** day${result.streak === 1 ? "" : "s"}`,
    });
  },

  async autocomplete(interaction) {
    await interaction.respond(topicChoices(interaction.options.getFocused()));
  },
});
