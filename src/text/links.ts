/**
 * URLs inside Markdown. A stored project URL is already limited to RFC 3986
 * characters (src/projects/url.ts), but rows from older versions are not, and a
 * `)` or `]` inside a link target is enough to end it early and let the rest of
 * the URL render as a link of its own ("[Click here](https://evil.example)").
 * Every URL a reply or post shows goes through one of these two functions.
 */

// What may stay as typed inside a link target: RFC 3986 minus the brackets and
// parentheses that Markdown reads as link syntax. Everything else is percent-encoded,
// which keeps the link pointing at the same resource.
const UNSAFE_IN_LINK = /[^A-Za-z0-9\-._~:/?#@!$&'*+,;=%]/gu;

/** `%XX` for each UTF-8 byte of `c`. */
export function percentEncode(c: string): string {
  return Array.from(
    new TextEncoder().encode(c),
    (b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`,
  ).join("");
}

/** The target of a Markdown link, `[label](${linkTarget(url)})`. */
export function linkTarget(url: string): string {
  return url.replace(UNSAFE_IN_LINK, percentEncode);
}

/** A URL shown on its own: `<…>` keeps Discord from reading Markdown in it or unfurling a preview. */
export function bareLink(url: string): string {
  return `<${linkTarget(url)}>`;
}
