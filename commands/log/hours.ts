import { celebrate } from "../../src/discord/celebrate";
import { topicChoices } from "../../src/discord/choices";
import type { SavedNote } from "../../src/discord/command";
import { choicesOf, option } from "../../src/discord/options";
import { type ReplyBody, replyPublic } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { type LogHoursResult, logHours, MAX_HOURS, MAX_NOTE, MIN_HOURS } from "../../src/logs/hours";
import { hoursReplyText } from "../../src/logs/reply";
import { formatHours } from "../../src/text/format";

/** What a stored hours entry is, for the error boundary should the reply fail (issue 9). */
export function savedHours(result: LogHoursResult): SavedNote {
  const e = result.entry;
  return { what: `entry #${e.id} (${formatHours(e.minutes)} of ${e.kind})`, undo: "`/log undo`" };
}

/** The reply to a stored hours entry, from `/log hours` or the Log time form (SPEC §3.14). */
export function hoursReply(result: LogHoursResult, userId: string): ReplyBody {
  return { content: hoursReplyText(userId, result) };
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

  async execute(interaction, args, { db, clock, caller, log, saved }) {
    const result = await logHours(db, caller, interaction.id, args, clock.now());
    saved(savedHours(result));
    await replyPublic(interaction, hoursReply(result, caller.userId));
    await celebrate(interaction.client, result, caller, interaction.channelId, log);
  },

  autocomplete: (focused) => topicChoices(focused.value),
});
