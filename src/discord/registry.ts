import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Client } from "discord.js";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { first } from "../db/raw";
import { registeredCommands } from "../db/tables";
import { transaction } from "../db/tx";
import type { Logger } from "../log";
import { COMMANDS_DIR, MODULE_EXT } from "../paths";
import type { Command } from "./command";

function isCommand(value: unknown): value is Command {
  const v = value as Partial<Command> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.execute === "function" &&
    typeof v.definition === "object" &&
    Array.isArray(v.components)
  );
}

/**
 * Loads every command from `commands/`: a file `name.ts` or a folder `name/index.ts`
 * whose default export is a Command. Adding a command means adding one file.
 * The precompiled bot reads the same from `dist/commands/` with `.js` (see ../paths).
 */
export async function loadCommands(dir = COMMANDS_DIR, ext = MODULE_EXT): Promise<Map<string, Command>> {
  const commands = new Map<string, Command>();
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    const file = statSync(full).isDirectory() ? join(full, `index${ext}`) : full;
    if (!file.endsWith(ext) || file.endsWith(".d.ts")) continue;
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    if (!isCommand(mod.default)) throw new Error(`${file} does not default-export a command`);
    const name = mod.default.definition.name;
    if (commands.has(name)) throw new Error(`command /${name} is defined twice`);
    commands.set(name, mod.default);
  }
  checkPrefixes(commands);
  return commands;
}

/** Every custom id must have exactly one owner: no prefix may equal or extend another. */
export function checkPrefixes(commands: ReadonlyMap<string, Command>): void {
  const prefixes = [...commands.values()].flatMap((c) => c.components.map((r) => r.codec.prefix));
  for (const a of prefixes) {
    const clash = prefixes.filter((b) => b === a || b.startsWith(`${a}:`));
    if (clash.length > 1)
      throw new Error(`custom id prefix ${a} is claimed more than once: ${clash.join(", ")}`);
  }
}

export function definitionsOf(commands: ReadonlyMap<string, Command>) {
  return [...commands.values()].map((c) => c.definition).sort((a, b) => a.name.localeCompare(b.name));
}

export function definitionsHash(commands: ReadonlyMap<string, Command>): string {
  return createHash("sha256")
    .update(JSON.stringify(definitionsOf(commands)))
    .digest("hex");
}

/**
 * Registers the slash commands when their definitions changed since the last
 * registration (hash kept in the database), or always when `force` is set.
 * With a dev guild they go to that guild only, which Discord applies instantly.
 */
export async function syncCommands(opts: {
  client: Client<true>;
  db: Db;
  commands: ReadonlyMap<string, Command>;
  devGuildId: string | undefined;
  now: Date;
  log: Logger;
  force?: boolean;
}): Promise<"registered" | "unchanged"> {
  const scope = opts.devGuildId ?? "global";
  const hash = definitionsHash(opts.commands);
  const stored = await first(
    opts.db.select().from(registeredCommands).where(eq(registeredCommands.scope, scope)).limit(1),
  );
  if (!opts.force && stored?.hash === hash) {
    opts.log.debug("commands unchanged", { scope });
    return "unchanged";
  }
  const body = definitionsOf(opts.commands);
  if (opts.devGuildId) await opts.client.application.commands.set(body, opts.devGuildId);
  else await opts.client.application.commands.set(body);
  await transaction(opts.db, (tx) =>
    tx
      .insert(registeredCommands)
      .values({ scope, hash, registeredAt: opts.now })
      .onConflictDoUpdate({ target: registeredCommands.scope, set: { hash, registeredAt: opts.now } }),
  );
  opts.log.info("commands registered", { scope, count: body.length });
  return "registered";
}
