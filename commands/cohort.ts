import {
  type APIActionRowComponent,
  type APIButtonComponent,
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ButtonStyle,
  ChannelType,
  type ChatInputCommandInteraction,
  ComponentType,
  DiscordAPIError,
  InteractionContextType,
} from "discord.js";
import { eq } from "drizzle-orm";
import type { Cohort } from "../src/cohorts/cohort";
import { createCohort, endCohort } from "../src/cohorts/cohorts";
import { cohortCsv } from "../src/cohorts/export";
import {
  addToCohort,
  joinCohort,
  leaveCohort,
  type MembershipChange,
  removeFromCohort,
} from "../src/cohorts/membership";
import { findCohort, guildDay, listCohorts, searchCohorts } from "../src/cohorts/queries";
import { cohortStatus, statusPages } from "../src/cohorts/status";
import type { Db } from "../src/db/client";
import { cohorts } from "../src/db/schema";
import { type CommandContext, defineCommand } from "../src/discord/command";
import { requireModerator } from "../src/discord/moderator";
import { NO_MENTIONS, replyEphemeral, replyPublic } from "../src/discord/reply";
import { UserError } from "../src/errors";
import { userText } from "../src/text/escape";

const MODERATOR_SUBCOMMANDS = new Set(["create", "add", "remove", "end", "export"]);

const name = (description = "The cohort") =>
  ({
    type: ApplicationCommandOptionType.String,
    name: "name",
    description,
    required: true,
    autocomplete: true,
    max_length: 60,
  }) as const;
const cohortOpt = { ...name(), name: "cohort" } as const;
const memberOpt = {
  type: ApplicationCommandOptionType.User,
  name: "member",
  description: "The member",
  required: true,
} as const;

/** Adds or removes the cohort role; a refusal is reported, the membership change stands. */
async function syncRole(
  interaction: ChatInputCommandInteraction<"cached">,
  change: MembershipChange,
  userId: string,
  add: boolean,
  ctx: CommandContext,
): Promise<string> {
  if (!change.roleId) return "";
  try {
    if (add) await interaction.guild.members.addRole({ user: userId, role: change.roleId });
    else await interaction.guild.members.removeRole({ user: userId, role: change.roleId });
    return "";
  } catch (error) {
    ctx.log.warn("cohort role change failed", { guild: ctx.caller.guildId, role: change.roleId, error });
    const why =
      error instanceof DiscordAPIError && error.code === 50013
        ? "I lack Manage Roles or my role is below it"
        : "Discord refused";
    return `\n⚠️ The membership changed, but I could not ${add ? "give" : "take away"} <@&${change.roleId}> (${why}). A moderator can fix the role by hand.`;
  }
}

function pageButtons(
  cohortId: number,
  page: number,
  pages: number,
): APIActionRowComponent<APIButtonComponent>[] {
  if (pages <= 1) return [];
  const button = (label: string, target: number, disabled: boolean): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: `cohort:status:${cohortId}:${target}:${label}`,
    disabled,
  });
  return [
    {
      type: ComponentType.ActionRow,
      components: [button("◀ Previous", page - 1, page === 0), button(`Next ▶`, page + 1, page >= pages - 1)],
    },
  ];
}

function statusView(db: Db, c: Cohort, now: Date, page: number) {
  const pages = statusPages(cohortStatus(db, c, guildDay(db, c.guildId, now).today));
  const p = Math.min(Math.max(page, 0), pages.length - 1);
  const footer = pages.length > 1 ? `\n\nPage ${p + 1} of ${pages.length}` : "";
  return { content: `${pages[p] ?? ""}${footer}`, components: pageButtons(c.id, p, pages.length) };
}

