/**
 * Who is in a cohort (SPEC §3.11). Members join and leave themselves;
 * moderators add and remove them. Both ways share one function each, with
 * their own rules and messages: the capacity limits self-service joins only,
 * and an ended cohort's member list is its record, which only a moderator may
 * change.
 */
import { and, count, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { first } from "../db/raw";
import { cohortMembers } from "../db/tables";
import { transaction } from "../db/tx";
import { UserError } from "../errors";
import { ensureGuild } from "../guilds/settings";
import { ensureMember, type MemberRef } from "../members/members";
import { localDate } from "../time/zones";
import { type CohortState, cohortState } from "./calendar";
import { type Cohort, quotedName } from "./cohort";
import { findCohort } from "./queries";

export interface MembershipChange {
  cohort: Cohort;
  /** the cohort's role, to add (join, add) or remove (leave, remove) in Discord; null when it has none */
  roleId: string | null;
  /** members after the change */
  members: number;
  /** add only: true when a moderator added someone past the capacity */
  overCapacity: boolean;
}

/** Who makes the change: the member themselves (join, leave) or a moderator (add, remove). */
type Actor = "member" | "moderator";

async function isMember(db: Db, cohortId: number, userId: string): Promise<boolean> {
  return (
    (await first(
      db
        .select({ userId: cohortMembers.userId })
        .from(cohortMembers)
        .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
        .limit(1),
    )) !== undefined
  );
}

async function memberCount(db: Db, cohortId: number): Promise<number> {
  return (
    (
      await first(
        db.select({ n: count() }).from(cohortMembers).where(eq(cohortMembers.cohortId, cohortId)).limit(1),
      )
    )?.n ?? 0
  );
}

async function stateNow(db: Db, c: Cohort, now: Date): Promise<CohortState> {
  return cohortState(c, localDate(now, (await ensureGuild(db, c.guildId, now)).timezone));
}

function endedMessage(c: Cohort, action: string): string {
  return `${quotedName(c.name)} has ended, so ${action}. /cohort list shows the cohorts that are open.`;
}

type Enrol = (db: Db, guildId: string, name: string, ref: MemberRef, now: Date) => Promise<MembershipChange>;
type Withdraw = (
  db: Db,
  guildId: string,
  name: string,
  userId: string,
  now: Date,
) => Promise<MembershipChange>;

/** Puts a member in an upcoming or running cohort; refused when it has ended or they are in it. */
const enrol =
  (by: Actor): Enrol =>
  (db, guildId, name, ref, now) =>
    transaction(db, async (tx) => {
      const cohort = await findCohort(tx, guildId, name);
      if ((await stateNow(tx, cohort, now)) === "ended") {
        throw new UserError(
          endedMessage(cohort, by === "member" ? "it takes no new members" : "nobody can be added"),
        );
      }
      if (await isMember(tx, cohort.id, ref.userId)) {
        throw new UserError(
          by === "member"
            ? `You are already in ${quotedName(cohort.name)}. /cohort status ${cohort.name} shows how it goes.`
            : `That member is already in ${quotedName(cohort.name)}.`,
        );
      }
      // The capacity limits self-service joins only: a moderator may add past it,
      // since there is no other way to make room.
      if (
        by === "member" &&
        cohort.capacity !== null &&
        (await memberCount(tx, cohort.id)) >= cohort.capacity
      ) {
        throw new UserError(
          `${quotedName(cohort.name)} is full (${cohort.capacity} of ${cohort.capacity} places taken). Ask a moderator, or pick another cohort from /cohort list.`,
        );
      }
      await ensureMember(tx, ref, now);
      await tx.insert(cohortMembers).values({ cohortId: cohort.id, userId: ref.userId, joinedAt: now });
      const members = await memberCount(tx, cohort.id);
      return {
        cohort,
        roleId: cohort.roleId,
        members,
        overCapacity: cohort.capacity !== null && members > cohort.capacity,
      };
    });

/** Takes a member out of a cohort; refused when they are not in it, and for a member once it has ended. */
const withdraw =
  (by: Actor): Withdraw =>
  (db, guildId, name, userId, now) =>
    transaction(db, async (tx) => {
      const cohort = await findCohort(tx, guildId, name);
      if (!(await isMember(tx, cohort.id, userId))) {
        throw new UserError(
          by === "member"
            ? `You are not in ${quotedName(cohort.name)}, so there is nothing to leave.`
            : `That member is not in ${quotedName(cohort.name)}. /cohort status ${cohort.name} lists its members.`,
        );
      }
      if (by === "member" && (await stateNow(tx, cohort, now)) === "ended") {
        throw new UserError(
          `${quotedName(cohort.name)} has ended and its member list is kept as its record. Ask a moderator if you need to be taken off it.`,
        );
      }
      await tx
        .delete(cohortMembers)
        .where(and(eq(cohortMembers.cohortId, cohort.id), eq(cohortMembers.userId, userId)));
      return {
        cohort,
        roleId: cohort.roleId,
        members: await memberCount(tx, cohort.id),
        overCapacity: false,
      };
    });

/** A member joins an upcoming or running cohort; refused when it is full. */
export const joinCohort: Enrol = enrol("member");

/** A moderator adds a member to an upcoming or running cohort, past its capacity if need be (`overCapacity`). */
export const addToCohort: Enrol = enrol("moderator");

/** A member leaves a cohort that has not ended. */
export const leaveCohort: Withdraw = withdraw("member");

/** A moderator removes a member from a cohort, ended or not. */
export const removeFromCohort: Withdraw = withdraw("moderator");
