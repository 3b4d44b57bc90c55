import {
  ChannelType,
  type ChatInputCommandInteraction,
  PermissionFlagsBits,
  PermissionsBitField,
} from "discord.js";
import { option, postKindOption } from "../../src/discord/options";
import { assertOwnChannel } from "../../src/discord/ownership";
import { replyEphemeral } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { UserError } from "../../src/errors";
import { setChannel } from "../../src/guilds/config";
import { POST_KIND_NAMES, requirePostKind } from "../../src/guilds/post-kinds";
import type { PostKind } from "../../src/scheduler/kinds";

/** What the bot needs in a channel it posts to (threads only for the prompts channel). */
function neededPermissions(kind: PostKind): bigint[] {
  const base = [
    PermissionFlagsBits.ViewChannel,
    PermissionFlagsBits.SendMessages,
    PermissionFlagsBits.EmbedLinks,
  ];
  return kind === "prompt"
    ? [...base, PermissionFlagsBits.CreatePublicThreads, PermissionFlagsBits.SendMessagesInThreads]
    : base;
}

async function checkBotCanPost(
  interaction: ChatInputCommandInteraction<"cached">,
  channelId: string,
  kind: PostKind,
) {
  const channel = interaction.guild.channels.cache.get(channelId);
  if (!channel?.isTextBased() || channel.isThread() || channel.isVoiceBased()) {
    throw new UserError("Pick a text or announcement channel for posts.");
  }
  const me = interaction.guild.members.me ?? (await interaction.guild.members.fetchMe());
  const have = channel.permissionsFor(me);
  const missing = neededPermissions(kind).filter((p) => !have.has(p));
  if (missing.length > 0) {
    const names = new PermissionsBitField(missing)
      .toArray()
      .map((n) => n.replace(/([a-z])([A-Z])/g, "$1 $2"))
      .join(", ");
    throw new UserError(
      `I cannot post in <#${channelId}>: I am missing ${names} there. Give shiplog's role those permissions in that channel, then run this again.`,
    );
  }
}

const LABEL = { prompt: "Daily prompts", checkin: "Weekly check-ins", leaderboard: "Weekly leaderboards" };

export default defineSubcommand({
  name: "channel",
  description: "Where a kind of post goes",
  options: [
    postKindOption(POST_KIND_NAMES),
    option.channel("channel", "A text channel shiplog can post in", {
      required: true,
      channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
    }),
  ],

  async execute(interaction, args, { db, clock, caller }) {
    // Both spellings (`prompt`, `prompts`, …) are accepted; the choices show one.
    const kind = requirePostKind(args.kind);
    const channel = args.channel;
    await assertOwnChannel(interaction.guild, channel.id);
    await checkBotCanPost(interaction, channel.id, kind);
    await setChannel(db, caller.guildId, kind, channel.id, clock.now());
    await replyEphemeral(interaction, `${LABEL[kind]} will be posted in <#${channel.id}>.`);
  },
});
