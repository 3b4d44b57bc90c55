import { timeZoneChoices } from "../../src/discord/choices";
import { option } from "../../src/discord/options";
import { replyEphemeral } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { setGuildTimeZone } from "../../src/guilds/config";
import { rescheduleDailyReminders } from "../../src/reminders/settings";

export default defineSubcommand({
  name: "timezone",
  description: "The server's time zone for posts and weeks",
  options: [
    option.string("name", "IANA name such as Europe/Berlin", {
      required: true,
      autocomplete: true,
      max_length: 64,
    }),
  ],

  async execute(interaction, { name }, { db, clock, caller }) {
    const s = await setGuildTimeZone(db, caller.guildId, name, clock.now());
    await rescheduleDailyReminders(db, caller.guildId, null, clock.now());
    await replyEphemeral(
      interaction,
      `Time zone set to **${s.timezone}**. Scheduled posts and weeks now follow it.`,
    );
  },

  autocomplete: (focused) => timeZoneChoices(focused.value),
});
