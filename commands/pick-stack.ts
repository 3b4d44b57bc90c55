import { ApplicationCommandOptionType, ApplicationIntegrationType, InteractionContextType } from "discord.js";
import { stackChoices } from "../src/discord/choices";
import { defineCommand } from "../src/discord/command";
import { replyPublic } from "../src/discord/reply";
import { pickStack } from "../src/stacks/pick";
import { discordTimestamp } from "../src/text/format";

export default defineCommand({
  definition: {
    name: "pick-stack",
    description: "Commit to one backend stack for the next months",
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "stack",
        description: "The stack to commit to",
        required: true,
        autocomplete: true,
        max_length: 64,
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: "switch",
        description: "Switch even though your current commitment has not ended",
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "reason",
        description: "Why you are switching (kept in your history)",
        max_length: 300,
      },
    ],
  },

  async execute(interaction, { db, clock, caller }) {
    const result = pickStack(
      db,
      caller,
      {
        stackId: interaction.options.getString("stack", true),
        switch: interaction.options.getBoolean("switch") ?? undefined,
        reason: interaction.options.getString("reason") ?? undefined,
      },
      clock.now(),
    );
    const who = `<@${caller.userId}>`;
    const peers =
      result.peers === 1
        ? `You are the first on **${result.stack.label}** in this server.`
        : `${result.peers} members of this server are on **${result.stack.label}**.`;
    const until = result.committedUntil ? ` until ${discordTimestamp(result.committedUntil)}` : "";
    const content =
      result.outcome === "same"
        ? `${who} is already on **${result.stack.label}**${until} — nothing changed. ${peers}`
        : result.outcome === "switched"
          ? `🔁 ${who} switched to **${result.stack.label}**, committed${until}. ${peers}`
          : `✅ ${who} committed to **${result.stack.label}**${until}. ${peers} Stay on it: depth beats breadth.`;
    await replyPublic(interaction, { content });
  },

  async autocomplete(interaction, { db, caller }) {
    await interaction.respond(stackChoices(db, caller.guildId, interaction.options.getFocused()));
  },
});
