/**
 * User-typed text (names, notes, labels, goals) shown in text Discord renders
 * as markdown: the one escaper for replies, posts and error messages. No Discord
 * library here: Discord reads a backslash before any ASCII punctuation as "this
 * character, literally", so escaping the markdown characters is enough.
 */

/**
 * Clips to `max` UTF-16 units (never fewer than the characters Discord counts),
 * ending with `…` and never splitting an emoji.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = "";
  for (const c of text) {
    if (out.length + c.length > max - 1) break;
    out += c;
  }
  return `${out}…`;
}

export interface UserTextOptions {
  /** put the text on one line (names, labels); by default line breaks are kept (notes, goals) */
  oneLine?: boolean;
  /**
   * How mention syntax is kept from rendering: "escape" (default) escapes `<`,
   * so `<@id>`, `<#id>` and `<t:…>` show as typed; "zero-width" (member names in
   * posts) puts zero-width spaces around every `@`, so `<@id>`- and
   * `@everyone`-shaped names cannot read as mentions.
   */
  mentions?: "escape" | "zero-width";
}

/** Markdown syntax characters anywhere in a line: emphasis, code, spoilers, quotes, links. */
const MARKDOWN = /[\\*_~`|>[\]]/g;
const MARKDOWN_AND_ANGLE = /[\\*_~`|>[\]<]/g;
/** Markdown only at the start of a line: headings, subtext and lists (`# `, `-# `, `- `, `1. `). */
const HEADING_OR_BULLET = /^( *)(#{1,3} |-# |- )/gm;
const NUMBERED = /^( *\d+)\. /gm;
/**
 * A link Discord renders on its own: left as typed, since a backslash inside it
 * would change where it leads (browsers read `\` as `/`). It ends at the first
 * character that could close markdown around it.
 */
const LINK = /https?:\/\/[^\s\\*~`|<>[\]()]+/g;

function escapeMarkdown(text: string, pattern: RegExp): string {
  let out = "";
  let at = 0;
  for (const link of text.matchAll(LINK)) {
    out += text.slice(at, link.index).replace(pattern, "\\$&") + link[0];
    at = link.index + link[0].length;
  }
  out += text.slice(at).replace(pattern, "\\$&");
  return out.replace(HEADING_OR_BULLET, "$1\\$2").replace(NUMBERED, "$1\\. ");
}

/**
 * User text clipped to `max` characters (before escaping), with Discord
 * markdown and mention syntax neutralised so it shows exactly as typed.
 */
export function userText(text: string, max: number, opts: UserTextOptions = {}): string {
  const shaped = opts.oneLine ? text.replace(/\s+/g, " ").trim() : text;
  const cut = clip(shaped, max);
  if (opts.mentions === "zero-width") {
    return escapeMarkdown(cut, MARKDOWN).replace(/@/g, "\u200b@\u200b");
  }
  return escapeMarkdown(cut, MARKDOWN_AND_ANGLE);
}

/** Discord display names are at most 32 characters; anything longer is cut. */
export const MEMBER_NAME_MAX = 32;

/** A member's stored display name in a post or page: one line, never a mention. */
export function memberName(name: string): string {
  return userText(name, MEMBER_NAME_MAX, { oneLine: true, mentions: "zero-width" }) || "(no name)";
}
