import { endCohort } from "../../src/cohorts/cohorts";
import { cohortCsvSliced } from "../../src/cohorts/export";
import { findCohort, guildDay } from "../../src/cohorts/queries";
import { replyEphemeral, replyPublic } from "../../src/discord/reply";
import { applyRoleChanges, cohortRoleRemovals } from "../../src/discord/roles";
import { userText } from "../../src/text/escape";
import { plural } from "../../src/text/format";
import { namedCohortSubcommand } from "./shared";

export const end = namedCohortSubcommand({
  name: "end",
  description: "Moderators: end a cohort now",
  moderator: true,
  async execute(interaction, name, { db, clock, log, caller }) {
    const c = await endCohort(db, caller.guildId, name, caller.userId, clock.now());
    const where = c.channelId ? `<#${c.channelId}>` : "the check-in channel";
    const content = `🏁 **${userText(c.name, 60)}** has ended. The final report goes to ${where} shortly.`;
    const changes = await cohortRoleRemovals(db, c);
    const taking = c.roleId
      ? ` <@&${c.roleId}> goes back from its ${plural(changes.length, "member", "members")}.`
      : "";
    await replyPublic(interaction, { content: `${content}${taking}` });
    // The cohort's role goes back from every member (SPEC §3.18), after the reply: that can take a while.
    const deps = { rest: interaction.client.rest, db, log, guildId: caller.guildId, now: clock.now() };
    const warnings = await applyRoleChanges(deps, changes);
    if (warnings.length > 0) await replyEphemeral(interaction, warnings.join("\n"));
  },
});

export const exportCsv = namedCohortSubcommand({
  name: "export",
  description: "Moderators: CSV of every member's weeks",
  moderator: true,
  async execute(interaction, name, { db, clock, caller }) {
    const c = await findCohort(db, caller.guildId, name);
    const csv = await cohortCsvSliced(db, c, (await guildDay(db, caller.guildId, clock.now())).today);
    await replyEphemeral(interaction, {
      content: `**${userText(c.name, 60)}**: ${plural(csv.rows, "row", "rows")} (one per member per week).`,
      files: [{ attachment: Buffer.from(csv.csv, "utf8"), name: csv.filename }],
    });
  },
});
