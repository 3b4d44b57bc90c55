import { endCohort } from "../../src/cohorts/cohorts";
import { cohortCsv } from "../../src/cohorts/export";
import { findCohort, guildDay } from "../../src/cohorts/queries";
import { replyEphemeral, replyPublic } from "../../src/discord/reply";
import { userText } from "../../src/text/escape";
import { plural } from "../../src/text/format";
import { namedCohortSubcommand } from "./shared";

export const end = namedCohortSubcommand({
  name: "end",
  description: "Moderators: end a cohort now",
  moderator: true,
  async execute(interaction, name, { db, clock, caller }) {
    const c = endCohort(db, caller.guildId, name, caller.userId, clock.now());
    const where = c.channelId ? `<#${c.channelId}>` : "the check-in channel";
    await replyPublic(interaction, {
      content: `🏁 **${userText(c.name, 60)}** has ended. The final report goes to ${where} shortly.`,
    });
  },
});

export const exportCsv = namedCohortSubcommand({
  name: "export",
  description: "Moderators: CSV of every member's weeks",
  moderator: true,
  async execute(interaction, name, { db, clock, caller }) {
    const c = findCohort(db, caller.guildId, name);
    const csv = cohortCsv(db, c, guildDay(db, caller.guildId, clock.now()).today);
    await replyEphemeral(interaction, {
      content: `**${userText(c.name, 60)}**: ${plural(csv.rows, "row", "rows")} (one per member per week).`,
      files: [{ attachment: Buffer.from(csv.csv, "utf8"), name: csv.filename }],
    });
  },
});
