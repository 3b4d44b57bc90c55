import { defineCommand } from "../src/discord/command";
import { callerIsModerator } from "../src/discord/moderator";
import { replyEphemeral } from "../src/discord/reply";
import { BRAND_COLOUR } from "../src/text/embeds";

interface HelpGroup {
  title: string;
  lines: readonly string[];
  /** shown only to moderators (SPEC §3.13) */
  moderator?: boolean;
}

/** One line per command with an example, grouped by what members do; kept beside the README's list. */
export const HELP_GROUPS: readonly HelpGroup[] = [
  {
    title: "Log your work",
    lines: [
      "`/log hours hours:1.5 kind:build topic:databases` — log time (`date:yesterday`, up to 7 days back)",
      "`/log project name:shortener url:https://short.example.com` — a deployed project",
      "`/log undo` — remove your latest entry from the last 24 hours",
      "`/checkin goals:ship the auth flow blockers:CORS` — your goals for this week",
      "`/pick-stack stack:python-django` — commit to one stack (`switch:true reason:…` to change early)",
    ],
  },
  {
    title: "Look at progress",
    lines: [
      "`/profile member:@someone` — stack, hours, build share, streaks, projects, milestones",
      "`/leaderboard period:week metric:build` — top 10 by hours, build hours, streak or projects",
      "`/stack show member:@someone` · `/stack peers` — stacks and who is on yours",
      "`/cohort status name:Spring backend` — week N of M · `/cohort list`",
    ],
  },
  {
    title: "Keep the rhythm",
    lines: [
      "`/prompt topic:http` — today's prompt, or a random one of a topic",
      "`/remind daily time:20:00` · `/remind checkin on` — a DM if you have not logged or checked in",
      "`/cohort join name:Spring backend` · `/cohort leave name:…` — time-boxed cohorts",
      "`/timezone name:Europe/Berlin` — your own time zone for days and streaks",
      "`/privacy export` · `/privacy delete` — your data here",
      "`/help` — this list",
    ],
  },
  {
    title: "Moderators",
    moderator: true,
    lines: [
      "`/config show` — settings and scheduled posts · `/config preview kind:checkin` — see a post now",
      "`/config channel kind:prompt channel:#daily` · `/config schedule kind:checkin time:10:00 weekday:monday`",
      "`/config stack-role stack:go role:@gophers` · `/config mod-role role:@mods` · `/config timezone`",
      "`/cohort create name:Spring backend start:2026-03-02 weeks:12` — also `add`, `remove`, `end`, `export`",
      "`/mod entries member:@someone` · `/mod remove id:123 reason:duplicate`",
    ],
  },
];

export const HELP_LINES: readonly string[] = HELP_GROUPS.flatMap((g) => g.lines);

export default defineCommand({
  name: "help",
  description: "Every shiplog command with an example",

  async execute(interaction, _args, { db }) {
    const moderator = await callerIsModerator(interaction, db);
    await replyEphemeral(interaction, {
      embeds: [
        {
          title: "shiplog",
          description:
            "Pick one stack, build more than you watch, ship things people can open, show up every week.",
          color: BRAND_COLOUR,
          fields: HELP_GROUPS.filter((g) => moderator || !g.moderator).map((g) => ({
            name: g.title,
            value: g.lines.join("\n"),
          })),
        },
      ],
    });
  },
});
