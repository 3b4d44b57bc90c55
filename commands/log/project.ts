import { celebrate } from "../../src/discord/celebrate";
import { option } from "../../src/discord/options";
import { replyPublic } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { milestoneLine } from "../../src/logs/reply";
import { recordAnnouncement } from "../../src/projects/announcements";
import { describeLiveness, recordLiveness } from "../../src/projects/live-status";
import { checkLiveness } from "../../src/projects/liveness";
import { logProject, MAX_DESCRIPTION, MAX_PROJECT_NAME } from "../../src/projects/log";
import { nonceFor } from "../../src/scheduler/poster";
import { userText } from "../../src/text/escape";
import { bareLink } from "../../src/text/links";

export default defineSubcommand({
  name: "project",
  description: "Log a deployed project with its live URL",
  options: [
    option.string("name", "Project name", { required: true, max_length: MAX_PROJECT_NAME }),
    option.string("url", "Public URL where it runs (https://…)", { required: true, max_length: 2048 }),
    option.string("repo", "Source repository URL", { max_length: 2048 }),
    option.string("description", "What it does", { max_length: MAX_DESCRIPTION }),
  ],

  async execute(interaction, args, { db, clock, caller, log, network, saved }) {
    const result = await logProject(db, caller, interaction.id, args, clock.now());
    const e = result.entry;
    saved({ what: `project #${e.id} (${userText(e.name, 100)})`, undo: "`/log undo`" });
    let status = describeLiveness(e);
    if (result.created) {
      // The project is stored and stays stored; the check (up to 5 s) only says whether it answers.
      await interaction.deferReply();
      const live = await checkLiveness(e.url, network);
      await recordLiveness(db, e.id, live, clock.now());
      status = describeLiveness(
        live.live ? { liveStatus: "live" } : { liveStatus: "unreachable", liveReason: live.why },
      );
    }
    const repo = e.repo ? ` · source: ${bareLink(e.repo)}` : "";
    const description = e.description ? `\n> ${userText(e.description, 500).replace(/\n/g, "\n> ")}` : "";
    const line = `🚀 <@${caller.userId}> shipped **${userText(e.name, 100)}** — ${bareLink(e.url)} · ${status}${repo}${description}`;
    await replyPublic(interaction, { content: `${line}${milestoneLine(result.milestones)}` });
    // The announcement is a courtesy: the project is already stored and acknowledged.
    const channelId = result.announceChannelId;
    if (result.created && channelId && channelId !== interaction.channelId) {
      const channel = interaction.guild.channels.cache.get(channelId);
      if (channel?.isSendable()) {
        const sent = await channel
          // A nonce from the entry: a re-send after a lost answer returns the first message.
          .send({
            content: line,
            allowedMentions: { parse: [] },
            nonce: nonceFor(`shipped|${e.id}`),
            enforceNonce: true,
          })
          .catch((error: unknown) => {
            log.warn("shipped announcement failed", { guild: caller.guildId, channel: channelId, error });
            return null;
          });
        // remembered so `/log undo` can take it down again (SPEC §3.2)
        if (sent) await recordAnnouncement(db, e.id, { channelId, messageId: sent.id });
      }
    }
    await celebrate(interaction.client, result, caller, interaction.channelId, log);
  },
});