export default defineCommand({
  definition: {
    name: "cohort",
    description: "Time-boxed cohorts: join, follow, and (moderators) run them",
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "create",
        description: "Moderators: start a cohort",
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: "name",
            description: "e.g. Spring backend",
            required: true,
            max_length: 60,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: "start",
            description: "First day, YYYY-MM-DD (server time zone)",
            required: true,
            max_length: 10,
          },
          {
            type: ApplicationCommandOptionType.Integer,
            name: "weeks",
            description: "1–52",
            required: true,
            min_value: 1,
            max_value: 52,
          },
          {
            type: ApplicationCommandOptionType.Channel,
            name: "channel",
            description: "Its own channel for weekly check-ins and the final report",
            channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
          },
          {
            type: ApplicationCommandOptionType.Role,
            name: "role",
            description: "A role members get while in it",
          },
          {
            type: ApplicationCommandOptionType.Integer,
            name: "capacity",
            description: "Most members (default: no limit)",
            min_value: 1,
            max_value: 1000,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "add",
        description: "Moderators: add a member",
        options: [cohortOpt, memberOpt],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "remove",
        description: "Moderators: remove a member",
        options: [cohortOpt, memberOpt],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "end",
        description: "Moderators: end a cohort now",
        options: [name()],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "export",
        description: "Moderators: CSV of every member's weeks",
        options: [name()],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "join",
        description: "Join a cohort",
        options: [name()],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "leave",
        description: "Leave a cohort",
        options: [name()],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: "list", description: "This server's cohorts" },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: "status",
        description: "Week N of M and how each member is doing",
        options: [name()],
      },
    ],
  },

  async execute(interaction, ctx) {
    const { db, clock, caller } = ctx;
    const o = interaction.options;
    const sub = o.getSubcommand();
    const now = clock.now();
    if (MODERATOR_SUBCOMMANDS.has(sub)) requireModerator(interaction, db);
    const cohortName = () => o.getString(sub === "add" || sub === "remove" ? "cohort" : "name", true);

    switch (sub) {
      case "create": {
        const c = createCohort(
          db,
          caller.guildId,
          {
            name: o.getString("name", true),
            start: o.getString("start", true),
            weeks: o.getInteger("weeks", true),
            channelId: o.getChannel("channel")?.id ?? null,
            roleId: o.getRole("role")?.id ?? null,
            capacity: o.getInteger("capacity"),
          },
          caller.userId,
          now,
        );
        const where = c.channelId ? ` Weekly check-ins go to <#${c.channelId}>.` : "";
        return replyPublic(interaction, {
          content: `🎓 Cohort **${userText(c.name, 60)}** — ${c.weeks} weeks from ${c.startDate}.${where} Join with \`/cohort join name:${c.name}\`.`,
        });
      }
      case "join":
      case "add": {
        const target = sub === "add" ? o.getUser("member", true) : interaction.user;
        const displayName =
          sub === "add"
            ? (o.getMember("member")?.displayName ?? target.globalName ?? target.username)
            : caller.displayName;
        const ref = { guildId: caller.guildId, userId: target.id, displayName };
        const change =
          sub === "add"
            ? addToCohort(db, caller.guildId, cohortName(), ref, now)
            : joinCohort(db, caller.guildId, cohortName(), ref, now);
        const roleWarning = await syncRole(interaction, change, target.id, true, ctx);
        const capacityNote = change.overCapacity
          ? `\nℹ️ That is past its capacity of ${change.cohort.capacity}.`
          : "";
        const warning = `${capacityNote}${roleWarning}`;
        return replyPublic(interaction, {
          content: `✅ <@${target.id}> ${sub === "add" ? "was added to" : "joined"} **${userText(change.cohort.name, 60)}** (${change.members} member${change.members === 1 ? "" : "s"}).${warning}`,
        });
      }
      case "leave":
      case "remove": {
        const target = sub === "remove" ? o.getUser("member", true) : interaction.user;
        const change =
          sub === "remove"
            ? removeFromCohort(db, caller.guildId, cohortName(), target.id, now)
            : leaveCohort(db, caller.guildId, cohortName(), target.id, now);
        const warning = await syncRole(interaction, change, target.id, false, ctx);
        return replyPublic(interaction, {
          content: `👋 <@${target.id}> ${sub === "remove" ? "was removed from" : "left"} **${userText(change.cohort.name, 60)}**.${warning}`,
        });
      }
      case "end": {
        const c = endCohort(db, caller.guildId, cohortName(), caller.userId, now);
        const where = c.channelId ? `<#${c.channelId}>` : "the check-in channel";
        return replyPublic(interaction, {
          content: `🏁 **${userText(c.name, 60)}** has ended. The final report goes to ${where} shortly.`,
        });
      }
      case "export": {
        const c = findCohort(db, caller.guildId, cohortName());
        const csv = cohortCsv(db, c, guildDay(db, caller.guildId, now).today);
        return replyEphemeral(interaction, {
          content: `**${userText(c.name, 60)}**: ${csv.rows} rows (one per member per week).`,
          files: [{ attachment: Buffer.from(csv.csv, "utf8"), name: csv.filename }],
        });
      }
      case "list": {
        const list = listCohorts(db, caller.guildId, guildDay(db, caller.guildId, now).today);
        if (list.length === 0)
          return replyPublic(interaction, {
            content: "No cohorts yet. Moderators start one with /cohort create.",
          });
        const lines = list.map((s) => {
          const when =
            s.state === "running"
              ? `week ${s.week} of ${s.weeks}`
              : s.state === "upcoming"
                ? `starts ${s.cohort.startDate}`
                : "ended";
          return `• **${userText(s.cohort.name, 60)}** — ${when} · ${s.members} member${s.members === 1 ? "" : "s"}`;
        });
        return replyPublic(interaction, { content: lines.join("\n").slice(0, 2000) });
      }
      case "status": {
        const c = findCohort(db, caller.guildId, cohortName());
        return replyPublic(interaction, statusView(db, c, now, 0));
      }
      default:
        throw new Error(`unknown /cohort subcommand ${sub}`);
    }
  },

  async autocomplete(interaction, { db, caller }) {
    const names = searchCohorts(db, caller.guildId, interaction.options.getFocused());
    await interaction.respond(names.map((n) => ({ name: n, value: n })));
  },

  /** Status pages: anyone may page through a public status message. */
  async button(interaction, { db, clock, caller }) {
    const [, kind, id, page] = interaction.customId.split(":");
    if (kind !== "status") throw new Error(`unknown cohort button ${interaction.customId}`);
    const c = db
      .select()
      .from(cohorts)
      .where(eq(cohorts.id, Number(id)))
      .get();
    if (!c || c.guildId !== caller.guildId) throw new UserError("That cohort no longer exists.");
    await interaction.update({
      ...statusView(db, c, clock.now(), Number(page)),
      allowedMentions: NO_MENTIONS,
    });
  },
});
