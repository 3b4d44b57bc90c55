import { ApplicationIntegrationType, InteractionContextType } from "discord.js";
import { defineCommand } from "../../src/discord/command";
import { pickSubcommand } from "../../src/discord/subcommand";
import hours from "./hours";
import project from "./project";
import undo from "./undo";

const subcommands = [hours, project, undo];

export default defineCommand({
  definition: {
    name: "log",
    description: "Log hours or a shipped project",
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: subcommands.map((s) => s.definition),
  },
  execute: (interaction, ctx) =>
    pickSubcommand(subcommands, interaction.options.getSubcommand()).execute(interaction, ctx),
  async autocomplete(interaction, ctx) {
    const sub = pickSubcommand(subcommands, interaction.options.getSubcommand());
    await (sub.autocomplete ? sub.autocomplete(interaction, ctx) : interaction.respond([]));
  },
});
