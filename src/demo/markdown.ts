/** Discord's basic markdown as HTML: everything escaped first, then bold, italics, code, links, timestamps, mentions. */

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

export interface Names {
  user(id: string): string;
  channel(id: string): string;
}

const TIMESTAMP_STYLES: Record<string, Intl.DateTimeFormatOptions> = {
  t: { timeStyle: "short" },
  T: { timeStyle: "medium" },
  d: { dateStyle: "short" },
  D: { dateStyle: "long" },
  f: { dateStyle: "long", timeStyle: "short" },
  F: { dateStyle: "full", timeStyle: "short" },
};

function timestamp(seconds: string, style: string): string {
  const date = new Date(Number(seconds) * 1000);
  if (style === "R") return date.toISOString().slice(0, 16).replace("T", " ");
  const options = TIMESTAMP_STYLES[style] ?? TIMESTAMP_STYLES.f;
  return new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" }).format(date);
}

/** Markdown to HTML; the input is escaped before any tag is added, so member text cannot inject HTML. */
export function markdown(text: string, names: Names): string {
  let html = escapeHtml(text);
  html = html.replace(/&lt;t:(\d{1,12})(?::([tTdDfFR]))?&gt;/g, (_, s: string, style?: string) => {
    const shown = timestamp(s, style ?? "f");
    return `<time datetime="${new Date(Number(s) * 1000).toISOString()}">${shown}</time>`;
  });
  html = html.replace(
    /&lt;@!?(\d{5,20})&gt;/g,
    (_, id: string) => `<span class="mention">@${escapeHtml(names.user(id))}</span>`,
  );
  html = html.replace(/&lt;@&amp;(\d{5,20})&gt;/g, () => `<span class="mention">@role</span>`);
  html = html.replace(
    /&lt;#(\d{5,20})&gt;/g,
    (_, id: string) => `<span class="mention">#${escapeHtml(names.channel(id))}</span>`,
  );
  html = html.replace(/`([^`\n]+)`/g, "<code>$1</code>");
  html = html.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
  html = html.replace(/(^|[^*])\*([^*\n]+)\*/g, "$1<em>$2</em>");
  html = html.replace(/(^|\s)_([^_\n]+)_(?=\s|$)/g, "$1<em>$2</em>");
  html = html.replace(
    /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g,
    (_, label: string, url: string) => `<a href="${url}" rel="noreferrer noopener">${label}</a>`,
  );
  html = html.replace(/^-# (.*)$/gm, "<small>$1</small>");
  html = html.replace(/^&gt; (.*)$/gm, "<q>$1</q>");
  return html.replaceAll("\n", "<br>");
}
