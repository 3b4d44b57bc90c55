/** One reply or post as Discord shows it: content, embeds with colour bar and fields, images, buttons. */
import type { APIEmbed } from "discord-api-types/v10";
import type { FeedItem } from "./feed";
import { escapeHtml, markdown, type Names } from "./markdown";

interface Button {
  type: number;
  style?: number;
  label?: string;
  custom_id?: string;
  url?: string;
  disabled?: boolean;
}

const LINK_STYLE = 5;

function imageUrl(item: FeedItem, url: string | undefined): string | null {
  if (!url) return null;
  const name = url.startsWith("attachment://") ? url.slice("attachment://".length) : null;
  if (name === null) return null;
  const index = item.files.findIndex((f) => f.filename === name);
  return index < 0 ? null : `/attachments/${encodeURIComponent(item.key)}/${index}`;
}

function embed(item: FeedItem, e: APIEmbed, names: Names): string {
  const colour = `#${(e.color ?? 0x4f545c).toString(16).padStart(6, "0")}`;
  const md = (text: string | undefined) => (text ? markdown(text, names) : "");
  const fields = (e.fields ?? [])
    .map(
      (f) =>
        `<div class="field${f.inline ? " inline" : ""}"><div class="fname">${md(f.name)}</div><div>${md(f.value)}</div></div>`,
    )
    .join("");
  const image = imageUrl(item, e.image?.url);
  const thumb = imageUrl(item, e.thumbnail?.url);
  return `<div class="embed" style="border-left-color:${colour}">
${e.author?.name ? `<div class="eauthor">${escapeHtml(e.author.name)}</div>` : ""}
${e.title ? `<div class="etitle">${md(e.title)}</div>` : ""}
${e.description ? `<div class="edesc">${md(e.description)}</div>` : ""}
${fields ? `<div class="fields">${fields}</div>` : ""}
${image ? `<img class="eimage" src="${image}" alt="${escapeHtml(e.title ?? "image")}">` : ""}
${thumb ? `<img class="ethumb" src="${thumb}" alt="thumbnail">` : ""}
${e.footer?.text ? `<div class="efooter">${escapeHtml(e.footer.text)}</div>` : ""}
</div>`;
}

function buttons(item: FeedItem, as: string): string {
  const rows = (item.data.components ?? []) as Array<{ components?: Button[] }>;
  return rows
    .map((row) => {
      const html = (row.components ?? [])
        .filter((c) => c.type === 2)
        .map((b) => {
          const label = escapeHtml(b.label ?? "Button");
          if (b.style === LINK_STYLE) return `<span class="linkbtn">${label} ↗</span>`;
          return `<form method="post" action="/button" class="inline">
<input type="hidden" name="as" value="${escapeHtml(as)}">
<input type="hidden" name="item" value="${escapeHtml(item.key)}">
<input type="hidden" name="customId" value="${escapeHtml(b.custom_id ?? "")}">
<button type="submit" class="dbtn s${b.style ?? 2}"${b.disabled ? " disabled" : ""}>${label}</button></form>`;
        })
        .join("");
      return html ? `<div class="row">${html}</div>` : "";
    })
    .join("");
}

export function renderItem(item: FeedItem, names: Names, as: string, thread: string | null): string {
  const d = item.data;
  const images = item.files
    .map((f, i) => ({ f, i }))
    .filter(
      ({ f }) => (f.contentType ?? "").startsWith("image/") || /\.(png|jpe?g|gif|webp)$/i.test(f.filename),
    )
    .filter(({ f }) => !(d.embeds ?? []).some((e) => e.image?.url === `attachment://${f.filename}`))
    .map(
      ({ f, i }) =>
        `<img class="attachment" src="/attachments/${encodeURIComponent(item.key)}/${i}" alt="${escapeHtml(f.filename)}">`,
    )
    .join("");
  return `<article class="msg${item.ephemeral ? " ephemeral" : ""}" data-key="${escapeHtml(item.key)}">
<header><strong>shiplog</strong> <span class="bot">BOT</span> <span class="where">${escapeHtml(item.caption)}</span></header>
${d.content ? `<div class="content">${markdown(d.content, names)}</div>` : ""}
${(d.embeds ?? []).map((e) => embed(item, e, names)).join("")}
${images}
${buttons(item, as)}
${thread ? `<div class="thread">🧵 Thread: ${escapeHtml(thread)}</div>` : ""}
${item.ephemeral ? '<p class="only">👁 Only you can see this</p>' : ""}
</article>`;
}
