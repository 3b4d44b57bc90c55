import { defineCommand } from "../src/discord/command";
import { replyEphemeral } from "../src/discord/reply";

/** One line per command with an example (SPEC §3.13); kept beside the README's command list. */
export const HELP_LINES: readonly string[] = [
  "`/pick-stack stack:python-django` — commit to one stack for the next months (`switch:true reason:…` to change early)",
  "`/stack show member:@someone` — a member's stack, days in, days left · `/stack peers` — who is on your stack",
  "`/log hours hours:1.5 kind:build topic:databases note:added an index` — log time (`date:yesterday` or `YYYY-MM-DD`, up to 7 days back)",
  "`/log project name:shortener url:https://short.example.com repo:https://github.com/you/shortener` — log a deployed project",
  "`/log undo` — remove your latest entry from the last 24 hours",
  "`/profile member:@someone` — stack, hours, build share, streaks, projects, milestones",
  "`/leaderboard period:week metric:build` — top 10 by hours, build hours, streak or projects (week, month, all, or `cohort:`)",
  "`/prompt topic:http` — today's prompt, or a random one of a topic",
  "`/checkin goals:ship the auth flow blockers:CORS errors` — your goals for this week (again to replace them)",
  "`/config show` — moderators: time zone, channels, schedules, caps, moderator role, extra stacks",
  "`/cohort join name:Spring backend` — join a cohort · `/cohort status name:…` — week N of M · `/cohort list` · `/cohort leave`",
  "`/cohort create name:Spring backend start:2026-03-02 weeks:12 channel:#spring` — moderators: also `add`, `remove`, `end`, `export` (CSV)",
  "`/mod entries member:@someone` · `/mod remove id:123 reason:duplicate` — moderators: review and remove entries",
  "`/privacy export` — your data here as JSON · `/privacy delete` — erase it (asks to confirm)",
  "`/timezone name:Europe/Berlin` — your own time zone for days and streaks (`server` to use the server's)",
  "`/help` — this list",
];

export default defineCommand({
  name: "help",
  description: "Every shiplog command with an example",

  async execute(interaction) {
    await replyEphemeral(interaction, {
      content: `**shiplog** — pick one stack, build more than you watch, ship things people can open, show up every week.\n\n${HELP_LINES.join("\n")}`,
    });
  },
});
