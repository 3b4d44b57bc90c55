import { ChannelType } from "discord.js";
import { createCohort } from "../../src/cohorts/cohorts";
import { buttonRows, joinButton } from "../../src/discord/buttons";
import { option } from "../../src/discord/options";
import { assertOwnChannel, assertOwnRole } from "../../src/discord/ownership";
import { replyPublic } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { userText } from "../../src/text/escape";
import { dayStamp, plural } from "../../src/text/format";

export default defineSubcommand({
  name: "create",
  description: "Moderators: start a cohort",
  moderator: true,
  options: [
    option.string("name", "e.g. Spring backend", { required: true, max_length: 60 }),
    option.string("start", "First day, YYYY-MM-DD (server time zone)", { required: true, max_length: 10 }),
    option.integer("weeks", "1–52", { required: true, min_value: 1, max_value: 52 }),
    option.channel("channel", "Its own channel for weekly check-ins and the final report", {
      channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
    }),
    option.role("role", "A role members get while in it"),
    option.integer("capacity", "Most members (default: no limit)", { min_value: 1, max_value: 1000 }),
  ],

  async execute(interaction, args, { db, clock, caller }) {
    // Checked before anything is stored: a forged payload can name another guild's channel or role.
    if (args.channel) await assertOwnChannel(interaction.guild, args.channel.id);
    if (args.role) await assertOwnRole(interaction.guild, args.role.id, "cohort");
    const input = {
      name: args.name,
      start: args.start,
      weeks: args.weeks,
      channelId: args.channel?.id ?? null,
      roleId: args.role?.id ?? null,
      capacity: args.capacity ?? null,
    };
    const c = await createCohort(db, caller.guildId, input, caller.userId, clock.now());
    const where = c.channelId ? ` Weekly check-ins go to <#${c.channelId}>.` : "";
    await replyPublic(interaction, {
      content: `🎓 Cohort **${userText(c.name, 60)}** — ${plural(c.weeks, "week", "weeks")} from ${dayStamp(c.startDate)}.${where} Join with the button below or \`/cohort join name:${c.name}\`.`,
      components: buttonRows([joinButton(caller.guildId, c.id)]),
    });
  },
});
