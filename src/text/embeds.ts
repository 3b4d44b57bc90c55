/**
 * Laying a scheduled post out in embeds within Discord's message limits, shared
 * by the weekly check-in and the cohort posts. Plain text in, plain objects out.
 */

/** shiplog's embed colour, shared by replies and scheduled posts. */
export const BRAND_COLOUR = 0x2f9e44;

/** Discord's limits for one message's embeds. */
export const MAX_EMBEDS = 10;
export const MAX_EMBED_DESCRIPTION = 4096;
export const MAX_EMBED_TOTAL = 6000;

export interface PostEmbed {
  title?: string;
  description: string;
}

export interface EmbedPost {
  /** a one-line heading, sent as the message content; counted in the size budget anyway */
  title: string;
  embeds: PostEmbed[];
}

export interface Section {
  title: string;
  lines: readonly string[];
}

export const embedSize = (e: PostEmbed) => (e.title?.length ?? 0) + e.description.length;
export const postSize = (p: EmbedPost) => p.title.length + p.embeds.reduce((n, e) => n + embedSize(e), 0);
const moreLine = (n: number) => `…and ${n} more`;

/** Packs lines into embeds (first one titled) within a character budget and an embed count. */
function pack(
  title: string,
  lines: readonly string[],
  budget: number,
  maxEmbeds: number,
  descriptionCap: number,
): { embeds: PostEmbed[]; packed: number } {
  const embeds: PostEmbed[] = [];
  let used = title.length;
  let packed = 0;
  for (const line of lines) {
    const current = embeds.at(-1);
    if (current && current.description.length + 1 + line.length <= descriptionCap) {
      if (used + 1 + line.length > budget) break;
      current.description += `\n${line}`;
      used += 1 + line.length;
    } else {
      if (embeds.length >= maxEmbeds || line.length > descriptionCap || used + line.length > budget) break;
      embeds.push(embeds.length === 0 ? { title, description: line } : { description: line });
      used += line.length;
    }
    packed += 1;
  }
  return { embeds, packed };
}

/** A titled list, cut with "…and N more" when it does not fit. */
function section(s: Section, budget: number, maxEmbeds: number): PostEmbed[] {
  const whole = pack(s.title, s.lines, budget, maxEmbeds, MAX_EMBED_DESCRIPTION);
  if (whole.packed === s.lines.length) return whole.embeds;
  const reserve = moreLine(s.lines.length).length + 1;
  const cut = pack(s.title, s.lines, budget - reserve, maxEmbeds, MAX_EMBED_DESCRIPTION - reserve);
  const more = moreLine(s.lines.length - cut.packed);
  const last = cut.embeds.at(-1);
  if (last) last.description += `\n${more}`;
  else cut.embeds.push({ title: s.title, description: more });
  return cut.embeds;
}

/**
 * A post of fixed embeds (short, built by the caller) followed by lists. Never
 * exceeds Discord's limits (10 embeds, 4096 characters per description, 6000
 * in all, the heading included): the room left after the fixed part is shared
 * fairly — short lists take what they need, long ones split the rest — and
 * lists that do not fit end with "…and N more".
 */
export function layoutPost(title: string, fixed: readonly PostEmbed[], lists: readonly Section[]): EmbedPost {
  const embeds = fixed.slice(0, MAX_EMBEDS).map((e) => ({ ...e }));
  let room = MAX_EMBED_TOTAL - title.length - embeds.reduce((n, e) => n + embedSize(e), 0);
  const slots = MAX_EMBEDS - embeds.length;
  const shown = lists.filter((l) => l.lines.length > 0).slice(0, Math.max(0, slots));
  if (shown.length > 0 && room > 0) {
    const maxEmbedsEach = Math.floor(slots / shown.length);
    const needs = shown.map((l) => l.title.length + l.lines.reduce((n, line) => n + line.length + 1, 0));
    const budgets = new Array<number>(shown.length).fill(0);
    const order = shown.map((_, i) => i).sort((a, b) => (needs[a] ?? 0) - (needs[b] ?? 0));
    order.forEach((i, k) => {
      const share = Math.floor(room / (order.length - k));
      const budget = Math.min(needs[i] ?? 0, share);
      budgets[i] = budget;
      room -= budget;
    });
    shown.forEach((l, i) => {
      embeds.push(...section(l, budgets[i] ?? 0, maxEmbedsEach));
    });
  }
  // Belt and braces: a list squeezed to almost nothing still adds its "…and N
  // more" line; drop trailing embeds rather than ever exceed the total.
  const post = { title, embeds };
  while (post.embeds.length > 1 && postSize(post) > MAX_EMBED_TOTAL) post.embeds.pop();
  return post;
}
