/**
 * Leaderboard text for embeds, with no Discord library in sight. Members are
 * written as `<@id>` mentions, which Discord renders as their current name; the
 * bot sends with mentions disabled, so nobody is pinged. Where a mention cannot
 * render (a member who left), `names: "stored"` writes the stored display name
 * instead. Every description stays within Discord's 4096-character limit.
 */

import { clip, memberName, userText } from "../text/escape";
import { formatHours } from "../text/format";
import { linkTarget } from "../text/links";
import type { Leaderboard, Metric, ShippedProject, Standing } from "./leaderboard";

export const DESCRIPTION_LIMIT = 4096;
export const TITLE_LIMIT = 256;
/** Longest display name or project name written out, in characters. */
export const NAME_LIMIT = 64;

export interface FormattedPost {
  title: string;
  description: string;
}

export type NameStyle = "mention" | "stored";

const MEDALS: Record<number, string> = { 1: "🥇", 2: "🥈", 3: "🥉" };

const METRIC_HEADINGS: Record<Metric, string> = {
  hours: "Hours logged",
  build: "Build hours",
  streak: "Current streaks (days in a row with logged hours)",
  projects: "Projects shipped",
};

const EMPTY: Record<Metric, string> = {
  hours: "Nobody has logged hours in this period yet. Log one with `/log hours` and take the top spot!",
  build:
    "No build hours in this period yet. Build something small and log it with `/log hours kind:build` — first place is open!",
  streak: "No streaks running right now. Log an hour today with `/log hours` and start one!",
  projects: "Nothing shipped in this period yet. Deploy something small and share it with `/log project`!",
};

export function formatScore(metric: Metric, score: number): string {
  switch (metric) {
    case "hours":
    case "build":
      return formatHours(score);
    case "streak":
      return score === 1 ? "1 day" : `${score} days`;
    case "projects":
      return score === 1 ? "1 project" : `${score} projects`;
  }
}

/** A mention (replies: Discord shows the current name), or the stored name in bold as every post writes it. */
function who(s: Pick<Standing, "userId" | "displayName">, names: NameStyle): string {
  return names === "mention" ? `<@${s.userId}>` : `**${memberName(s.displayName)}**`;
}

/** `🥇 **1.** <@123> — 12.5 h`; ties share the medal as they share the rank. */
export function standingLine(s: Standing, metric: Metric, names: NameStyle = "mention"): string {
  const medal = MEDALS[s.rank];
  return `${medal ? `${medal} ` : ""}**${s.rank}.** ${who(s, names)} — ${formatScore(metric, s.score)}`;
}

const moreLine = (n: number): string => `…and ${n} more`;

/**
 * The longest prefix of `lines` that fits in `budget` characters when joined by
 * newlines, followed by `…and N more` when some were left out.
 */
export function fitLines(lines: readonly string[], budget: number, total = lines.length): string[] {
  const out: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const next = used + (out.length > 0 ? 1 : 0) + line.length;
    const left = total - i - 1;
    const tail = left > 0 ? 1 + moreLine(left).length : 0;
    if (next + tail > budget) break;
    out.push(line);
    used = next;
  }
  if (out.length < total) out.push(moreLine(total - out.length));
  return out;
}

interface Block {
  /** kept whole */
  heading?: string;
  /** cut to fit, with `…and N more` */
  lines: readonly string[];
  /** how many lines there are in all when `lines` holds only the first ones (for `…and N more`) */
  total?: number;
  /** never cut (short by construction) */
  fixed?: boolean;
}

const blockLength = (b: Block): number =>
  [...(b.heading !== undefined ? [b.heading] : []), ...b.lines].join("\n").length;

/**
 * Blocks separated by blank lines, cut so the whole stays within `limit`. Each
 * cut block in turn gets at least an equal share of what is left, and more when
 * the blocks after it need less, so a long first section cannot crowd out the rest.
 */
function assemble(blocks: readonly Block[], limit: number): string {
  const shown = blocks.filter((b) => b.heading !== undefined || b.lines.length > 0);
  const flexible = shown.filter((b) => !b.fixed);
  const fixedLength = (b: Block): number =>
    b.fixed ? blockLength(b) : b.heading !== undefined ? b.heading.length + 1 : 0;
  let remaining = limit - 2 * Math.max(0, shown.length - 1) - shown.reduce((n, b) => n + fixedLength(b), 0);
  const fitted = new Map<Block, readonly string[]>();
  flexible.forEach((b, i) => {
    const later = flexible.slice(i + 1);
    const laterNeeds = later.reduce((n, l) => n + blockLength(l) - fixedLength(l), 0);
    const laterShare = Math.floor((remaining * later.length) / (later.length + 1));
    const lines = fitLines(b.lines, remaining - Math.min(laterNeeds, laterShare), b.total);
    fitted.set(b, lines);
    remaining -= lines.join("\n").length;
  });
  const text = shown
    .map((b) => [...(b.heading !== undefined ? [b.heading] : []), ...(fitted.get(b) ?? b.lines)].join("\n"))
    .join("\n\n");
  return clip(text, limit);
}

