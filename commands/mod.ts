import { defineCommand } from "../src/discord/command";
import { option } from "../src/discord/options";
import { replyEphemeral } from "../src/discord/reply";
import { formatEntryLine, MAX_REMOVE_REASON, recentEntries, removeEntry } from "../src/moderation/entries";

export default defineCommand({
  name: "mod",
  description: "Moderators: review and remove entries",
  moderator: true,
  options: [
    option.subcommand("entries", "A member's recent entries with their ids", [
      option.user("member", "Whose entries", { required: true }),
    ]),
    option.subcommand("remove", "Remove an entry (kept as removed, with who and why)", [
      option.integer("id", "The number after # in /mod entries", { required: true, min_value: 1 }),
      option.string("reason", "Why (the member can see it)", {
        required: true,
        max_length: MAX_REMOVE_REASON,
      }),
    ]),
  ],

  async execute(interaction, args, { db, clock, caller }) {
    switch (args.subcommand) {
      case "entries": {
        const { user } = args.member;
        const rows = await recentEntries(db, caller.guildId, user.id);
        const body =
          rows.length === 0
            ? `<@${user.id}> has no entries in this server.`
            : `Recent entries of <@${user.id}> (newest first):\n${rows.map(formatEntryLine).join("\n")}`;
        return replyEphemeral(interaction, body.slice(0, 2000));
      }
      case "remove": {
        const removal = { id: args.id, reason: args.reason };
        const removed = await removeEntry(db, caller.guildId, removal, caller.userId, clock.now());
        return replyEphemeral(
          interaction,
          `Removed ${formatEntryLine({ ...removed, removedAt: null })} of <@${removed.userId}>. It no longer counts anywhere.`,
        );
      }
    }
  },
});
