/** Slash commands from what the bot registered (`standin.commandPuts`): forms for the page, options for the stand-in. */
import type { StandIn } from "../standin";
import { opt, sub } from "../standin";
import { escapeHtml } from "./markdown";
import type { Member } from "./world";

export interface OptionDef {
  type: number;
  name: string;
  description?: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: Array<{ name: string; value: string | number }>;
  options?: OptionDef[];
}
export interface CommandDef {
  name: string;
  description?: string;
  options?: OptionDef[];
}
/** one form: a command, or one of its subcommands (path = [sub] or [group, sub]) */
export interface Invocable {
  command: string;
  path: string[];
  description: string;
  options: OptionDef[];
}

const SUBCOMMAND = 1;
const GROUP = 2;

export function commandsOf(standin: StandIn): CommandDef[] {
  const last = standin.commandPuts.at(-1);
  return ((last?.body ?? []) as CommandDef[]).slice().sort((a, b) => a.name.localeCompare(b.name));
}

export function invocables(defs: CommandDef[]): Invocable[] {
  const out: Invocable[] = [];
  for (const c of defs) {
    const opts = c.options ?? [];
    const subs = opts.filter((o) => o.type === SUBCOMMAND || o.type === GROUP);
    if (subs.length === 0)
      out.push({ command: c.name, path: [], description: c.description ?? "", options: opts });
    for (const s of subs) {
      if (s.type === SUBCOMMAND) {
        out.push({
          command: c.name,
          path: [s.name],
          description: s.description ?? "",
          options: s.options ?? [],
        });
      } else {
        for (const t of s.options ?? []) {
          out.push({
            command: c.name,
            path: [s.name, t.name],
            description: t.description ?? "",
            options: t.options ?? [],
          });
        }
      }
    }
  }
  return out;
}

export const titleOf = (i: Pick<Invocable, "command" | "path">): string =>
  `/${[i.command, ...i.path].join(" ")}`;

/** The stand-in's options from a submitted form (empty fields left out; values typed by the definition). */
export function optionsFrom(inv: Invocable, values: URLSearchParams, focused?: string): unknown[] {
  const given = inv.options.flatMap((o) => {
    const raw = values.get(`o:${o.name}`) ?? "";
    if (raw === "" && o.name !== focused) return [];
    const value = o.type === 5 ? raw === "true" : o.type === 4 || o.type === 10 ? Number(raw) : raw;
    return [opt(o.name, o.type, value)];
  });
  if (inv.path.length === 0) return given;
  if (inv.path.length === 1) return [sub(inv.path[0] ?? "", given)];
  return [{ type: GROUP, name: inv.path[0], options: [sub(inv.path[1] ?? "", given)] }];
}

/** what user, channel and role options offer */
export interface Pickers {
  members: Member[];
  channels: Array<{ id: string; name: string }>;
  roles: Array<{ id: string; name: string }>;
}

function field(inv: Invocable, o: OptionDef, { members, channels, roles }: Pickers): string {
  const id = `f-${[inv.command, ...inv.path, o.name].join("-")}`;
  const name = `o:${o.name}`;
  const req = o.required ? " required" : "";
  const label = `<label for="${id}">${escapeHtml(o.name)}${o.required ? " *" : ""} <small>${escapeHtml(o.description ?? "")}</small></label>`;
  const select = (pairs: Array<[string, string]>) =>
    `${label}<select id="${id}" name="${name}"${req}><option value="">—</option>${pairs
      .map(([v, l]) => `<option value="${escapeHtml(v)}">${escapeHtml(l)}</option>`)
      .join("")}</select>`;
  if (o.choices?.length) return select(o.choices.map((c) => [String(c.value), c.name]));
  switch (o.type) {
    case 5:
      return select([
        ["true", "True"],
        ["false", "False"],
      ]);
    case 6:
    case 9:
      return select(members.map((m) => [m.id, m.name]));
    case 7:
      return select(channels.map((c) => [c.id, `#${c.name}`]));
    case 8:
      return select(roles.map((r) => [r.id, `@${r.name}`]));
    case 4:
    case 10:
      return `${label}<input id="${id}" name="${name}" type="number" step="any"${req}>`;
    default: {
      if (!o.autocomplete) return `${label}<input id="${id}" name="${name}"${req}>`;
      const data = `data-autocomplete="${escapeHtml(o.name)}" data-command="${escapeHtml(inv.command)}" data-path="${escapeHtml(inv.path.join(" "))}"`;
      return `${label}<input id="${id}" name="${name}" list="${id}-list" autocomplete="off" ${data}${req}><datalist id="${id}-list"></datalist>`;
    }
  }
}

export function commandForm(inv: Invocable, as: string, pickers: Pickers): string {
  const title = titleOf(inv);
  const fields = inv.options.map((o) => `<div class="opt">${field(inv, o, pickers)}</div>`).join("");
  return `<details class="cmd"><summary>${escapeHtml(title)} <small>${escapeHtml(inv.description)}</small></summary>
<form method="post" action="/command" aria-label="${escapeHtml(title)}">
<input type="hidden" name="as" value="${escapeHtml(as)}">
<input type="hidden" name="command" value="${escapeHtml(inv.command)}">
<input type="hidden" name="path" value="${escapeHtml(inv.path.join(" "))}">
${fields}<button type="submit">Run ${escapeHtml(title)}</button></form></details>`;
}
