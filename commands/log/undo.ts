import { replyPublic } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { ensureGuild } from "../../src/guilds/settings";
import { undoLast } from "../../src/logs/undo";
import { findMember, memberTimeZone } from "../../src/members/members";
import { userText } from "../../src/text/escape";
import { dayWords, formatHours } from "../../src/text/format";
import { bareLink } from "../../src/text/links";
import { localDate } from "../../src/time/zones";

export default defineSubcommand({
  name: "undo",
  description: "Remove your latest hours or project entry from the last 24 hours",

  async execute(interaction, _args, { db, clock, caller }) {
    const now = clock.now();
    const e = undoLast(db, caller.guildId, caller.userId, now);
    // the day in words, in the member's own zone, as the /log reply named it
    const timeZone = memberTimeZone(
      findMember(db, caller.guildId, caller.userId),
      ensureGuild(db, caller.guildId, now),
    );
    const what =
      e.type === "hours"
        ? `${formatHours(e.minutes)} of ${e.kind}${e.topic ? ` on ${e.topic}` : ""} for ${dayWords(e.localDate, localDate(now, timeZone))}`
        : `project **${userText(e.name, 100)}** (${bareLink(e.url)})`;
    await replyPublic(interaction, {
      content: `↩️ <@${caller.userId}> removed their entry #${e.id}: ${what}.`,
    });
  },
});
