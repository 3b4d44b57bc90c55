import { ButtonStyle, ComponentType } from "discord.js";
import { defineCommand, onButton, sealOf } from "../src/discord/command";
import { customId, int, snowflake } from "../src/discord/custom-id";
import { option } from "../src/discord/options";
import { NO_MENTIONS, replyEphemeral } from "../src/discord/reply";
import {
  checkDeleteClaim,
  DELETE_TOKEN_TTL_MS,
  deleteClaim,
  deleteMemberData,
  describeDeletion,
  EXPIRED_MESSAGE,
  notOwnerMessage,
} from "../src/privacy/delete";
import { exportFilename, exportJson, exportMemberData } from "../src/privacy/export";

/**
 * `privacy:delete:<userId>:<expiresAtMs>:<mac>`: signed, so the member, the expiry
 * and the guild cannot be changed (issue 9, defect 8).
 */
const confirmDelete = customId(
  "privacy:delete",
  { userId: snowflake, expiresAt: int() },
  {
    invalid: "This confirmation button is not valid — run /privacy delete again.",
    signed: {
      owner: "userId",
      expiresAt: "expiresAt",
      notOwner: notOwnerMessage,
      expired: EXPIRED_MESSAGE,
    },
  },
);

export default defineCommand({
  name: "privacy",
  description: "Take your data with you, or erase it",
  options: [
    option.subcommand("export", "Your data in this server as a JSON file"),
    option.subcommand("delete", "Erase your data in this server (asks to confirm)"),
  ],

  async execute(interaction, args, ctx) {
    const { db, clock, caller } = ctx;
    const now = clock.now();
    switch (args.subcommand) {
      case "export": {
        const data = await exportMemberData(db, caller.guildId, caller.userId, now);
        return replyEphemeral(interaction, {
          content: "Here is everything shiplog stores about you in this server.",
          files: [{ attachment: Buffer.from(exportJson(data), "utf8"), name: exportFilename(caller.userId) }],
        });
      }
      case "delete": {
        const minutes = Math.round(DELETE_TOKEN_TTL_MS / 60_000);
        return replyEphemeral(interaction, {
          content: `This erases your stack, hours, projects, check-ins and cohort memberships in this server, for good. Press the button within ${minutes} minutes to confirm (/privacy export first if you want a copy).`,
          components: [
            {
              type: ComponentType.ActionRow,
              components: [
                {
                  type: ComponentType.Button,
                  style: ButtonStyle.Danger,
                  label: "Erase my data",
                  custom_id: confirmDelete.encode(deleteClaim(caller.userId, now), sealOf(ctx)),
                },
              ],
            },
          ],
        });
      }
    }
  },

  components: [
    onButton(confirmDelete, async (interaction, claim, { db, clock, caller }) => {
      const { userId } = checkDeleteClaim(claim, caller.userId, clock.now());
      const counts = await deleteMemberData(db, caller.guildId, userId);
      await interaction.update({
        content: describeDeletion(counts),
        components: [],
        allowedMentions: NO_MENTIONS,
      });
    }),
  ],
});
