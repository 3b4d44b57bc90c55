import type { APIEmbed } from "discord.js";
import { renderCardOffThread } from "../src/cards/render";
import { memberCohorts } from "../src/cohorts/queries";
import { displayNameOf } from "../src/discord/args";
import { buttonRows, logTimeButton } from "../src/discord/buttons";
import { defineCommand } from "../src/discord/command";
import { option } from "../src/discord/options";
import { replyPublic } from "../src/discord/reply";
import { profileCardData } from "../src/profile/card";
import { memberProfile, type Profile } from "../src/profile/profile";
import { describeLiveness } from "../src/projects/live-status";
import { BRAND_COLOUR } from "../src/text/embeds";
import { userText } from "../src/text/escape";
import { discordTimestamp, formatHours, plural } from "../src/text/format";
import { linkTarget } from "../src/text/links";

function share(value: number | null): string {
  return value === null ? "—" : `${value}%`;
}

export const CARD_FILE = "profile-card.png";

export function profileEmbed(p: Profile, displayName: string, cohortNames: readonly string[] = []): APIEmbed {
  const stack = p.stack
    ? `**${p.stack.label}** · day ${p.stack.daysIn + 1}${p.stack.daysLeft > 0 ? ` · committed until ${discordTimestamp(p.stack.committedUntil)}` : " · commitment complete"} · ${p.stack.switchCount} switch${p.stack.switchCount === 1 ? "" : "es"}`
    : "No stack yet — /pick-stack to commit to one.";
  const projects =
    p.projects.length === 0
      ? "None yet — ship something people can open, then /log project."
      : [
          ...p.projects.map(
            (pr) =>
              `• [${userText(pr.name, 80)}](${linkTarget(pr.url)}) · ${discordTimestamp(pr.shippedAt)} · ${describeLiveness(pr)}`,
          ),
          ...(p.projectCount > p.projects.length ? [`…and ${p.projectCount - p.projects.length} more`] : []),
        ].join("\n");
  return {
    title: `${userText(displayName, 80)}'s shiplog`,
    color: BRAND_COLOUR,
    fields: [
      { name: "Stack", value: stack },
      {
        name: "This week",
        value: `${formatHours(p.week.minutes)} · build ${share(p.buildShareWeek)}`,
        inline: true,
      },
      {
        name: "All time",
        value: `${formatHours(p.allTime.minutes)} · build ${share(p.buildShareAllTime)}`,
        inline: true,
      },
      { name: "Build target", value: `${p.buildTargetPercent}%`, inline: true },
      {
        name: "Streak",
        value: `${plural(p.streaks.current, "day", "days")} (longest ${p.streaks.longest})`,
        inline: true,
      },
      { name: `Projects (${p.projectCount})`, value: projects.slice(0, 1024) },
      {
        name: "Cohorts",
        value:
          cohortNames.length === 0
            ? "None — /cohort list shows what is running."
            : cohortNames.map((n) => userText(n, 60)).join(", "),
      },
      {
        name: "Milestones",
        value:
          p.milestones.length === 0
            ? "None yet — log your first hour."
            : p.milestones.map((m) => `🏅 ${m.label}`).join("\n"),
      },
    ],
  };
}

export default defineCommand({
  name: "profile",
  description: "A member's stack, hours, build share, streaks, projects and milestones",
  options: [option.user("member", "Default: you")],

  async execute(interaction, { member }, { db, clock, caller, log }) {
    // The card renders on a worker thread (and the first one starts it): defer so Discord waits.
    await interaction.deferReply();
    const userId = member?.user.id ?? caller.userId;
    const displayName = member ? displayNameOf(member) : caller.displayName;
    const profile = await memberProfile(db, caller.guildId, userId, clock.now());
    const cohortNames = (await memberCohorts(db, caller.guildId, userId)).map((c) => c.name);
    const embed = profileEmbed(profile, displayName, cohortNames);
    // the next action (SPEC §3.14): whoever reads it can log their own time
    const components = buttonRows([logTimeButton(caller.guildId)]);
    // The card is a picture of the embed's facts: without it the reply still says everything.
    const png = await renderCardOffThread(
      await profileCardData(db, caller.guildId, profile, displayName),
    ).catch((error: unknown) => {
      log.warn("profile card failed", { guild: caller.guildId, user: userId, error });
      return null;
    });
    if (!png) return replyPublic(interaction, { embeds: [embed], components });
    await replyPublic(interaction, {
      embeds: [{ ...embed, image: { url: `attachment://${CARD_FILE}` } }],
      files: [{ attachment: png, name: CARD_FILE, description: `${displayName}'s shiplog card` }],
      components,
    });
  },
});
