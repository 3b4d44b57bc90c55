import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ChannelType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  PermissionFlagsBits,
  PermissionsBitField,
} from "discord.js";
import { timeZoneChoices } from "../src/discord/choices";
import { defineCommand } from "../src/discord/command";
import { requireModerator } from "../src/discord/moderator";
import { replyEphemeral } from "../src/discord/reply";
import { UserError } from "../src/errors";
import {
  addGuildStack,
  type ChannelKind,
  configSummary,
  removeGuildStack,
  setBuildTarget,
  setChannel,
  setCommitmentDays,
  setDailyCap,
  setGuildTimeZone,
  setModRole,
  setSchedule,
  WEEKDAYS,
} from "../src/guilds/config";
import { BUILTIN_STACKS, guildCatalog } from "../src/stacks/catalog";
import { userText } from "../src/text/escape";
import { discordTimestamp } from "../src/text/format";
import { formatClockTime } from "../src/time/zones";

const POST_LABEL = {
  prompt: "Daily prompt",
  checkin: "Weekly check-in",
  leaderboard: "Weekly leaderboard",
} as const;
const CHANNEL_FOR = { prompt: "prompts", checkin: "checkins", leaderboard: "leaderboard" } as const;

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

async function showConfig(
  interaction: ChatInputCommandInteraction<"cached">,
  guildId: string,
  db: Parameters<typeof configSummary>[0],
  now: Date,
) {
  const { settings: s, posts } = configSummary(db, guildId, now);
  const added = guildCatalog(db, guildId).slice(BUILTIN_STACKS.length);
  const lines = [
    "**Server settings**",
    `Time zone: **${s.timezone}** · commitment **${s.commitmentDays} days** · daily cap **${s.dailyCapMinutes / 60} h** · build target **${s.buildTargetPercent}%**`,
    `Moderator role: ${s.modRoleId ? `<@&${s.modRoleId}>` : "none (Manage Server only)"}`,
    `Added stacks: ${added.length === 0 ? "none" : added.map((x) => `\`${x.id}\` ${userText(x.label, 60)}`).join(", ")}`,
    "",
    "**Scheduled posts**",
    ...posts.map((p) => {
      const when = `${p.weekday ? `${p.weekday[0]?.toUpperCase()}${p.weekday.slice(1)} ` : "daily "}${p.time}`;
      const where = p.channelId
        ? `in <#${p.channelId}>`
        : `— no channel yet: \`/config channel kind:${CHANNEL_FOR[p.kind]}\``;
      const next = p.channelId ? ` · next ${discordTimestamp(p.next, "f")}` : "";
      const last = p.last
        ? ` · last: ${p.last.outcome} ${discordTimestamp(p.last.at, "R")}${p.last.error ? ` — ${p.last.error}` : ""}`
        : "";
      return `• ${POST_LABEL[p.kind]} ${when} ${where}${next}${last}`;
    }),
  ];
  await replyEphemeral(interaction, lines.join("\n"));
}

const timeOption = {
  type: ApplicationCommandOptionType.String,
  name: "time",
  description: "24-hour HH:MM, e.g. 09:00",
  required: true,
  max_length: 5,
} as const;

