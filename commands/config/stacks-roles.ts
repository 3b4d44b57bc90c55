import { option } from "../../src/discord/options";
import { assertOwnRole } from "../../src/discord/ownership";
import { replyEphemeral } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { addGuildStack, removeGuildStack, setModRole } from "../../src/guilds/config";
import { userText } from "../../src/text/escape";

/** SPEC §3.18: Discord hides Manage Server commands until an admin allows the role. */
export const MOD_ROLE_VISIBILITY =
  "Discord still hides moderator commands from members without Manage Server until a server admin allows this role for shiplog under Server Settings → Integrations → shiplog.";

export const modRole = defineSubcommand({
  name: "mod-role",
  description: "A role whose members count as moderators",
  options: [option.role("role", "The moderator role", { required: true })],
  async execute(interaction, { role }, { db, clock, caller }) {
    await assertOwnRole(interaction.guild, role.id, "moderator");
    await setModRole(db, caller.guildId, role.id, clock.now());
    await replyEphemeral(
      interaction,
      `Members with <@&${role.id}> can now use moderator commands. ${MOD_ROLE_VISIBILITY}`,
    );
  },
});

export const stackAdd = defineSubcommand({
  name: "stack-add",
  description: "Add a stack to this server's list",
  options: [
    option.string("id", "e.g. elixir-phoenix", { required: true, max_length: 40 }),
    option.string("label", "e.g. Elixir + Phoenix", { required: true, max_length: 60 }),
  ],
  async execute(interaction, args, { db, clock, caller }) {
    const s = await addGuildStack(db, caller.guildId, args, clock.now());
    await replyEphemeral(
      interaction,
      `Added \`${s.id}\` — ${userText(s.label, 60)} — to this server's stacks.`,
    );
  },
});

export const stackRemove = defineSubcommand({
  name: "stack-remove",
  description: "Remove a stack this server added",
  options: [option.string("id", "The stack id", { required: true, max_length: 40 })],
  async execute(interaction, { id }, { db, caller }) {
    await removeGuildStack(db, caller.guildId, id);
    await replyEphemeral(interaction, "Removed. Members already on it keep their commitment.");
  },
});
