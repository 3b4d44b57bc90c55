import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import { defineCommand } from "../src/discord/command";
import { requireModerator } from "../src/discord/moderator";
import { replyEphemeral } from "../src/discord/reply";
import { formatEntryLine, MAX_REMOVE_REASON, recentEntries, removeEntry } from "../src/moderation/entries";

export default defineCommand({
  definition: {
    name: "mod",
    description: "Moderators: review and remove entries",
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "entries",
        description: "A member's recent entries with their ids",
        options: [
          {
            type: ApplicationCommandOptionType.User,
            name: "member",
            description: "Whose entries",
            required: true,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "remove",
        description: "Remove an entry (kept as removed, with who and why)",
        options: [
          {
            type: ApplicationCommandOptionType.Integer,
            name: "id",
            description: "The number after # in /mod entries",
            required: true,
            min_value: 1,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: "reason",
            description: "Why (the member can see it)",
            required: true,
            max_length: MAX_REMOVE_REASON,
          },
        ],
      },
    ],
  },

  async execute(interaction, { db, clock, caller }) {
    requireModerator(interaction, db);
    if (interaction.options.getSubcommand() === "entries") {
      const user = interaction.options.getUser("member", true);
      const rows = recentEntries(db, caller.guildId, user.id);
      const body =
        rows.length === 0
          ? `<@${user.id}> has no entries in this server.`
          : `Recent entries of <@${user.id}> (newest first):\n${rows.map(formatEntryLine).join("\n")}`;
      await replyEphemeral(interaction, body.slice(0, 2000));
      return;
    }
    const removed = removeEntry(
      db,
      caller.guildId,
      {
        id: interaction.options.getInteger("id", true),
        reason: interaction.options.getString("reason", true),
      },
      caller.userId,
      clock.now(),
    );
    await replyEphemeral(
      interaction,
      `Removed ${formatEntryLine({ ...removed, removedAt: null })} of <@${removed.userId}>. It no longer counts anywhere.`,
    );
  },
});
