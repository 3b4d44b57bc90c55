import { type ChatInputCommandInteraction, PermissionFlagsBits } from "discord.js";
import type { Db } from "../db/client";
import { UserError } from "../errors";
import { isModerator } from "../guilds/moderators";
import { findGuild } from "../guilds/settings";

/**
 * Refuses non-moderators inside the bot, whatever Discord's command permissions
 * say (a server admin can change those). Uses the permissions Discord sent with
 * this interaction, so no member fetch and no cache are needed.
 */
export function requireModerator(
  interaction: Pick<ChatInputCommandInteraction<"cached">, "guildId" | "memberPermissions" | "member">,
  db: Db,
): void {
  // Read only: refusing someone must not create the guild's settings row.
  const guild = findGuild(db, interaction.guildId) ?? { modRoleId: null };
  const rights = {
    manageGuild: interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild),
    roleIds: [...interaction.member.roles.cache.keys()],
  };
  if (!isModerator(rights, guild)) {
    throw new UserError(
      "Only moderators can do that: you need the Manage Server permission or this server's moderator role.",
    );
  }
}
