import { Routes } from "discord.js";
import { replyPublic } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { ensureGuild } from "../../src/guilds/settings";
import { undoLast } from "../../src/logs/undo";
import { findMember, memberTimeZone } from "../../src/members/members";
import { takeAnnouncement } from "../../src/projects/announcements";
import { userText } from "../../src/text/escape";
import { dayWords, formatHours } from "../../src/text/format";
import { bareLink } from "../../src/text/links";
import { localDate } from "../../src/time/zones";

export default defineSubcommand({
  name: "undo",
  description: "Remove your latest hours or project entry from the last 24 hours",

  async execute(interaction, _args, { db, clock, caller, log }) {
    const now = clock.now();
    const e = await undoLast(db, caller.guildId, caller.userId, now);
    // An undone project takes its "shipped" announcement down with it (SPEC §3.2).
    const announced = e.type === "project" ? await takeAnnouncement(db, e.id) : undefined;
    const takenDown =
      announced &&
      (await interaction.client.rest
        .delete(Routes.channelMessage(announced.channelId, announced.messageId))
        .then(
          () => true,
          (error: unknown) => {
            // Already deleted by a moderator, or no right to: the entry is undone either way.
            log.warn("could not delete a shipped announcement", { guild: caller.guildId, error });
            return false;
          },
        ));
    // the day in words, in the member's own zone, as the /log reply named it
    const timeZone = memberTimeZone(
      await findMember(db, caller.guildId, caller.userId),
      await ensureGuild(db, caller.guildId, now),
    );
    const what =
      e.type === "hours"
        ? `${formatHours(e.minutes)} of ${e.kind}${e.topic ? ` on ${e.topic}` : ""} for ${dayWords(e.localDate, localDate(now, timeZone))}`
        : `project **${userText(e.name, 100)}** (${bareLink(e.url)})`;
    await replyPublic(interaction, {
      content: `↩️ <@${caller.userId}> removed their entry #${e.id}: ${what}.${takenDown ? " Its announcement was taken down too." : ""}`,
    });
  },
});