/** The lines of a board: its standings, or the metric's encouraging empty line. */
function boardLines(lb: Leaderboard, names: NameStyle): string[] {
  return lb.top.length > 0 ? lb.top.map((s) => standingLine(s, lb.metric, names)) : [EMPTY[lb.metric]];
}

/**
 * A leaderboard as an embed title and description: the period and metric, the
 * top standings, and the caller's own line after a separator when they are
 * outside the top.
 */
export function formatLeaderboard(
  lb: Leaderboard,
  opts: { title: string; names?: NameStyle },
): FormattedPost {
  const names = opts.names ?? "mention";
  const scope = lb.metric === "streak" ? "as of today" : lb.period.label;
  const header = `*${METRIC_HEADINGS[lb.metric]} · ${scope}*`;
  const blocks: Block[] = [{ lines: [header], fixed: true }, { lines: boardLines(lb, names) }];
  if (lb.caller) {
    blocks.push({ lines: ["⋯", `${standingLine(lb.caller, lb.metric, names)} ← you`], fixed: true });
  }
  if (lb.participants > 0) {
    blocks.push({
      lines: [`${lb.participants} ${lb.participants === 1 ? "member" : "members"} on the board`],
      fixed: true,
    });
  }
  return { title: clip(opts.title, TITLE_LIMIT), description: assemble(blocks, DESCRIPTION_LIMIT) };
}

const countNote = (n: number): string => (n === 0 ? "" : ` · ${n} ${n === 1 ? "member" : "members"}`);

export interface WeeklyPostData {
  hours: Leaderboard;
  streak: Leaderboard;
  /** `displayName` is used only with `names: "stored"`; at least `SHIPPED_READ_LIMIT` of them when `projectsTotal` says more */
  projects: ReadonlyArray<Pick<ShippedProject, "userId" | "name" | "url"> & { displayName?: string }>;
  /** how many projects were shipped in all, when `projects` holds only the first ones */
  projectsTotal?: number;
}

/**
 * More "Shipped this week" lines than this can never be shown: each is at least
 * the 10 characters of `• [](…) by …` around its parts, plus a newline, and the
 * whole description is at most `DESCRIPTION_LIMIT`. A big guild's post reads
 * this many projects and the total, not every project of the week.
 */
export const SHIPPED_READ_LIMIT = Math.floor(DESCRIPTION_LIMIT / ("• [](".length + ") by ".length + 1)) + 1;

/**
 * The weekly leaderboard post (SPEC §3.7): the closed week by hours, then short
 * "Streaks" and "Shipped this week" sections. Each section is cut with
 * `…and N more` so the whole stays within 4096 characters.
 */
export function formatWeeklyPost(data: WeeklyPostData, opts: { names?: NameStyle } = {}): FormattedPost {
  const names = opts.names ?? "mention";
  const shipped = data.projects.map(
    (p) =>
      `• [${userText(p.name, NAME_LIMIT, { oneLine: true })}](${linkTarget(p.url)}) by ${who({ userId: p.userId, displayName: p.displayName ?? p.userId }, names)}`,
  );
  const blocks: Block[] = [
    { lines: [`*${data.hours.period.label}*`], fixed: true },
    {
      heading: `**${METRIC_HEADINGS.hours}**${countNote(data.hours.participants)}`,
      lines: boardLines(data.hours, names),
    },
    { heading: "**Streaks**", lines: boardLines(data.streak, names) },
    {
      heading: "**Shipped this week**",
      lines:
        shipped.length > 0
          ? shipped
          : ["Nothing shipped this week. Deploy something small and share it with `/log project`!"],
      ...(shipped.length > 0 && data.projectsTotal !== undefined
        ? { total: Math.max(shipped.length, data.projectsTotal) }
        : {}),
    },
  ];
  return {
    // Embed titles do not render timestamps: the week's dates open the description.
    title: "🏆 Weekly leaderboard",
    description: assemble(blocks, DESCRIPTION_LIMIT),
  };
}
