import { ApplicationCommandOptionType } from "discord.js";
import { hours, replyPublic, userText } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { undoLast } from "../../src/logs/undo";

export default defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "undo",
    description: "Remove your latest hours or project entry from the last 24 hours",
  },

  async execute(interaction, { db, clock, caller }) {
    const e = undoLast(db, caller.guildId, caller.userId, clock.now());
    const what =
      e.type === "hours"
        ? `${hours(e.minutes)} of ${e.kind}${e.topic ? ` on ${e.topic}` : ""} for ${e.localDate}`
        : `project **${userText(e.name, 100)}** (${e.url})`;
    await replyPublic(interaction, {
      content: `↩️ <@${caller.userId}> removed their entry #${e.id}: ${what}.`,
    });
  },
});
