import { defineCommand } from "../src/discord/command";
import { choicesOf, option } from "../src/discord/options";
import { replyEphemeral } from "../src/discord/reply";
import {
  type ReminderSettings,
  reminderSettings,
  setCheckinReminder,
  setDailyReminder,
} from "../src/reminders/settings";

function describe(s: ReminderSettings): string {
  const daily = s.daily
    ? `**Daily**: at ${s.daily} your time, if you have logged nothing that day.`
    : "**Daily**: off. Turn it on with `/remind daily time:20:00`.";
  const checkin = s.checkin
    ? "**Check-in**: on — a DM a day after the weekly check-in if you have not checked in."
    : "**Check-in**: off. Turn it on with `/remind checkin on`.";
  return [daily, checkin, ...s.offReasons.map((r) => `⚠️ ${r}`)].join("\n");
}

export default defineCommand({
  name: "remind",
  description: "Opt-in DM reminders to log and to check in",
  options: [
    option.subcommand("show", "Your reminder settings"),
    option.subcommand("daily", "A DM at a time of day if you have logged nothing that day", [
      option.string("time", "24-hour HH:MM in your time zone, e.g. 20:00 — or off", {
        required: true,
        max_length: 5,
      }),
    ]),
    option.subcommand(
      "checkin",
      "A DM when the weekly check-in has been out a day and you have not checked in",
      [option.string("state", "on or off", { required: true, choices: choicesOf(["on", "off"] as const) })],
    ),
  ],

  async execute(interaction, args, { db, clock, caller }) {
    const now = clock.now();
    switch (args.subcommand) {
      case "show":
        return replyEphemeral(
          interaction,
          describe(await reminderSettings(db, caller.guildId, caller.userId)),
        );
      case "daily": {
        const s = await setDailyReminder(db, caller, args.time, now);
        const head = s.daily
          ? `Done: I will DM you at ${s.daily} on days you have not logged.`
          : "Daily reminder off.";
        return replyEphemeral(interaction, `${head}\n${describe(s)}`);
      }
      case "checkin": {
        const s = await setCheckinReminder(db, caller, args.state === "on", now);
        return replyEphemeral(
          interaction,
          `${s.checkin ? "Check-in reminder on." : "Check-in reminder off."}\n${describe(s)}`,
        );
      }
    }
  },
});
