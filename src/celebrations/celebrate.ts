import type { Db } from "../db/client";
import { changes } from "../db/raw";
import { celebratedMilestones } from "../db/tables";
import type { Tx } from "../db/tx";
import type { MemberRef } from "../members/members";
import { milestoneFacts } from "../profile/facts";
import { type Milestone, milestones } from "../profile/milestones";
import { memberName } from "../text/escape";
import type { LocalDate } from "../time/dates";

/** A milestone an entry made the member reach (SPEC §3.16). */
export interface Crossing extends Milestone {
  /** true the first time ever: only then does the check-in channel hear about it */
  celebrate: boolean;
}

/** Ids of the milestones the member has reached right now. */
export async function reachedMilestones(
  db: Db,
  ref: MemberRef,
  today: LocalDate,
  now: Date,
): Promise<Set<string>> {
  return new Set(milestones(await milestoneFacts(db, ref.guildId, ref.userId, today, now)).map((m) => m.id));
}

/**
 * The milestones reached now that were not reached `before` the entry, each
 * marked as celebrated. Call it in the entry's transaction, after the insert:
 * a milestone is recorded once per member ever, so crossing it again after an
 * undo is said in the reply but not celebrated twice.
 */
export async function recordCrossings(
  tx: Tx,
  ref: MemberRef,
  before: ReadonlySet<string>,
  today: LocalDate,
  now: Date,
): Promise<Crossing[]> {
  const facts = await milestoneFacts(tx, ref.guildId, ref.userId, today, now);
  const crossings: Crossing[] = [];
  for (const m of milestones(facts).filter((m) => !before.has(m.id))) {
    const inserted = await tx
      .insert(celebratedMilestones)
      .values({ guildId: ref.guildId, userId: ref.userId, milestone: m.id, celebratedAt: now })
      .onConflictDoNothing();
    crossings.push({ ...m, celebrate: changes(inserted) > 0 });
  }
  return crossings;
}

/** The public post for what one entry reached: the member by display name, never a mention. */
export function celebrationText(displayName: string, reached: readonly Milestone[]): string {
  const labels = reached.map((m) => `**${m.label}**`);
  const list =
    labels.length <= 1 ? labels.join("") : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
  return `🎉 ${memberName(displayName)} reached ${list}! Congratulations!`;
}

/** What a celebration post needs from an entry's result. */
export interface Celebratable {
  milestones: readonly Crossing[];
  celebrationChannelId: string | null;
}
