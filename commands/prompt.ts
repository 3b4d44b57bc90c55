import { topicChoices } from "../src/discord/choices";
import { defineCommand } from "../src/discord/command";
import { option } from "../src/discord/options";
import { replyEphemeral } from "../src/discord/reply";
import { UserError } from "../src/errors";
import { ensureGuild } from "../src/guilds/settings";
import { promptForDay, randomPromptOfTopic } from "../src/prompts/daily";
import { isTopic, TOPICS } from "../src/roadmap/topics";
import { localDate } from "../src/time/zones";

export default defineCommand({
  name: "prompt",
  description: "Today's prompt, or a random prompt of a topic",
  options: [option.string("topic", "A roadmap topic", { autocomplete: true })],

  async execute(interaction, { topic }, { db, clock, caller }) {
    const now = clock.now();
    if (topic !== undefined) {
      if (!isTopic(topic))
        throw new UserError(`Topic must be one of the roadmap topics: ${TOPICS.join(", ")}.`);
      const p = randomPromptOfTopic(topic);
      await replyEphemeral(interaction, `**${p.topic} · ${p.level}**\n${p.text}`);
      return;
    }
    const guild = await ensureGuild(db, caller.guildId, now);
    const p = await promptForDay(db, caller.guildId, localDate(now, guild.timezone));
    await replyEphemeral(interaction, `**Today's prompt** (${p.topic} · ${p.level})\n${p.text}`);
  },

  autocomplete: (focused) => topicChoices(focused.value),
});
