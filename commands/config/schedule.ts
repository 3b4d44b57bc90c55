import { choicesOf, option, postKindOption } from "../../src/discord/options";
import { replyEphemeral } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { setSchedule, WEEKDAYS } from "../../src/guilds/config";
import { POST_KIND_NAMES, POST_LABEL, requirePostKind, scheduleWords } from "../../src/guilds/post-kinds";
import { formatClockTime } from "../../src/time/zones";

export default defineSubcommand({
  name: "schedule",
  description: "When a post goes out (server time zone)",
  options: [
    postKindOption(POST_KIND_NAMES),
    option.string("time", "24-hour HH:MM, e.g. 09:00", { required: true, max_length: 5 }),
    option.string("weekday", "For weekly posts (the daily prompt ignores it)", {
      choices: choicesOf(WEEKDAYS),
    }),
  ],

  async execute(interaction, args, { db, clock, caller }) {
    const s = await setSchedule(db, caller.guildId, args, clock.now());
    const kind = requirePostKind(args.kind);
    const time = formatClockTime(
      kind === "prompt" ? s.promptTime : kind === "checkin" ? s.checkinTime : s.leaderboardTime,
    );
    const weekday = kind === "prompt" ? null : kind === "checkin" ? s.checkinWeekday : s.leaderboardWeekday;
    await replyEphemeral(
      interaction,
      `${POST_LABEL[kind]}: ${scheduleWords(weekday, time)} (${s.timezone}).`,
    );
  },
});
