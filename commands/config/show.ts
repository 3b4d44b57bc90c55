import { replyEphemeral } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { configSummary, WEEKDAYS } from "../../src/guilds/config";
import { POST_LABEL, scheduleWords } from "../../src/guilds/post-kinds";
import { listRoleProblems, listStackRoles } from "../../src/guilds/roles";
import { BUILTIN_STACKS, guildCatalog } from "../../src/stacks/catalog";
import { userText } from "../../src/text/escape";
import { discordTimestamp } from "../../src/text/format";

export default defineSubcommand({
  name: "show",
  description: "Current settings and scheduled posts",

  async execute(interaction, _args, { db, clock, caller }) {
    const guildId = caller.guildId;
    const { settings: s, posts } = await configSummary(db, guildId, clock.now());
    const added = (await guildCatalog(db, guildId)).slice(BUILTIN_STACKS.length);
    const roles = await listStackRoles(db, guildId);
    const problems = await listRoleProblems(db, guildId);
    const lines = [
      "**Server settings**",
      `Time zone: **${s.timezone}** · commitment **${s.commitmentDays} days** · daily cap **${s.dailyCapMinutes / 60} h** · build target **${s.buildTargetPercent}%**`,
      `Moderator role: ${s.modRoleId ? `<@&${s.modRoleId}>` : "none (Manage Server only)"}`,
      `Added stacks: ${added.length === 0 ? "none" : added.map((x) => `\`${x.id}\` ${userText(x.label, 60)}`).join(", ")}`,
      `Stack roles: ${roles.length === 0 ? "none" : roles.map((r) => `\`${r.stackId}\` → <@&${r.roleId}>`).join(", ")}`,
      ...problems.map((p) => `⚠️ ${p.problem} (${discordTimestamp(p.at, "R")})`),
      "",
      "**Scheduled posts**",
      ...posts.map((p) => {
        const when = scheduleWords(p.weekday === null ? null : WEEKDAYS.indexOf(p.weekday) + 1, p.time);
        const where = p.channelId
          ? `in <#${p.channelId}>`
          : `— no channel yet: \`/config channel kind:${p.kind}\``;
        const next = p.channelId ? ` · next ${discordTimestamp(p.next, "f")}` : "";
        const last = p.last
          ? ` · last: ${p.last.outcome} ${discordTimestamp(p.last.at, "R")}${p.last.error ? ` — ${p.last.error}` : ""}`
          : "";
        return `• ${POST_LABEL[p.kind]}: ${when} ${where}${next}${last}`;
      }),
    ];
    await replyEphemeral(interaction, lines.join("\n"));
  },
});