export default defineCommand({
  definition: {
    name: "config",
    description: "Server settings for shiplog (moderators)",
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "show",
        description: "Current settings and scheduled posts",
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "timezone",
        description: "The server's time zone for posts and weeks",
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: "name",
            description: "IANA name such as Europe/Berlin",
            required: true,
            autocomplete: true,
            max_length: 64,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "channel",
        description: "Where a kind of post goes",
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: "kind",
            description: "Which posts",
            required: true,
            choices: [
              { name: "prompts", value: "prompts" },
              { name: "checkins", value: "checkins" },
              { name: "leaderboard", value: "leaderboard" },
            ],
          },
          {
            type: ApplicationCommandOptionType.Channel,
            name: "channel",
            description: "A text channel shiplog can post in",
            required: true,
            channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "schedule",
        description: "When a post goes out (server time zone)",
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: "kind",
            description: "Which post",
            required: true,
            choices: [
              { name: "prompt", value: "prompt" },
              { name: "checkin", value: "checkin" },
              { name: "leaderboard", value: "leaderboard" },
            ],
          },
          timeOption,
          {
            type: ApplicationCommandOptionType.String,
            name: "weekday",
            description: "For weekly posts (the daily prompt ignores it)",
            choices: WEEKDAYS.map((d) => ({ name: d, value: d })),
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "commitment",
        description: "How long a /pick-stack commitment lasts",
        options: [
          {
            type: ApplicationCommandOptionType.Integer,
            name: "days",
            description: "14–365",
            required: true,
            min_value: 14,
            max_value: 365,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "daily-cap",
        description: "Most hours a member can log for one day",
        options: [
          {
            type: ApplicationCommandOptionType.Integer,
            name: "hours",
            description: "1–24",
            required: true,
            min_value: 1,
            max_value: 24,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "build-target",
        description: "Target share of build hours",
        options: [
          {
            type: ApplicationCommandOptionType.Integer,
            name: "percent",
            description: "0–100",
            required: true,
            min_value: 0,
            max_value: 100,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "mod-role",
        description: "A role whose members count as moderators",
        options: [
          {
            type: ApplicationCommandOptionType.Role,
            name: "role",
            description: "The moderator role",
            required: true,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "stack-add",
        description: "Add a stack to this server's list",
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: "id",
            description: "e.g. elixir-phoenix",
            required: true,
            max_length: 40,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: "label",
            description: "e.g. Elixir + Phoenix",
            required: true,
            max_length: 60,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "stack-remove",
        description: "Remove a stack this server added",
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: "id",
            description: "The stack id",
            required: true,
            max_length: 40,
          },
        ],
      },
    ],
  },

  async execute(interaction, { db, clock, caller }) {
    const now = clock.now();
    requireModerator(interaction, db);
    const o = interaction.options;
    const guildId = caller.guildId;
    switch (o.getSubcommand()) {
      case "show":
        return showConfig(interaction, guildId, db, now);
      case "timezone": {
        const s = setGuildTimeZone(db, guildId, o.getString("name", true), now);
        return replyEphemeral(
          interaction,
          `Time zone set to **${s.timezone}**. Scheduled posts and weeks now follow it.`,
        );
      }
      case "channel": {
        const kind = o.getString("kind", true) as ChannelKind;
        const channel = o.getChannel("channel", true);
        await checkBotCanPost(interaction, channel.id, kind);
        setChannel(db, guildId, kind, channel.id, now);
        return replyEphemeral(
          interaction,
          `${kind === "prompts" ? "Daily prompts" : kind === "checkins" ? "Weekly check-ins" : "Weekly leaderboards"} will be posted in <#${channel.id}>.`,
        );
      }
      case "schedule": {
        const s = setSchedule(
          db,
          guildId,
          {
            kind: o.getString("kind", true),
            time: o.getString("time", true),
            weekday: o.getString("weekday") ?? undefined,
          },
          now,
        );
        const kind = o.getString("kind", true) as "prompt" | "checkin" | "leaderboard";
        const time = formatClockTime(
          kind === "prompt" ? s.promptTime : kind === "checkin" ? s.checkinTime : s.leaderboardTime,
        );
        const weekday =
          kind === "prompt"
            ? "daily"
            : `${WEEKDAYS[(kind === "checkin" ? s.checkinWeekday : s.leaderboardWeekday) - 1]}`;
        return replyEphemeral(interaction, `${POST_LABEL[kind]}: ${weekday} at ${time} (${s.timezone}).`);
      }
      case "commitment": {
        const s = setCommitmentDays(db, guildId, o.getInteger("days", true), now);
        return replyEphemeral(
          interaction,
          `New /pick-stack commitments last **${s.commitmentDays} days**. Existing commitments keep their end dates.`,
        );
      }
      case "daily-cap": {
        const s = setDailyCap(db, guildId, o.getInteger("hours", true), now);
        return replyEphemeral(
          interaction,
          `Members can log at most **${s.dailyCapMinutes / 60} h** per day.`,
        );
      }
      case "build-target": {
        const s = setBuildTarget(db, guildId, o.getInteger("percent", true), now);
        return replyEphemeral(interaction, `Build target set to **${s.buildTargetPercent}%**.`);
      }
      case "mod-role": {
        const role = o.getRole("role", true);
        setModRole(db, guildId, role.id, now);
        return replyEphemeral(interaction, `Members with <@&${role.id}> can now use moderator commands.`);
      }
      case "stack-add": {
        const s = addGuildStack(
          db,
          guildId,
          { id: o.getString("id", true), label: o.getString("label", true) },
          now,
        );
        return replyEphemeral(
          interaction,
          `Added \`${s.id}\` — ${userText(s.label, 60)} — to this server's stacks.`,
        );
      }
      case "stack-remove": {
        removeGuildStack(db, guildId, o.getString("id", true));
        return replyEphemeral(interaction, "Removed. Members already on it keep their commitment.");
      }
      default:
        throw new Error(`unknown /config subcommand ${o.getSubcommand()}`);
    }
  },

  async autocomplete(interaction) {
    await interaction.respond(timeZoneChoices(interaction.options.getFocused()));
  },
});
