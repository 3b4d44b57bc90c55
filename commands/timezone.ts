import { ApplicationCommandOptionType, ApplicationIntegrationType, InteractionContextType } from "discord.js";
import { timeZoneChoices } from "../src/discord/choices";
import { defineCommand } from "../src/discord/command";
import { replyEphemeral } from "../src/discord/reply";
import { memberTimeZoneChoice, setMemberTimeZone } from "../src/members/timezone";

export default defineCommand({
  definition: {
    name: "timezone",
    description: "Show or set the time zone your days, streaks and weeks follow",
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "name",
        description: "IANA name such as Europe/Berlin, or `server` for the server's",
        autocomplete: true,
        max_length: 64,
      },
    ],
  },

  async execute(interaction, { db, clock, caller }) {
    const name = interaction.options.getString("name");
    const now = clock.now();
    const choice =
      name === null ? memberTimeZoneChoice(db, caller, now) : setMemberTimeZone(db, caller, name, now);
    const source = choice.fromServer ? " (the server's)" : "";
    await replyEphemeral(
      interaction,
      name === null
        ? `Your days follow **${choice.effective}**${source}. Set your own with /timezone name:Europe/Berlin.`
        : `Done: your days, streaks and weeks now follow **${choice.effective}**${source}.`,
    );
  },

  async autocomplete(interaction) {
    await interaction.respond(timeZoneChoices(interaction.options.getFocused(), ["server"]));
  },
});
