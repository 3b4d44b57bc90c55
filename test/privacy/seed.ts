import { checkIn } from "../../src/checkins/checkin";
import type { Db } from "../../src/db/client";
import { cohortMembers, cohorts } from "../../src/db/schema";
import { transaction } from "../../src/db/tx";
import { ensureGuild } from "../../src/guilds/settings";
import { logHours } from "../../src/logs/hours";
import { setMemberTimeZone } from "../../src/members/timezone";
import { removeEntry } from "../../src/moderation/entries";
import { logProject } from "../../src/projects/log";
import { claimReminder } from "../../src/reminders/due";
import { setCheckinReminder, setDailyReminder } from "../../src/reminders/settings";
import { pickStack } from "../../src/stacks/pick";
import { GUILD, interactionId, member, OTHER_GUILD } from "../helpers/store";

export const NOW = new Date("2026-11-22T12:00:00Z");
const DAY = 86_400_000;
export const daysLater = (days: number) => new Date(NOW.getTime() + days * DAY);

export const ALICE = "200000000000000201";
export const BOB = "200000000000000202";
export const MOD = "200000000000000900";

/**
 * Cohorts have no domain module yet, so rows are inserted as /cohort would store
 * them: a cohort of the guild and a membership keyed by cohort id.
 */
export async function joinCohort(
  db: Db,
  guildId: string,
  name: string,
  userIds: string[],
  createdBy = MOD,
): Promise<number> {
  await ensureGuild(db, guildId, NOW);
  const [cohort] = await db
    .insert(cohorts)
    .values({
      guildId,
      name,
      nameKey: name.toLowerCase(),
      startDate: "2026-11-23",
      weeks: 6,
      createdBy,
      createdAt: NOW,
    })
    .returning();
  if (!cohort) throw new Error("no cohort row");
  for (const userId of userIds) {
    await db.insert(cohortMembers).values({ cohortId: cohort.id, userId, joinedAt: daysLater(1) });
  }
  return cohort.id;
}

/** A member with every kind of data: hours, a project, a removed entry, two stacks, a zone, check-ins. */
export async function seedMember(db: Db, userId: string, guildId: string, tag: string): Promise<void> {
  const ref = member(userId, guildId);
  await logHours(
    db,
    ref,
    interactionId(),
    { hours: 1.5, kind: "build", topic: "databases", note: `${tag} hours` },
    NOW,
  );
  await logProject(
    db,
    ref,
    interactionId(),
    { name: `${tag}-api`, url: "https://api.example.com" },
    daysLater(1),
  );
  const dup = (await logHours(db, ref, interactionId(), { hours: 1, kind: "learn" }, daysLater(2))).entry;
  await removeEntry(db, guildId, { id: dup.id, reason: `${tag} duplicate` }, MOD, daysLater(2));
  await pickStack(db, ref, { stackId: "go" }, NOW);
  await pickStack(db, ref, { stackId: "node-express", switch: true, reason: `${tag} job` }, daysLater(3));
  await setMemberTimeZone(db, ref, "Europe/Berlin", NOW);
  await checkIn(db, ref, { goals: `${tag} goals week 1` }, NOW);
  await checkIn(db, ref, { goals: `${tag} goals week 2`, blockers: "docker" }, daysLater(7));
  await setDailyReminder(db, ref, "20:00", NOW);
  await setCheckinReminder(db, ref, true, NOW);
  await transaction(db, (tx) =>
    claimReminder(tx, { guildId, userId, kind: "daily", period: "2026-11-22" }, NOW),
  );
}

/** Alice and Bob in GUILD, Alice also in OTHER_GUILD, each with cohort memberships. */
export async function seedWorld(db: Db): Promise<{ aliceCohort: number; otherGuildCohort: number }> {
  await seedMember(db, ALICE, GUILD, "alice");
  await seedMember(db, BOB, GUILD, "bob");
  await seedMember(db, ALICE, OTHER_GUILD, "alice-elsewhere");
  const aliceCohort = await joinCohort(db, GUILD, "Winter Backend", [ALICE, BOB]);
  await joinCohort(db, GUILD, "Bob Only", [BOB]);
  // a cohort Alice created but did not join: it belongs to the server
  await joinCohort(db, GUILD, "Alice Made", [BOB], ALICE);
  const otherGuildCohort = await joinCohort(db, OTHER_GUILD, "Elsewhere", [ALICE]);
  return { aliceCohort, otherGuildCohort };
}
