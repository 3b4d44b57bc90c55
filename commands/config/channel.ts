import {
  ChannelType,
  type ChatInputCommandInteraction,
  PermissionFlagsBits,
  PermissionsBitField,
} from "discord.js";
import { choicesOf, option } from "../../src/discord/options";
import { assertOwnChannel } from "../../src/discord/ownership";
import { replyEphemeral } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { UserError } from "../../src/errors";
import { type ChannelKind, setChannel } from "../../src/guilds/config";

/** What the bot needs in a channel it posts to (threads only for the prompts channel). */
function neededPermissions(kind: ChannelKind): bigint[] {
  const base = [
    PermissionFlagsBits.ViewChannel,
    PermissionFlagsBits.SendMessages,
    PermissionFlagsBits.EmbedLinks,
  ];
  return kind === "prompts"
    ? [...base, PermissionFlagsBits.CreatePublicThreads, PermissionFlagsBits.SendMessagesInThreads]
    : base;
}

async function checkBotCanPost(
  interaction: ChatInputCommandInteraction<"cached">,
  channelId: string,
  kind: ChannelKind,
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

const KINDS = ["prompts", "checkins", "leaderboard"] as const satisfies ChannelKind[];
const LABEL = { prompts: "Daily prompts", checkins: "Weekly check-ins", leaderboard: "Weekly leaderboards" };

export default defineSubcommand({
  name: "channel",
  description: "Where a kind of post goes",
  options: [
    option.string("kind", "Which posts", { required: true, choices: choicesOf(KINDS) }),
    option.channel("channel", "A text channel shiplog can post in", {
      required: true,
      channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
    }),
  ],

  async execute(interaction, { kind, channel }, { db, clock, caller }) {
    await assertOwnChannel(interaction.guild, channel.id);
    await checkBotCanPost(interaction, channel.id, kind);
    setChannel(db, caller.guildId, kind, channel.id, clock.now());
    await replyEphemeral(interaction, `${LABEL[kind]} will be posted in <#${channel.id}>.`);
  },
});
