import { ApplicationCommandOptionType } from "discord.js";
import { replyPublic, userText } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { logProject, MAX_DESCRIPTION, MAX_PROJECT_NAME } from "../../src/projects/log";
import { nonceFor } from "../../src/scheduler/poster";

export default defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "project",
    description: "Log a deployed project with its live URL",
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "name",
        description: "Project name",
        required: true,
        max_length: MAX_PROJECT_NAME,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "url",
        description: "Public URL where it runs (https://…)",
        required: true,
        max_length: 2048,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "repo",
        description: "Source repository URL",
        max_length: 2048,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "description",
        description: "What it does",
        max_length: MAX_DESCRIPTION,
      },
    ],
  },

  async execute(interaction, { db, clock, caller, log }) {
    const o = interaction.options;
    const result = logProject(
      db,
      caller,
      interaction.id,
      {
        name: o.getString("name", true),
        url: o.getString("url", true),
        repo: o.getString("repo") ?? undefined,
        description: o.getString("description") ?? undefined,
      },
      clock.now(),
    );
    const e = result.entry;
    const repo = e.repo ? ` · source: <${e.repo}>` : "";
    const description = e.description ? `\n> ${userText(e.description, 500).replace(/\n/g, "\n> ")}` : "";
    const line = `🚀 <@${caller.userId}> shipped **${userText(e.name ?? "", 100)}** — ${e.url}${repo}${description}`;
    await replyPublic(interaction, { content: line });
    // The announcement is a courtesy: the project is already stored and acknowledged.
    const channelId = result.announceChannelId;
    if (result.created && channelId && channelId !== interaction.channelId) {
      const channel = interaction.guild.channels.cache.get(channelId);
      if (channel?.isSendable()) {
        await channel
          // A nonce from the entry: a re-send after a lost answer returns the first message.
          .send({
            content: line,
            allowedMentions: { parse: [] },
            nonce: nonceFor(`shipped|${e.id}`),
            enforceNonce: true,
          })
          .catch((error: unknown) =>
            log.warn("shipped announcement failed", { guild: caller.guildId, channel: channelId, error }),
          );
      }
    }
  },
});
