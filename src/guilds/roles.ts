/**
 * Roles shiplog hands out (SPEC §3.18): the role of each stack, and what went
 * wrong the last time Discord refused a role change, so `/config show` can say
 * what to fix. Plain data; the Discord calls live in src/discord/roles.ts.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { first } from "../db/raw";
import { members, roleProblems, stackRoles } from "../db/tables";
import { transaction } from "../db/tx";
import { UserError } from "../errors";
import { findStack } from "../stacks/catalog";
import { ensureGuild } from "./settings";

/** Sets (or with `roleId` null removes) the role members on `stackId` get. */
export async function setStackRole(
  db: Db,
  guildId: string,
  stackId: string,
  roleId: string | null,
  now: Date,
): Promise<{ stackId: string; label: string }> {
  const id = stackId.trim().toLowerCase();
  const stack = await findStack(db, guildId, id);
  if (!stack) {
    throw new UserError(
      `\`${id.slice(0, 64)}\` is not a stack on this server. Pick one from the autocomplete list (for example \`go\`).`,
    );
  }
  return transaction(db, async (tx) => {
    await ensureGuild(tx, guildId, now);
    if (roleId === null) {
      await tx
        .delete(stackRoles)
        .where(and(eq(stackRoles.guildId, guildId), eq(stackRoles.stackId, stack.id)));
    } else {
      await tx
        .insert(stackRoles)
        .values({ guildId, stackId: stack.id, roleId })
        .onConflictDoUpdate({ target: [stackRoles.guildId, stackRoles.stackId], set: { roleId } });
    }
    return { stackId: stack.id, label: stack.label };
  });
}

/** The role of a stack, or null. */
export async function stackRoleOf(db: Db, guildId: string, stackId: string | null): Promise<string | null> {
  if (stackId === null) return null;
  return (
    (
      await first(
        db
          .select({ roleId: stackRoles.roleId })
          .from(stackRoles)
          .where(and(eq(stackRoles.guildId, guildId), eq(stackRoles.stackId, stackId)))
          .limit(1),
      )
    )?.roleId ?? null
  );
}

export async function listStackRoles(
  db: Db,
  guildId: string,
): Promise<Array<{ stackId: string; roleId: string }>> {
  return await db
    .select({ stackId: stackRoles.stackId, roleId: stackRoles.roleId })
    .from(stackRoles)
    .where(eq(stackRoles.guildId, guildId));
}

/** Remembers Discord's refusal of a change of `roleId`, replacing an older one. */
export async function recordRoleProblem(
  db: Db,
  guildId: string,
  roleId: string,
  problem: string,
  now: Date,
): Promise<void> {
  await ensureGuild(db, guildId, now);
  await transaction(db, (tx) =>
    tx
      .insert(roleProblems)
      .values({ guildId, roleId, problem, at: now })
      .onConflictDoUpdate({ target: [roleProblems.guildId, roleProblems.roleId], set: { problem, at: now } }),
  );
}

/** A role change worked: the role has no problem any more. */
export async function clearRoleProblem(db: Db, guildId: string, roleId: string): Promise<void> {
  await transaction(db, (tx) =>
    tx.delete(roleProblems).where(and(eq(roleProblems.guildId, guildId), eq(roleProblems.roleId, roleId))),
  );
}

export async function listRoleProblems(db: Db, guildId: string) {
  return await db.select().from(roleProblems).where(eq(roleProblems.guildId, guildId));
}

/** Everyone on a stack, for handing its role out when it is set. */
export async function memberIdsOnStack(db: Db, guildId: string, stackId: string): Promise<string[]> {
  return (
    await db
      .select({ userId: members.userId })
      .from(members)
      .where(and(eq(members.guildId, guildId), eq(members.stackId, stackId)))
  ).map((m) => m.userId);
}
