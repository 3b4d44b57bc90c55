import type { ChatInputCommandInteraction } from "discord.js";
import { stackChoices, stackOption } from "../src/discord/choices";
import { type CommandContext, defineCommand } from "../src/discord/command";
import { option } from "../src/discord/options";
import { replyPublic } from "../src/discord/reply";
import { applyRoleChanges, type RoleChange } from "../src/discord/roles";
import { stackRoleOf } from "../src/guilds/roles";
import { pickStack } from "../src/stacks/pick";
import { discordTimestamp } from "../src/text/format";

/** The member leaves the old stack's role and gets the new one's (SPEC §3.18). */
async function swapStackRole(
  interaction: ChatInputCommandInteraction<"cached">,
  from: string | null,
  to: string,
  { db, clock, log, caller }: Pick<CommandContext, "db" | "clock" | "log" | "caller">,
): Promise<string[]> {
  const oldRole = await stackRoleOf(db, caller.guildId, from);
  const newRole = await stackRoleOf(db, caller.guildId, to);
  const changes: RoleChange[] = [];
  if (oldRole && oldRole !== newRole) changes.push({ userId: caller.userId, roleId: oldRole, add: false });
  if (newRole && newRole !== oldRole) changes.push({ userId: caller.userId, roleId: newRole, add: true });
  if (changes.length === 0) return Promise.resolve([]);
  const deps = { rest: interaction.client.rest, db, log, guildId: caller.guildId, now: clock.now() };
  return applyRoleChanges(deps, changes);
}

export default defineCommand({
  name: "pick-stack",
  description: "Commit to one backend stack for the next months",
  options: [
    stackOption("The stack to commit to"),
    option.boolean("switch", "Switch even though your current commitment has not ended"),
    option.string("reason", "Why you are switching (kept in your history)", { max_length: 300 }),
  ],

  async execute(interaction, args, ctx) {
    const { db, clock, caller } = ctx;
    const input = { stackId: args.stack, switch: args.switch, reason: args.reason };
    const result = await pickStack(db, caller, input, clock.now());
    const who = `<@${caller.userId}>`;
    const peers =
      result.peers === 1
        ? `You are the first on **${result.stack.label}** in this server.`
        : `${result.peers} members of this server are on **${result.stack.label}**.`;
    const until = result.committedUntil ? ` until ${discordTimestamp(result.committedUntil)}` : "";
    // Picking the same stack again changes nothing, so it says nothing about being first.
    const others = result.peers > 1 ? ` ${result.peers} members of this server are on it.` : "";
    const content =
      result.outcome === "same"
        ? `${who} is already on **${result.stack.label}**${until} — nothing changed.${others}`
        : result.outcome === "switched"
          ? `🔁 ${who} switched to **${result.stack.label}**, committed${until}. ${peers}`
          : `✅ ${who} committed to **${result.stack.label}**${until}. ${peers} Stay on it: depth beats breadth.`;
    const warnings =
      result.outcome === "same"
        ? []
        : await swapStackRole(interaction, result.previous, result.stack.id, ctx);
    await replyPublic(interaction, { content: [content, ...warnings].join("\n") });
  },

  autocomplete: async (focused, { db, caller }) => stackChoices(db, caller.guildId, focused.value),
});
