import { choicesOf, option } from "../../src/discord/options";
import { replyEphemeral } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { setSchedule, WEEKDAYS } from "../../src/guilds/config";
import { formatClockTime } from "../../src/time/zones";
import { POST_LABEL } from "./show";

const POSTS = ["prompt", "checkin", "leaderboard"] as const;

export default defineSubcommand({
  name: "schedule",
  description: "When a post goes out (server time zone)",
  options: [
    option.string("kind", "Which post", { required: true, choices: choicesOf(POSTS) }),
    option.string("time", "24-hour HH:MM, e.g. 09:00", { required: true, max_length: 5 }),
    option.string("weekday", "For weekly posts (the daily prompt ignores it)", {
      choices: choicesOf(WEEKDAYS),
    }),
  ],

  async execute(interaction, args, { db, clock, caller }) {
    const s = setSchedule(db, caller.guildId, args, clock.now());
    const kind = args.kind;
    const time = formatClockTime(
      kind === "prompt" ? s.promptTime : kind === "checkin" ? s.checkinTime : s.leaderboardTime,
    );
    const weekday =
      kind === "prompt"
        ? "daily"
        : `${WEEKDAYS[(kind === "checkin" ? s.checkinWeekday : s.leaderboardWeekday) - 1]}`;
    await replyEphemeral(interaction, `${POST_LABEL[kind]}: ${weekday} at ${time} (${s.timezone}).`);
  },
});
