import { ApplicationCommandOptionType, ApplicationIntegrationType, InteractionContextType } from "discord.js";
import { stackChoices } from "../src/discord/choices";
import { defineCommand } from "../src/discord/command";
import { replyPublic } from "../src/discord/reply";
import { UserError } from "../src/errors";
import { findMember } from "../src/members/members";
import { findStack } from "../src/stacks/catalog";
import { stackPeers, stackStatus } from "../src/stacks/show";
import { userText } from "../src/text/escape";
import { discordTimestamp } from "../src/text/format";

const PEERS_SHOWN = 30;

export default defineCommand({
  definition: {
    name: "stack",
    description: "See a member's stack or who is on a stack",
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "show",
        description: "A member's stack, days in, days left and switch count",
        options: [{ type: ApplicationCommandOptionType.User, name: "member", description: "Default: you" }],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "peers",
        description: "Members on a stack",
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: "stack",
            description: "Default: your own stack",
            autocomplete: true,
            max_length: 64,
          },
        ],
      },
    ],
  },

  async execute(interaction, { db, clock, caller }) {
    const now = clock.now();
    if (interaction.options.getSubcommand() === "show") {
      const userId = interaction.options.getUser("member")?.id ?? caller.userId;
      const self = userId === caller.userId;
      const status = stackStatus(db, caller.guildId, userId, now);
      if (!status) {
        throw new UserError(
          self
            ? "You have not picked a stack yet. Run /pick-stack to commit to one."
            : `<@${userId}> has not picked a stack yet.`,
        );
      }
      const left =
        status.daysLeft > 0
          ? `${status.daysLeft} days left (until ${discordTimestamp(status.committedUntil)})`
          : "commitment complete";
      await replyPublic(interaction, {
        content: `<@${userId}> is on **${status.label}** — day ${status.daysIn}, ${left}, ${status.switchCount} switch${status.switchCount === 1 ? "" : "es"}.`,
      });
      return;
    }
    const requested = interaction.options.getString("stack");
    const stackId = requested ?? findMember(db, caller.guildId, caller.userId)?.stackId;
    if (!stackId)
      throw new UserError("You have not picked a stack yet: give a `stack`, or run /pick-stack first.");
    const stack = findStack(db, caller.guildId, stackId);
    if (!stack)
      throw new UserError(
        `\`${userText(stackId, 64)}\` is not a stack on this server. Pick one from the autocomplete list.`,
      );
    const { peers, total } = stackPeers(db, caller.guildId, stack.id, PEERS_SHOWN);
    if (total === 0) {
      await replyPublic(interaction, {
        content: `Nobody is on **${stack.label}** yet. /pick-stack to be the first.`,
      });
      return;
    }
    const lines = peers.map((p) => `• <@${p.userId}> since ${discordTimestamp(p.since)}`);
    if (total > peers.length) lines.push(`…and ${total - peers.length} more`);
    await replyPublic(interaction, {
      content: `**${stack.label}** — ${total} member${total === 1 ? "" : "s"}\n${lines.join("\n")}`,
    });
  },

  async autocomplete(interaction, { db, caller }) {
    await interaction.respond(stackChoices(db, caller.guildId, interaction.options.getFocused()));
  },
});
