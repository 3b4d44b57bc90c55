import type { GuildSettings } from "./settings";

/** What the Discord edge tells the domain about the caller's rights. */
export interface CallerRights {
  manageGuild: boolean;
  roleIds: readonly string[];
}

/**
 * A moderator has Manage Server or the guild's configured moderator role
 * (SPEC §1). Checked inside the bot on every moderator command, because a
 * server admin can change Discord's own command permissions.
 */
export function isModerator(rights: CallerRights, guild: Pick<GuildSettings, "modRoleId">): boolean {
  return rights.manageGuild || (guild.modRoleId !== null && rights.roleIds.includes(guild.modRoleId));
}
