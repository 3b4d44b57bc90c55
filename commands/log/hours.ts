import { topicChoices } from "../../src/discord/choices";
import { choicesOf, option } from "../../src/discord/options";
import { type ReplyBody, replyPublic } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { type LogHoursResult, logHours, MAX_HOURS, MAX_NOTE, MIN_HOURS } from "../../src/logs/hours";
import { buildShare } from "../../src/logs/stats";
import { userText } from "../../src/text/escape";
import { formatHours } from "../../src/text/format";

/** The reply to a stored hours entry, from `/log hours` or the Log time form (SPEC §3.14). */
export function hoursReply(result: LogHoursResult, userId: string): ReplyBody {
  const e = result.entry;
  const share = buildShare(result.week);
  const topic = e.topic ? ` on **${e.topic}**` : "";
  const note = e.note ? `\n> ${userText(e.note, 500).replace(/\n/g, "\n> ")}` : "";
  const target = result.buildTargetPercent;
  const shareLine =
    share === null ? "" : ` · build share **${share}%** (target ${target}%${share >= target ? " ✓" : ""})`;
  return {
    content:
      `📝 <@${userId}> logged **${formatHours(e.minutes)}** of ${e.kind}${topic} for ${e.localDate}.${note}\n` +
      `This week: **${formatHours(result.week.minutes)}**${shareLine} · streak **${result.streak}** day${result.streak === 1 ? "" : "s"}`,
  };
}

export default defineSubcommand({
  name: "hours",
  description: "Log learning or building time",
  options: [
    option.number("hours", `Hours spent (${MIN_HOURS}–${MAX_HOURS})`, {
      required: true,
      min_value: MIN_HOURS,
      max_value: MAX_HOURS,
    }),
    option.string("kind", "learn = courses, docs, tutorials; build = your own code", {
      required: true,
      choices: choicesOf(["build", "learn"]),
    }),
    option.string("topic", "Roadmap topic", { autocomplete: true }),
    option.string("note", "What you did", { max_length: MAX_NOTE }),
    option.string("date", "today (default), yesterday, or YYYY-MM-DD up to 7 days back", { max_length: 32 }),
  ],

  async execute(interaction, args, { db, clock, caller }) {
    const result = logHours(db, caller, interaction.id, args, clock.now());
    await replyPublic(interaction, hoursReply(result, caller.userId));
  },

  autocomplete: (focused) => topicChoices(focused.value),
});
