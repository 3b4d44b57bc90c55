import { checkIn, MAX_BLOCKERS, MAX_GOALS } from "../src/checkins/checkin";
import { defineCommand } from "../src/discord/command";
import { option } from "../src/discord/options";
import { replyPublic } from "../src/discord/reply";
import { userText } from "../src/text/escape";

function quote(text: string): string {
  return `> ${userText(text, 1000).replace(/\n/g, "\n> ")}`;
}

export default defineCommand({
  name: "checkin",
  description: "State your goals for this week",
  options: [
    option.string("goals", "What you will build or learn this week", {
      required: true,
      max_length: MAX_GOALS,
    }),
    option.string("blockers", "Anything in your way", { max_length: MAX_BLOCKERS }),
  ],

  async execute(interaction, args, { db, clock, caller, saved }) {
    const r = checkIn(db, caller, args, clock.now());
    saved({ what: `check-in for the week of ${r.weekStart}` });
    const head = `${r.replaced ? "✏️" : "🗓️"} <@${caller.userId}> ${r.replaced ? "updated their" : "checked in for the"} week of ${r.weekStart}:`;
    const blockers = r.blockers ? `\n**Blockers**\n${quote(r.blockers)}` : "";
    await replyPublic(interaction, {
      content: `${head}\n**Goals**\n${quote(r.goals)}${blockers}`.slice(0, 2000),
    });
  },
});
