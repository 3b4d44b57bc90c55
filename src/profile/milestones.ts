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
