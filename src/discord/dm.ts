/**
 * Reminder DMs through the REST API (SPEC §3.17): open the DM channel, post with
 * a nonce and `enforce_nonce` (a retried request yields the same message), and
 * answer "closed" when Discord says the member does not accept DMs (50007).
 */
import { ButtonStyle, type Client, ComponentType, DiscordAPIError, Routes } from "discord.js";
import type { DmSender, ReminderDm } from "../reminders/runner";
import { remindLogTime } from "./buttons";
import { NO_MENTIONS } from "./reply";

const DAYS = (n: number) => `${n} day${n === 1 ? "" : "s"}`;

export function reminderText(dm: ReminderDm, guildName: string): string {
  const where = `**${guildName}**`;
  const streak = dm.streak > 0 ? ` Your streak is **${DAYS(dm.streak)}** — keep it going.` : "";
  return dm.kind === "daily"
    ? `⏰ Nothing logged today in ${where} yet.${streak} Even 15 minutes counts.`
    : `📋 The weekly check-in in ${where} has been out for a day and you have not checked in: share this week's goals with /checkin.${streak}`;
}

export function discordDmSender(client: Client<true>): DmSender {
  return {
    async send(dm) {
      const guildName = client.guilds.cache.get(dm.guildId)?.name ?? "your study server";
      try {
        const channel = (await client.rest.post(Routes.userChannels(), {
          body: { recipient_id: dm.userId },
        })) as { id: string };
        await client.rest.post(Routes.channelMessages(channel.id), {
          body: {
            content: reminderText(dm, guildName),
            nonce: dm.nonce,
            enforce_nonce: true,
            allowed_mentions: { parse: NO_MENTIONS.parse },
            components: [
              {
                type: ComponentType.ActionRow,
                components: [
                  {
                    type: ComponentType.Button,
                    style: ButtonStyle.Primary,
                    label: "Log time",
                    custom_id: remindLogTime.encode({ guild: dm.guildId }),
                  },
                ],
              },
            ],
          },
        });
        return "sent";
      } catch (error) {
        if (error instanceof DiscordAPIError && error.code === 50007) return "closed";
        throw error;
      }
    },
  };
}
