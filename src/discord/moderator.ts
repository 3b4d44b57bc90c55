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
type Caller = Pick<ChatInputCommandInteraction<"cached">, "guildId" | "memberPermissions" | "member">;

/** Whether the caller is a moderator (SPEC §1), read only: asking must not create the guild's row. */
export async function callerIsModerator(interaction: Caller, db: Db): Promise<boolean> {
  const guild = (await findGuild(db, interaction.guildId)) ?? { modRoleId: null };
  const rights = {
    manageGuild: interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild),
    roleIds: [...interaction.member.roles.cache.keys()],
  };
  return isModerator(rights, guild);
}

export async function requireModerator(interaction: Caller, db: Db): Promise<void> {
  if (!(await callerIsModerator(interaction, db))) {
    throw new UserError(
      "Only moderators can do that: you need the Manage Server permission or this server's moderator role.",
    );
  }
}
