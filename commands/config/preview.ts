import { cohortChoices } from "../../src/discord/choices";
import { option, postKindOption } from "../../src/discord/options";
import { replyEphemeral } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { toMessage } from "../../src/scheduler/posts";
import { PREVIEW_KINDS, previewPost } from "../../src/scheduler/preview";

export default defineSubcommand({
  name: "preview",
  description: "See a scheduled post as it would look now (nothing is posted)",
  options: [
    postKindOption(PREVIEW_KINDS),
    option.string("cohort", "For cohort-checkin: the cohort", { autocomplete: true, max_length: 60 }),
  ],

  async execute(interaction, args, { db, clock, caller }) {
    const message = toMessage(await previewPost(db, caller.guildId, args, clock.now()));
    const note = "👀 **Preview** — only you see this; nothing was posted.";
    await replyEphemeral(interaction, {
      content: message.content ? `${note}\n\n${message.content}` : note,
      ...(message.embeds ? { embeds: message.embeds } : {}),
    });
  },

  autocomplete: cohortChoices,
});
