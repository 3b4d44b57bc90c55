import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { guildStacks } from "../db/tables";

export interface Stack {
  id: string;
  label: string;
}

/** Built-in catalog (SPEC §3.1); moderators may add guild-specific stacks. */
export const BUILTIN_STACKS: readonly Stack[] = [
  { id: "python-django", label: "Python + Django" },
  { id: "python-fastapi", label: "Python + FastAPI" },
  { id: "python-flask", label: "Python + Flask" },
  { id: "node-express", label: "Node.js + Express" },
  { id: "node-fastify", label: "Node.js + Fastify" },
  { id: "ts-nestjs", label: "TypeScript + NestJS" },
  { id: "go", label: "Go + Gin/Chi" },
  { id: "java-spring", label: "Java + Spring Boot" },
  { id: "dotnet", label: "C# + ASP.NET Core" },
  { id: "ruby-rails", label: "Ruby + Rails" },
  { id: "php-laravel", label: "PHP + Laravel" },
  { id: "rust-axum", label: "Rust + Axum" },
];

export async function guildCatalog(db: Db, guildId: string): Promise<Stack[]> {
  const extra = await db
    .select({ id: guildStacks.id, label: guildStacks.label })
    .from(guildStacks)
    .where(eq(guildStacks.guildId, guildId));
  return [...BUILTIN_STACKS, ...extra];
}

export async function findStack(db: Db, guildId: string, id: string): Promise<Stack | undefined> {
  return (await guildCatalog(db, guildId)).find((s) => s.id === id);
}

/** The label of a stored stack id; a removed guild stack still shows its id. */
export async function stackLabel(db: Db, guildId: string, id: string): Promise<string> {
  return (await findStack(db, guildId, id))?.label ?? id;
}

/** Autocomplete: matches id or label, case-insensitively, at most 25 (Discord's limit). */
export async function searchStacks(db: Db, guildId: string, query: string): Promise<Stack[]> {
  const q = query.trim().toLowerCase();
  return (await guildCatalog(db, guildId))
    .filter((s) => q === "" || s.id.includes(q) || s.label.toLowerCase().includes(q))
    .slice(0, 25);
}
