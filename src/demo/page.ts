/** The demo page: who acts, the clock, every command as a form, any open form (modal), and the feed. */
import { type CommandDef, commandForm, invocables } from "./commands";
import type { Feed } from "./feed";
import { channelName } from "./feed";
import { escapeHtml, type Names } from "./markdown";
import { renderItem } from "./message";
import { CLOCK_MOVES } from "./time";
import { CHANNELS, type DemoWorld, GUILD } from "./world";

const STYLE = `body{font:15px/1.4 system-ui,sans-serif;margin:0;background:#313338;color:#dbdee1}
main{display:grid;grid-template-columns:minmax(280px,380px) 1fr;gap:1rem;padding:1rem}
a{color:#00a8fc}h1{font-size:1.2rem;margin:.5rem 1rem}section{background:#2b2d31;padding:.75rem;border-radius:8px;margin-bottom:1rem}
label{display:block;margin-top:.4rem}label small{color:#949ba4}input,select,textarea{width:100%;box-sizing:border-box;padding:.3rem;background:#1e1f22;color:#dbdee1;border:1px solid #555}
button{background:#5865f2;color:#fff;border:0;border-radius:4px;padding:.35rem .8rem;margin:.3rem .3rem 0 0;cursor:pointer}
button:focus-visible,summary:focus-visible,input:focus,select:focus{outline:2px solid #00a8fc}
details.cmd summary{cursor:pointer;padding:.15rem 0}summary small{color:#949ba4}
.msg{background:#2b2d31;padding:.6rem .8rem;border-radius:6px;margin-bottom:.6rem}.msg header{font-size:.85rem}
.bot{background:#5865f2;color:#fff;font-size:.65rem;padding:0 .25rem;border-radius:3px}.where{color:#949ba4}
.ephemeral{border:1px dashed #5865f2}.only{color:#949ba4;font-size:.8rem;margin:.3rem 0 0}
.embed{border-left:4px solid;background:#232428;padding:.5rem .75rem;margin:.4rem 0;border-radius:4px;max-width:560px}
.etitle{font-weight:bold}.fields{display:flex;flex-wrap:wrap;gap:.5rem}.field{flex:1 1 100%}.field.inline{flex:1 1 30%}.fname{font-weight:bold}
.eimage,.attachment{max-width:100%;border-radius:4px;margin-top:.4rem}.ethumb{max-width:80px;float:right}.efooter{font-size:.75rem;color:#949ba4}
.mention{background:#3c4270;color:#c9cdfb;border-radius:3px;padding:0 2px}form.inline{display:inline}.s4{background:#da373c}.s3{background:#248046}.s2{background:#4e5058}
.error{background:#5c2b2e;padding:.5rem;border-radius:4px}.thread{color:#949ba4;font-size:.85rem}code{background:#1e1f22;padding:0 .2rem}`;

const SCRIPT = `for (const input of document.querySelectorAll("input[data-autocomplete]")) {
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const form = input.form;
      const body = new URLSearchParams(new FormData(form));
      body.set("focused", input.dataset.autocomplete);
      const res = await fetch("/autocomplete", { method: "POST", body });
      if (!res.ok) return;
      const list = document.getElementById(input.getAttribute("list"));
      list.replaceChildren(...(await res.json()).map((c) => Object.assign(document.createElement("option"), { value: c.value, label: c.name })));
    }, 150);
  });
}`;

export function namesOf(world: DemoWorld): Names {
  return {
    user: (id) => world.members.find((m) => m.id === id)?.name ?? "unknown member",
    channel: (id) => channelName(world.standin, id),
  };
}

function modalForm(feed: Feed, as: string): string {
  const m = feed.modal;
  if (!m) return "";
  const fields = m.fields
    .map((f, i) => {
      const id = `modal-${i}`;
      const control = f.long
        ? `<textarea id="${id}" name="m:${escapeHtml(f.id)}"${f.required ? " required" : ""}>${escapeHtml(f.value)}</textarea>`
        : `<input id="${id}" name="m:${escapeHtml(f.id)}" value="${escapeHtml(f.value)}"${f.required ? " required" : ""}>`;
      return `<label for="${id}">${escapeHtml(f.label)}${f.required ? " *" : ""}</label>${control}`;
    })
    .join("");
  return `<section aria-label="Form"><h2>${escapeHtml(m.title)}</h2>
<form method="post" action="/modal" id="modal"><input type="hidden" name="as" value="${escapeHtml(as)}">
${fields}<button type="submit">Submit</button></form>
<form method="post" action="/modal-cancel"><input type="hidden" name="as" value="${escapeHtml(as)}"><button type="submit">Cancel</button></form></section>`;
}

export function renderPage(world: DemoWorld, feed: Feed, defs: CommandDef[], as: string): string {
  const names = namesOf(world);
  const people = world.members
    .map(
      (m) =>
        `<option value="${escapeHtml(m.id)}"${m.id === as ? " selected" : ""}>${escapeHtml(m.name)}</option>`,
    )
    .join("");
  const roles = [{ id: GUILD, name: "everyone" }];
  const forms = invocables(defs)
    .map((inv) => commandForm(inv, as, { members: world.members, channels: CHANNELS, roles }))
    .join("");
  const moves = Object.entries(CLOCK_MOVES)
    .map(([move, label]) => `<button type="submit" name="move" value="${move}">${label}</button>`)
    .join("");
  const threadOf = (id: string) => world.standin.threads.find((t) => t.id === id)?.body.name ?? null;
  const items = feed.items
    .slice()
    .reverse()
    .map((item) => renderItem(item, names, as, item.kind === "post" ? threadOf(item.messageId) : null))
    .join("");
  const now = world.clock.now().toISOString().slice(0, 16).replace("T", " ");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>shiplog demo</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head><body>
<h1>shiplog demo — Backend Study Group</h1><main><div>
<section aria-label="Member"><form method="get" action="/"><label for="as">Acting as</label>
<select id="as" name="as">${people}</select><button type="submit">Switch member</button></form></section>
<section aria-label="Clock"><p>Clock: <time id="now">${now} UTC</time></p>
<form method="post" action="/clock"><input type="hidden" name="as" value="${escapeHtml(as)}">${moves}</form></section>
${modalForm(feed, as)}
<section aria-label="Commands"><h2>Slash commands</h2>${forms}</section></div>
<div aria-live="polite">${feed.error ? `<p class="error" role="alert">${escapeHtml(feed.error)}</p>` : ""}
<section aria-label="Messages" id="feed">${items || "<p>Run a command to see the reply here.</p>"}</section></div></main>
<script src="/page.js"></script></body></html>`;
}

export const PAGE_SCRIPT = SCRIPT;
