import { stackChoices } from "../src/discord/choices";
import { defineCommand } from "../src/discord/command";
import { option } from "../src/discord/options";
import { replyPublic } from "../src/discord/reply";
import { UserError } from "../src/errors";
import { findMember } from "../src/members/members";
import { findStack } from "../src/stacks/catalog";
import { stackPeers, stackStatus } from "../src/stacks/show";
import { userText } from "../src/text/escape";
import { discordTimestamp, plural } from "../src/text/format";

const PEERS_SHOWN = 30;

export default defineCommand({
  name: "stack",
  description: "See a member's stack or who is on a stack",
  options: [
    option.subcommand("show", "A member's stack, days in, days left and switch count", [
      option.user("member", "Default: you"),
    ]),
    option.subcommand("peers", "Members on a stack", [
      option.string("stack", "Default: your own stack", { autocomplete: true, max_length: 64 }),
    ]),
  ],

  async execute(interaction, args, { db, clock, caller }) {
    const now = clock.now();
    switch (args.subcommand) {
      case "show": {
        const userId = args.member?.user.id ?? caller.userId;
        const self = userId === caller.userId;
        const status = await stackStatus(db, caller.guildId, userId, now);
        if (!status) {
          throw new UserError(
            self
              ? "You have not picked a stack yet. Run /pick-stack to commit to one."
              : `<@${userId}> has not picked a stack yet.`,
          );
        }
        const left =
          status.daysLeft > 0
            ? `${plural(status.daysLeft, "day", "days")} left (until ${discordTimestamp(status.committedUntil)})`
            : "commitment complete";
        return replyPublic(interaction, {
          content: `<@${userId}> is on **${status.label}** — day ${status.daysIn + 1}, ${left}, ${status.switchCount} switch${status.switchCount === 1 ? "" : "es"}.`,
        });
      }
      case "peers": {
        const stackId = args.stack ?? (await findMember(db, caller.guildId, caller.userId))?.stackId;
        if (!stackId)
          throw new UserError("You have not picked a stack yet: give a `stack`, or run /pick-stack first.");
        const stack = await findStack(db, caller.guildId, stackId);
        if (!stack)
          throw new UserError(
            `\`${userText(stackId, 64)}\` is not a stack on this server. Pick one from the autocomplete list.`,
          );
        const { peers, total } = await stackPeers(db, caller.guildId, stack.id, PEERS_SHOWN);
        if (total === 0) {
          return replyPublic(interaction, {
            content: `Nobody is on **${stack.label}** yet. /pick-stack to be the first.`,
          });
        }
        const lines = peers.map((p) => `• <@${p.userId}> since ${discordTimestamp(p.since)}`);
        if (total > peers.length) lines.push(`…and ${total - peers.length} more`);
        return replyPublic(interaction, {
          content: `**${stack.label}** — ${total} member${total === 1 ? "" : "s"}\n${lines.join("\n")}`,
        });
      }
    }
  },

  autocomplete: async (focused, { db, caller }) => stackChoices(db, caller.guildId, focused.value),
});
