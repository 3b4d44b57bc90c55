/** Values and builders for what tests and the demo send through the stand-in. */
import { ApplicationCommandOptionType, MessageFlags, PermissionFlagsBits } from "discord-api-types/v10";

const P = PermissionFlagsBits;
/** a plain member: View Channel | Send Messages | Use Application Commands */
export const MEMBER_PERMISSIONS = (P.ViewChannel | P.SendMessages | P.UseApplicationCommands).toString();
/** a plain member plus Manage Guild */
export const MANAGER_PERMISSIONS = (BigInt(MEMBER_PERMISSIONS) | P.ManageGuild).toString();
/** what the bot gets (app_permissions in interactions and its managed role) */
export const BOT_PERMISSIONS = (
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.CreatePublicThreads |
  P.ManageThreads |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.AddReactions |
  P.UseExternalEmojis |
  P.ManageRoles |
  P.UseApplicationCommands
).toString();

/** Option types as Discord sends them, and the ephemeral message flag, for payloads. */
export const STRING = ApplicationCommandOptionType.String;
export const INTEGER = ApplicationCommandOptionType.Integer;
export const BOOLEAN = ApplicationCommandOptionType.Boolean;
export const USER = ApplicationCommandOptionType.User;
export const CHANNEL = ApplicationCommandOptionType.Channel;
export const ROLE = ApplicationCommandOptionType.Role;
export const NUMBER = ApplicationCommandOptionType.Number;
export const EPHEMERAL = MessageFlags.Ephemeral;

/**
 * A subcommand option (type 1) with its options. Options are loose here on purpose (a test may send what
 * Discord would not): the stand-in checks their shape before it delivers them.
 */
export function sub(name: string, options: readonly unknown[] = []) {
  return { name, type: ApplicationCommandOptionType.Subcommand, options };
}

/** a leaf option, e.g. opt("hours", NUMBER, 2) */
export function opt(name: string, type: ApplicationCommandOptionType, value: unknown) {
  return { name, type, value };
}

const DISCORD_EPOCH = 1_420_070_400_000n;
let lastSnowflake = 0n;
/** increasing, realistic snowflakes (timestamp-based, 19 digits) */
export function snowflake(): string {
  const fromClock = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
  lastSnowflake = fromClock > lastSnowflake ? fromClock : lastSnowflake + 1n;
  return lastSnowflake.toString();
}
