import type { Db } from "../../src/db/client";
import { option } from "../../src/discord/options";
import { replyEphemeral } from "../../src/discord/reply";
import { defineSubcommand } from "../../src/discord/subcommand";
import { setBuildTarget, setCommitmentDays, setDailyCap } from "../../src/guilds/config";
import type { GuildSettings } from "../../src/guilds/settings";

/** A whole-number server setting: one required integer option, set, then confirmed. */
function integerSetting<const N extends string>(spec: {
  name: string;
  description: string;
  value: { name: N; description: string; min: number; max: number };
  set(db: Db, guildId: string, value: number, now: Date): Promise<GuildSettings>;
  done(s: GuildSettings): string;
}) {
  const { value } = spec;
  return defineSubcommand({
    name: spec.name,
    description: spec.description,
    options: [
      option.integer(value.name, value.description, {
        required: true,
        min_value: value.min,
        max_value: value.max,
      }),
    ],
    async execute(interaction, args, { db, clock, caller }) {
      const s = await spec.set(db, caller.guildId, args[value.name], clock.now());
      await replyEphemeral(interaction, spec.done(s));
    },
  });
}

export const commitment = integerSetting({
  name: "commitment",
  description: "How long a /pick-stack commitment lasts",
  value: { name: "days", description: "14–365", min: 14, max: 365 },
  set: setCommitmentDays,
  done: (s) =>
    `New /pick-stack commitments last **${s.commitmentDays} days**. Existing commitments keep their end dates.`,
});

export const dailyCap = integerSetting({
  name: "daily-cap",
  description: "Most hours a member can log for one day",
  value: { name: "hours", description: "1–24", min: 1, max: 24 },
  set: setDailyCap,
  done: (s) => `Members can log at most **${s.dailyCapMinutes / 60} h** per day.`,
});

export const buildTarget = integerSetting({
  name: "build-target",
  description: "Target share of build hours",
  value: { name: "percent", description: "0–100", min: 0, max: 100 },
  set: setBuildTarget,
  done: (s) => `Build target set to **${s.buildTargetPercent}%**.`,
});
