import { type CheckinResult, checkIn, MAX_BLOCKERS, MAX_GOALS } from "../src/checkins/checkin";
import { checkinFormId, checkinId } from "../src/discord/buttons";
import { defineCommand, onButton, onModal } from "../src/discord/command";
import { defineForm } from "../src/discord/form";
import { option } from "../src/discord/options";
import { type ReplyBody, replyPublic } from "../src/discord/reply";
import { userText } from "../src/text/escape";
import { dayStamp } from "../src/text/format";

function quote(text: string): string {
  return `> ${userText(text, 1000).replace(/\n/g, "\n> ")}`;
}

function checkinReply(r: CheckinResult, userId: string): ReplyBody {
  const head = `${r.replaced ? "✏️" : "🗓️"} <@${userId}> ${r.replaced ? "updated their" : "checked in for the"} week of ${dayStamp(r.weekStart)}:`;
  const blockers = r.blockers ? `\n**Blockers**\n${quote(r.blockers)}` : "";
  return { content: `${head}\n**Goals**\n${quote(r.goals)}${blockers}`.slice(0, 2000) };
}

/** The Check in form (SPEC §3.14): the same `checkIn`, limits and reply as the command. */
const checkinForm = defineForm("Weekly check-in", {
  goals: { label: "Goals for this week", paragraph: true, required: true, maxLength: MAX_GOALS },
  blockers: { label: "Blockers (optional)", paragraph: true, maxLength: MAX_BLOCKERS },
});

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
    const r = await checkIn(db, caller, args, clock.now());
    saved({ what: `check-in for the week of ${r.weekStart}` });
    await replyPublic(interaction, checkinReply(r, caller.userId));
  },

  components: [
    onButton(checkinId, (interaction, { guild }) =>
      interaction.showModal(checkinForm.modal(checkinFormId.encode({ guild }))),
    ),
    onModal(checkinFormId, async (interaction, _ids, { db, clock, caller, saved }) => {
      const r = await checkIn(db, caller, checkinForm.read(interaction), clock.now());
      saved({ what: `check-in for the week of ${r.weekStart}` });
      await replyPublic(interaction, checkinReply(r, caller.userId));
    }),
  ],
});
