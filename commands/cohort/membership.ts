import { type ButtonInteraction, type ChatInputCommandInteraction, DiscordAPIError } from "discord.js";
import {
  addToCohort,
  joinCohort,
  leaveCohort,
  type MembershipChange,
  removeFromCohort,
} from "../../src/cohorts/membership";
import { findCohortById } from "../../src/cohorts/queries";
import { displayNameOf } from "../../src/discord/args";
import { joinId } from "../../src/discord/buttons";
import { type CommandContext, onButton } from "../../src/discord/command";
import { replyPublic } from "../../src/discord/reply";
import { ROLE_REFUSED } from "../../src/discord/roles";
import { UserError } from "../../src/errors";
import { recordRoleProblem } from "../../src/guilds/roles";
import type { MemberRef } from "../../src/members/members";
import { userText } from "../../src/text/escape";
import { cohortMemberSubcommand, namedCohortSubcommand } from "./shared";

/** A slash command or a Join button (SPEC §3.14), in a guild. */
type GuildInteraction = ChatInputCommandInteraction<"cached"> | ButtonInteraction<"cached">;

/** Adds or removes the cohort role; a refusal is reported, the membership change stands. */
async function syncRole(
  interaction: GuildInteraction,
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
    const refused = error instanceof DiscordAPIError && error.code === 50013;
    const why = refused ? "I lack Manage Roles or my role is below it" : "Discord refused";
    if (refused)
      await recordRoleProblem(
        ctx.db,
        ctx.caller.guildId,
        change.roleId,
        ROLE_REFUSED(change.roleId),
        ctx.clock.now(),
      );
    return `\n⚠️ The membership changed, but I could not ${add ? "give" : "take away"} <@&${change.roleId}> (${why}). A moderator can fix the role by hand.`;
  }
}

type Change = (
  db: CommandContext["db"],
  guildId: string,
  name: string,
  ref: MemberRef,
  now: Date,
) => Promise<MembershipChange>;

/** Joining and being added share everything but who, the domain call and the verb. */
async function enter(
  interaction: GuildInteraction,
  ctx: CommandContext,
  name: string,
  who: MemberRef,
  change: Change,
  verb: string,
) {
  const c = await change(ctx.db, ctx.caller.guildId, name, who, ctx.clock.now());
  const roleWarning = await syncRole(interaction, c, who.userId, true, ctx);
  const capacityNote = c.overCapacity ? `\nℹ️ That is past its capacity of ${c.cohort.capacity}.` : "";
  await replyPublic(interaction, {
    content: `✅ <@${who.userId}> ${verb} **${userText(c.cohort.name, 60)}** (${c.members} member${c.members === 1 ? "" : "s"}).${capacityNote}${roleWarning}`,
  });
}

/** Leaving and being removed likewise. */
async function exit(
  interaction: ChatInputCommandInteraction<"cached">,
  ctx: CommandContext,
  name: string,
  userId: string,
  change: (
    db: CommandContext["db"],
    guildId: string,
    name: string,
    userId: string,
    now: Date,
  ) => Promise<MembershipChange>,
  verb: string,
) {
  const c = await change(ctx.db, ctx.caller.guildId, name, userId, ctx.clock.now());
  const warning = await syncRole(interaction, c, userId, false, ctx);
  await replyPublic(interaction, {
    content: `👋 <@${userId}> ${verb} **${userText(c.cohort.name, 60)}**.${warning}`,
  });
}

export const join = namedCohortSubcommand({
  name: "join",
  description: "Join a cohort",
  execute: (interaction, name, ctx) => enter(interaction, ctx, name, ctx.caller, joinCohort, "joined"),
  /** Join on a cohort's announcement and on /cohort list: the same rules as /cohort join. */
  components: [
    onButton(joinId, async (interaction, { cohort }, ctx) => {
      const c = await findCohortById(ctx.db, ctx.caller.guildId, cohort);
      if (!c) throw new UserError("That cohort no longer exists. See /cohort list for the open ones.");
      await enter(interaction, ctx, c.name, ctx.caller, joinCohort, "joined");
    }),
  ],
});

export const leave = namedCohortSubcommand({
  name: "leave",
  description: "Leave a cohort",
  execute: (interaction, name, ctx) => exit(interaction, ctx, name, ctx.caller.userId, leaveCohort, "left"),
});

export const add = cohortMemberSubcommand({
  name: "add",
  description: "Moderators: add a member",
  execute(interaction, cohort, member, ctx) {
    const who = { guildId: ctx.caller.guildId, userId: member.user.id, displayName: displayNameOf(member) };
    return enter(interaction, ctx, cohort, who, addToCohort, "was added to");
  },
});

export const remove = cohortMemberSubcommand({
  name: "remove",
  description: "Moderators: remove a member",
  execute: (interaction, cohort, member, ctx) =>
    exit(interaction, ctx, cohort, member.user.id, removeFromCohort, "was removed from"),
});
