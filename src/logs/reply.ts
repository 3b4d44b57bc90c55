import type { Crossing } from "../celebrations/celebrate";
import { userText } from "../text/escape";
import { dayWords, formatHours } from "../text/format";
import type { LogHoursResult } from "./hours";
import { buildShare, type Totals } from "./stats";

/** "build share **43%** (target 70%)", or nothing before anything was logged. */
function shareText(t: Totals, target: number): string {
  const share = buildShare(t);
  return share === null
    ? ""
    : ` · build share **${share}%** (target ${target}%${share >= target ? " ✓" : ""})`;
}

/** The milestones an entry reached, one line, or nothing. */
export function milestoneLine(crossed: readonly Crossing[]): string {
  if (crossed.length === 0) return "";
  return `\n🏅 Milestone reached: ${crossed.map((m) => `**${m.label}**`).join(", ")}!`;
}

/**
 * The public reply to a logged entry (SPEC §3.2): what was stored and the day
 * it counts on, that day's total, the week it counts in with its build share,
 * and the streak after it. An entry on a day of an earlier week speaks of that
 * week; an entry that does not touch the current streak says which run of
 * days it is part of, never "streak 0 days".
 */
export function hoursReplyText(userId: string, r: LogHoursResult): string {
  const e = r.entry;
  const topic = e.topic ? ` on **${e.topic}**` : "";
  const note = e.note ? `\n> ${userText(e.note, 500).replace(/\n/g, "\n> ")}` : "";
  const day = dayWords(e.localDate, r.today);
  const dayTotal = r.day.minutes > e.minutes ? ` (**${formatHours(r.day.minutes)}** that day)` : "";
  const week = r.earlierWeek
    ? `That week: **${formatHours(r.earlierWeek.minutes)}**${shareText(r.earlierWeek, r.buildTargetPercent)}`
    : `This week: **${formatHours(r.week.minutes)}**${shareText(r.week, r.buildTargetPercent)}`;
  const streak =
    r.streak > 0
      ? `streak **${r.streak}** ${r.streak === 1 ? "day" : "days"}`
      : `no streak running: that day is part of a **${r.dayRun}**-day run, log today to start one`;
  return (
    `📝 <@${userId}> logged **${formatHours(e.minutes)}** of ${e.kind}${topic} for ${day}${dayTotal}.${note}\n` +
    `${week} · ${streak}${milestoneLine(r.milestones)}`
  );
}
