import { guildDay, listCohorts } from "../../src/cohorts/queries";
import { buttonRows, joinButton } from "../../src/discord/buttons";
import { replyPublic } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { clip, userText } from "../../src/text/escape";
import { dayStamp } from "../../src/text/format";

/** Discord allows 5 rows of 5 buttons, and 80 characters on a button. */
const MAX_JOIN_BUTTONS = 25;

export default defineSubcommand({
  name: "list",
  description: "This server's cohorts",
  async execute(interaction, _args, { db, clock, caller }) {
    const list = await listCohorts(
      db,
      caller.guildId,
      (await guildDay(db, caller.guildId, clock.now())).today,
    );
    if (list.length === 0)
      return replyPublic(interaction, {
        content: "No cohorts yet. Moderators start one with /cohort create.",
      });
    const lines = list.map((s) => {
      const when =
        s.state === "running"
          ? `week ${s.week} of ${s.weeks}`
          : s.state === "upcoming"
            ? `starts ${dayStamp(s.cohort.startDate)}`
            : "ended";
      return `• **${userText(s.cohort.name, 60)}** — ${when} · ${s.members} member${s.members === 1 ? "" : "s"}`;
    });
    // A Join button for each cohort still open to join (SPEC §3.14).
    const joins = list
      .filter((s) => s.state !== "ended")
      .slice(0, MAX_JOIN_BUTTONS)
      .map((s) => joinButton(caller.guildId, s.cohort.id, clip(`Join ${s.cohort.name}`, 80)));
    await replyPublic(interaction, {
      content: lines.join("\n").slice(0, 2000),
      components: buttonRows(joins),
    });
  },
});
