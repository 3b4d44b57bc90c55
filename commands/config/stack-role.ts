import { MessageFlags } from "discord.js";
import { stackChoices, stackOption } from "../../src/discord/choices";
import { option } from "../../src/discord/options";
import { replyEphemeral } from "../../src/discord/reply";
import { applyRoleChanges, assignableRole, type RoleChange } from "../../src/discord/roles";
import { defineSubcommand } from "../../src/discord/subcommand";
import { memberIdsOnStack, setStackRole, stackRoleOf } from "../../src/guilds/roles";
import { userText } from "../../src/text/escape";
import { plural } from "../../src/text/format";

export default defineSubcommand({
  name: "stack-role",
  description: "A role members on a stack get (leave role out to stop)",
  options: [stackOption("The stack"), option.role("role", "The role; leave it out for none")],

  async execute(interaction, args, { db, clock, log, caller }) {
    const guildId = caller.guildId;
    const roleId = args.role ? assignableRole(args.role, guildId) : null;
    const before = await stackRoleOf(db, guildId, args.stack.trim().toLowerCase());
    const stack = await setStackRole(db, guildId, args.stack, roleId, clock.now());
    const label = userText(stack.label, 60);
    if (before === roleId) {
      await replyEphemeral(
        interaction,
        `Nothing changed: **${label}** already has ${roleId ? `<@&${roleId}>` : "no role"}.`,
      );
      return;
    }
    // Members already on the stack get the new role (and lose the old one): that can take a while.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const onStack = await memberIdsOnStack(db, guildId, stack.stackId);
    const changes: RoleChange[] = [
      ...(before ? onStack.map((userId) => ({ userId, roleId: before, add: false })) : []),
      ...(roleId ? onStack.map((userId) => ({ userId, roleId, add: true })) : []),
    ];
    const warnings = await applyRoleChanges(
      { rest: interaction.client.rest, db, log, guildId, now: clock.now() },
      changes,
    );
    const done = roleId
      ? `Members on **${label}** get <@&${roleId}> (${onStack.length} now; /pick-stack adds and removes it).`
      : `**${label}** has no role any more${before ? `; <@&${before}> was taken from its ${plural(onStack.length, "member", "members")}` : ""}.`;
    await replyEphemeral(interaction, [done, ...warnings].join("\n"));
  },

  autocomplete: async (focused, { db, caller }) => stackChoices(db, caller.guildId, focused.value),
});
