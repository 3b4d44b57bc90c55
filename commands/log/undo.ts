import { replyPublic } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { undoLast } from "../../src/logs/undo";
import { userText } from "../../src/text/escape";
import { formatHours } from "../../src/text/format";
import { bareLink } from "../../src/text/links";

export default defineSubcommand({
  name: "undo",
  description: "Remove your latest hours or project entry from the last 24 hours",

  async execute(interaction, _args, { db, clock, caller }) {
    const e = undoLast(db, caller.guildId, caller.userId, clock.now());
    const what =
      e.type === "hours"
        ? `${formatHours(e.minutes)} of ${e.kind}${e.topic ? ` on ${e.topic}` : ""} for ${e.localDate}`
        : `project **${userText(e.name, 100)}** (${bareLink(e.url)})`;
    await replyPublic(interaction, {
      content: `↩️ <@${caller.userId}> removed their entry #${e.id}: ${what}.`,
    });
  },
});
