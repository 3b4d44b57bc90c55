import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ButtonStyle,
  ComponentType,
  InteractionContextType,
} from "discord.js";
import { defineCommand } from "../src/discord/command";
import { NO_MENTIONS, replyEphemeral } from "../src/discord/reply";
import {
  checkDeleteToken,
  DELETE_TOKEN_TTL_MS,
  deleteMemberData,
  deleteToken,
  describeDeletion,
} from "../src/privacy/delete";
import { exportFilename, exportJson, exportMemberData } from "../src/privacy/export";

export default defineCommand({
  definition: {
    name: "privacy",
    description: "Take your data with you, or erase it",
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "export",
        description: "Your data in this server as a JSON file",
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "delete",
        description: "Erase your data in this server (asks to confirm)",
      },
    ],
  },

  async execute(interaction, { db, clock, caller }) {
    const now = clock.now();
    if (interaction.options.getSubcommand() === "export") {
      const data = exportMemberData(db, caller.guildId, caller.userId, now);
      await replyEphemeral(interaction, {
        content: "Here is everything shiplog stores about you in this server.",
        files: [{ attachment: Buffer.from(exportJson(data), "utf8"), name: exportFilename(caller.userId) }],
      });
      return;
    }
    const minutes = Math.round(DELETE_TOKEN_TTL_MS / 60_000);
    await replyEphemeral(interaction, {
      content: `This erases your stack, hours, projects, check-ins and cohort memberships in this server, for good. Press the button within ${minutes} minutes to confirm (/privacy export first if you want a copy).`,
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.Button,
              style: ButtonStyle.Danger,
              label: "Erase my data",
              custom_id: `privacy:${deleteToken(caller.userId, now)}`,
            },
          ],
        },
      ],
    });
  },

  async button(interaction, { db, clock, caller }) {
    const token = interaction.customId.slice("privacy:".length);
    const { userId } = checkDeleteToken(token, caller.userId, clock.now());
    const counts = deleteMemberData(db, caller.guildId, userId);
    await interaction.update({
      content: describeDeletion(counts),
      components: [],
      allowedMentions: NO_MENTIONS,
    });
  },
});
