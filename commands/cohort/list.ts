import { guildDay, listCohorts } from "../../src/cohorts/queries";
import { replyPublic } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { userText } from "../../src/text/escape";

export default defineSubcommand({
  name: "list",
  description: "This server's cohorts",
  async execute(interaction, _args, { db, clock, caller }) {
    const list = listCohorts(db, caller.guildId, guildDay(db, caller.guildId, clock.now()).today);
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
    await replyPublic(interaction, { content: lines.join("\n").slice(0, 2000) });
  },
});
