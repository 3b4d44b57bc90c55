/**
 * The Log time button and its form (SPEC §3.14): the same `logHours` as
 * `/log hours`, with the same errors and limits, idempotent on the form
 * submission's interaction id, and the same reply.
 */
import type { ButtonInteraction } from "discord.js";
import { logFormId, logTimeId, remindLogTime } from "../../src/discord/buttons";
import { celebrate } from "../../src/discord/celebrate";
import { onButton, onDmButton, onDmModal } from "../../src/discord/command";
import { defineForm } from "../../src/discord/form";
import { replyPublic } from "../../src/discord/reply";
import { logHours, MAX_NOTE } from "../../src/logs/hours";
import { hoursReply, savedHours } from "./hours";

export const hoursForm = defineForm("Log time", {
  hours: { label: "Hours (0.25–16)", required: true, maxLength: 8, placeholder: "1.5" },
  kind: { label: "learn or build", required: true, maxLength: 10, placeholder: "build" },
  topic: { label: "Topic (optional)", maxLength: 32, placeholder: "apis, databases, deploy…" },
  note: { label: "Note (optional)", paragraph: true, maxLength: MAX_NOTE },
  date: { label: "Date (optional)", maxLength: 32, placeholder: "today, yesterday or YYYY-MM-DD" },
});

/**
 * Hours as typed in a text box: `1.5` or `1,5`. Anything else becomes NaN, which
 * `logHours` refuses with the command's own "Hours must be a number" message.
 */
export function hoursOf(text: string): number {
  return /^\d{1,3}([.,]\d{1,4})?$/.test(text) ? Number(text.replace(",", ".")) : Number.NaN;
}

/** Either Log time button (a post's, or a reminder DM's) opens the form for its server. */
const openForm = (interaction: ButtonInteraction, { guild }: { guild: string }) =>
  interaction.showModal(hoursForm.modal(logFormId.encode({ guild })));

export const logTimeRoutes = [
  onButton(logTimeId, openForm),
  // In a reminder DM (SPEC §3.17) the server is the button's; the boundary checks the presser opted in there.
  onDmButton(remindLogTime, openForm),
  onDmModal(logFormId, async (interaction, _ids, { db, clock, caller, log, saved }) => {
    const form = hoursForm.read(interaction);
    const input = {
      hours: hoursOf(form.hours),
      kind: form.kind.toLowerCase(),
      topic: form.topic?.toLowerCase(),
      note: form.note,
      date: form.date?.toLowerCase(),
    };
    const result = await logHours(db, caller, interaction.id, input, clock.now());
    saved(savedHours(result));
    await replyPublic(interaction, hoursReply(result, caller.userId));
    await celebrate(interaction.client, result, caller, interaction.channelId ?? "", log);
  }),
];
