/**
 * Roles shiplog hands out (SPEC §3.18): the role of each stack, and what went
 * wrong the last time Discord refused a role change, so `/config show` can say
 * what to fix. Plain data; the Discord calls live in src/discord/roles.ts.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { members } from "../db/schema";
import { roleProblems, stackRoles } from "../db/schema-reach";
import { UserError } from "../errors";
import { findStack } from "../stacks/catalog";
import { ensureGuild } from "./settings";

/** Sets (or with `roleId` null removes) the role members on `stackId` get. */
export function setStackRole(
  db: Db,
  guildId: string,
  stackId: string,
  roleId: string | null,
  now: Date,
): { stackId: string; label: string } {
  const id = stackId.trim().toLowerCase();
  const stack = findStack(db, guildId, id);
  if (!stack) {
    throw new UserError(
      `\`${id.slice(0, 64)}\` is not a stack on this server. Pick one from the autocomplete list (for example \`go\`).`,
    );
  }
  return db.transaction((tx) => {
    ensureGuild(tx, guildId, now);
    if (roleId === null) {
      tx.delete(stackRoles)
        .where(and(eq(stackRoles.guildId, guildId), eq(stackRoles.stackId, stack.id)))
        .run();
    } else {
      tx.insert(stackRoles)
        .values({ guildId, stackId: stack.id, roleId })
        .onConflictDoUpdate({ target: [stackRoles.guildId, stackRoles.stackId], set: { roleId } })
        .run();
    }
    return { stackId: stack.id, label: stack.label };
  });
}

/** The role of a stack, or null. */
export function stackRoleOf(db: Db, guildId: string, stackId: string | null): string | null {
  if (stackId === null) return null;
  return (
    db
      .select({ roleId: stackRoles.roleId })
      .from(stackRoles)
      .where(and(eq(stackRoles.guildId, guildId), eq(stackRoles.stackId, stackId)))
      .get()?.roleId ?? null
  );
}

export function listStackRoles(db: Db, guildId: string): Array<{ stackId: string; roleId: string }> {
  return db
    .select({ stackId: stackRoles.stackId, roleId: stackRoles.roleId })
    .from(stackRoles)
    .where(eq(stackRoles.guildId, guildId))
    .all();
}

/** Remembers Discord's refusal of a change of `roleId`, replacing an older one. */
export function recordRoleProblem(db: Db, guildId: string, roleId: string, problem: string, now: Date): void {
  ensureGuild(db, guildId, now);
  db.insert(roleProblems)
    .values({ guildId, roleId, problem, at: now })
    .onConflictDoUpdate({ target: [roleProblems.guildId, roleProblems.roleId], set: { problem, at: now } })
    .run();
}

/** A role change worked: the role has no problem any more. */
export function clearRoleProblem(db: Db, guildId: string, roleId: string): void {
  db.delete(roleProblems)
    .where(and(eq(roleProblems.guildId, guildId), eq(roleProblems.roleId, roleId)))
    .run();
}

export function listRoleProblems(db: Db, guildId: string) {
  return db.select().from(roleProblems).where(eq(roleProblems.guildId, guildId)).all();
}

/** Everyone on a stack, for handing its role out when it is set. */
export function memberIdsOnStack(db: Db, guildId: string, stackId: string): string[] {
  return db
    .select({ userId: members.userId })
    .from(members)
    .where(and(eq(members.guildId, guildId), eq(members.stackId, stackId)))
    .all()
    .map((m) => m.userId);
}
