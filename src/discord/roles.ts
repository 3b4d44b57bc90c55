/**
 * Adding and removing the roles shiplog hands out (stack roles, cohort roles).
 * A change Discord refuses never fails the command: it is logged, remembered
 * for `/config show`, and turned into one line saying what to fix (SPEC §3.18).
 */
import { DiscordAPIError, type REST, type Role, Routes } from "discord.js";
import type { Clock } from "../clock";
import type { Cohort } from "../cohorts/cohort";
import { cohortMemberIds, findCohortById } from "../cohorts/queries";
import type { Db } from "../db/client";
import { UserError } from "../errors";
import { clearRoleProblem, recordRoleProblem } from "../guilds/roles";
import type { Logger } from "../log";

export interface RoleChange {
  userId: string;
  roleId: string;
  add: boolean;
}

export interface RoleDeps {
  rest: REST;
  db: Db;
  log: Logger;
  guildId: string;
  now: Date;
}

/** Discord's 50013 on a role change, as what to fix. */
export const ROLE_REFUSED = (roleId: string) =>
  `I lack Manage Roles, or <@&${roleId}> is above my role: give shiplog's role Manage Roles and drag it above <@&${roleId}> in Server Settings → Roles.`;

/** What a moderator should do about a refusal, in words. */
function problemOf(error: unknown, roleId: string): string | null {
  if (error instanceof DiscordAPIError) {
    if (error.code === 10007) return null; // the member left: their roles went with them
    if (error.code === 50013) return ROLE_REFUSED(roleId);
    if (error.code === 10011) return `<@&${roleId}> no longer exists: set another role.`;
    return `Discord refused a change of <@&${roleId}> (error ${error.code}).`;
  }
  return `Discord did not answer a change of <@&${roleId}>; it will be tried again with the next change.`;
}

/**
 * Applies `changes` one by one (discord.js paces them by Discord's rate limits)
 * and returns the warnings to append to the reply; empty when all went through.
 */
export async function applyRoleChanges(deps: RoleDeps, changes: readonly RoleChange[]): Promise<string[]> {
  const problems = new Map<string, string>();
  for (const c of changes) {
    // One refusal of a role is enough: the rest of the batch would be refused the same way.
    if (problems.has(c.roleId)) continue;
    const route = Routes.guildMemberRole(deps.guildId, c.userId, c.roleId);
    try {
      await (c.add ? deps.rest.put(route) : deps.rest.delete(route));
      await clearRoleProblem(deps.db, deps.guildId, c.roleId);
    } catch (error) {
      const problem = problemOf(error, c.roleId);
      if (problem === null) continue;
      deps.log.warn("role change refused", { guild: deps.guildId, role: c.roleId, add: c.add, error });
      await recordRoleProblem(deps.db, deps.guildId, c.roleId, problem, deps.now);
      problems.set(c.roleId, problem);
    }
  }
  return [...problems.values()].map((p) => `⚠️ Role not changed: ${p}`);
}

/** Taking a cohort's role back from every member it has (none when it has no role). */
export async function cohortRoleRemovals(db: Db, c: Pick<Cohort, "id" | "roleId">): Promise<RoleChange[]> {
  const roleId = c.roleId;
  return roleId ? (await cohortMemberIds(db, c.id)).map((userId) => ({ userId, roleId, add: false })) : [];
}

/**
 * The scheduler's after-send effect (wired in main.ts): once a cohort's final report is
 * out, a cohort that ended on its own after its last week gives its role back from every
 * member (SPEC §3.18), one change at a time, refusals recorded for `/config show`. A
 * cohort ended by `/cohort end` is skipped: the command took the roles back already.
 */
export function cohortRolesBackAfterReport(deps: Omit<RoleDeps, "guildId" | "now"> & { clock: Clock }) {
  return async (post: { guildId: string; kind: string; period: string }): Promise<void> => {
    if (post.kind !== "cohort-report") return;
    const c = await findCohortById(deps.db, post.guildId, Number(post.period));
    if (!c || c.endedAt !== null) return;
    const changes = await cohortRoleRemovals(deps.db, c);
    if (changes.length === 0) return;
    const { rest, db, log } = deps;
    await applyRoleChanges({ rest, db, log, guildId: post.guildId, now: deps.clock.now() }, changes);
  };
}

/** A role shiplog may hand out: one of this server's own, not @everyone, not a bot's or integration's. */
export function assignableRole(role: Role, guildId: string): string {
  if (role.guild.id !== guildId) throw new UserError("Pick a role of this server.");
  if (role.id === guildId) throw new UserError("@everyone cannot be handed out: pick another role.");
  if (role.managed) {
    throw new UserError(
      `<@&${role.id}> is managed by an integration or a bot, so nobody can hand it out: pick another role.`,
    );
  }
  return role.id;
}
