import { timeZoneChoices } from "../src/discord/choices";
import { defineCommand } from "../src/discord/command";
import { option } from "../src/discord/options";
import { replyEphemeral } from "../src/discord/reply";
import { memberTimeZoneChoice, setMemberTimeZone } from "../src/members/timezone";
import { rescheduleDailyReminders } from "../src/reminders/settings";

export default defineCommand({
  name: "timezone",
  description: "Show or set the time zone your days, streaks and weeks follow",
  options: [
    option.string("name", "IANA name such as Europe/Berlin, or `server` for the server's", {
      autocomplete: true,
      max_length: 64,
    }),
  ],

  async execute(interaction, { name }, { db, clock, caller }) {
    const now = clock.now();
    const choice =
      name === undefined
        ? await memberTimeZoneChoice(db, caller, now)
        : await setMemberTimeZone(db, caller, name, now);
    if (name !== undefined) await rescheduleDailyReminders(db, caller.guildId, caller.userId, now);
    const source = choice.fromServer ? " (the server's)" : "";
    await replyEphemeral(
      interaction,
      name === undefined
        ? `Your days follow **${choice.effective}**${source}. Set your own with /timezone name:Europe/Berlin.`
        : `Done: your days, streaks and weeks now follow **${choice.effective}**${source}.`,
    );
  },

  autocomplete: (focused) => timeZoneChoices(focused.value, ["server"]),
});
