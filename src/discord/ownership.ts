/**
 * Proof that a channel or role given as a command option belongs to the guild
 * the command runs in (issue 9, defect 2). A forged payload can name another
 * guild's channel or role in `resolved`, and discord.js then files it under the
 * calling guild's cache, so neither the cache nor the resolved object proves
 * anything. The answer comes from Discord's REST API instead: a channel knows
 * its guild, and a guild lists its roles. These are moderator commands, so the
 * extra request is cheap.
 */
import { DiscordjsErrorCodes, type Guild, type Role } from "discord.js";
import { UserError } from "../errors";

const isUnowned = (error: unknown) =>
  (error as { code?: unknown } | null)?.code === DiscordjsErrorCodes.GuildChannelUnowned;

/** Throws a UserError unless `channelId` is a channel of `guild`. */
export async function assertOwnChannel(guild: Guild, channelId: string): Promise<void> {
  try {
    await guild.channels.fetch(channelId, { force: true, cache: false });
  } catch (error) {
    if (isUnowned(error) || (error as { status?: unknown } | null)?.status === 404) {
      throw new UserError("That channel is not in this server — pick one of this server's channels.");
    }
    throw error;
  }
}

export type RolePurpose = "cohort" | "moderator";

/**
 * Throws a UserError unless `roleId` is a role of `guild` that can serve
 * `purpose`: never @everyone (its id is the guild's), and never a role an
 * integration manages (a bot's own role, a subscription role), which nobody
 * can hand out.
 */
export async function assertOwnRole(guild: Guild, roleId: string, purpose: RolePurpose): Promise<Role> {
  if (roleId === guild.id) {
    throw new UserError(
      purpose === "cohort"
        ? "@everyone can't be a cohort role — create a role for the cohort (Server Settings → Roles) and pick it."
        : "@everyone can't be the moderator role: every member would be a moderator. Pick a role only moderators have.",
    );
  }
  const role = (await guild.roles.fetch(undefined, { cache: false })).get(roleId);
  if (!role) throw new UserError("That role is not in this server — pick one of this server's roles.");
  if (role.managed) {
    throw new UserError(
      "That role is managed by an integration (a bot or a subscription), so it can't be given out — pick a role you created.",
    );
  }
  return role;
}
