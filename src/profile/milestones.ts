/** Roadmap milestones (SPEC §3.9), derived from a member's record rather than stored. */
export interface MilestoneFacts {
  totalMinutes: number;
  hoursEntries: number;
  projects: number;
  longestStreak: number;
  longestStackDays: number;
}

export interface Milestone {
  id: string;
  label: string;
}

const HOUR_MARKS = [10, 50, 100, 250, 500] as const;
const STREAK_MARKS = [7, 30] as const;
export const STACK_DAYS_MARK = 90;

export function milestones(f: MilestoneFacts): Milestone[] {
  const reached: Milestone[] = [];
  if (f.hoursEntries > 0) reached.push({ id: "first-hour", label: "First logged hour" });
  if (f.projects > 0) reached.push({ id: "first-project", label: "First deployed project" });
  for (const h of HOUR_MARKS) {
    if (f.totalMinutes >= h * 60) reached.push({ id: `hours-${h}`, label: `${h} hours` });
  }
  for (const s of STREAK_MARKS) {
    if (f.longestStreak >= s) reached.push({ id: `streak-${s}`, label: `${s}-day streak` });
  }
  if (f.longestStackDays >= STACK_DAYS_MARK) {
    reached.push({ id: "stack-90", label: `${STACK_DAYS_MARK} days on one stack` });
  }
  return reached;
}

/** Where a member stands on the way to a milestone not yet reached. */
export interface NextMilestone extends Milestone {
  /** how far along, 0 … 1 */
  progress: number;
  /** the progress in words, e.g. `6.5 of 10 h` */
  detail: string;
}

export interface ProgressFacts extends MilestoneFacts {
  currentStreak: number;
  /** days on the member's current stack, or 0 without one */
  currentStackDays: number;
}

const hoursText = (minutes: number) => `${Number((minutes / 60).toFixed(1))}`;

/**
 * The unreached milestone the member is closest to (largest share done); the
 * earlier kind wins a tie. Null once every milestone is reached.
 */
export function nextMilestone(f: ProgressFacts): NextMilestone | null {
  const reached = new Set(milestones(f).map((m) => m.id));
  const candidates: NextMilestone[] = [];
  const add = (id: string, label: string, done: number, goal: number, detail: string) => {
    if (!reached.has(id)) candidates.push({ id, label, progress: Math.min(1, done / goal), detail });
  };
  add("first-hour", "First logged hour", 0, 1, "log your first hours");
  const hours = HOUR_MARKS.find((h) => !reached.has(`hours-${h}`));
  if (hours !== undefined) {
    add(
      `hours-${hours}`,
      `${hours} hours`,
      f.totalMinutes,
      hours * 60,
      `${hoursText(f.totalMinutes)} of ${hours} h`,
    );
  }
  const streak = STREAK_MARKS.find((s) => !reached.has(`streak-${s}`));
  if (streak !== undefined) {
    add(
      `streak-${streak}`,
      `${streak}-day streak`,
      f.currentStreak,
      streak,
      `${f.currentStreak} of ${streak} days`,
    );
  }
  add("first-project", "First deployed project", 0, 1, "ship a project with a live URL");
  add(
    "stack-90",
    `${STACK_DAYS_MARK} days on one stack`,
    f.currentStackDays,
    STACK_DAYS_MARK,
    `${f.currentStackDays} of ${STACK_DAYS_MARK} days`,
  );
  return candidates.reduce<NextMilestone | null>(
    (best, c) => (best && best.progress >= c.progress ? best : c),
    null,
  );
}
