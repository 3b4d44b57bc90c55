/** The page's clock buttons: set the manual clock to the next instant of a post and tick the scheduler. */
import { cohortEndsAt } from "../cohorts/calendar";
import { cohorts } from "../db/schema";
import { nextOccurrence, scheduleOf } from "../scheduler/due";
import { type DemoWorld, guildRow } from "./world";

export const CLOCK_MOVES = {
  prompt: "Next daily prompt",
  checkin: "Next check-in",
  leaderboard: "Next leaderboard",
  "cohort-end": "End of the cohort",
} as const;
export type ClockMove = keyof typeof CLOCK_MOVES;

export const isClockMove = (value: string): value is ClockMove => Object.hasOwn(CLOCK_MOVES, value);

/** The instant a move goes to, or null when there is nothing to go to (e.g. no running cohort). */
export async function targetOf(world: DemoWorld, move: ClockMove): Promise<Date | null> {
  const now = world.clock.now();
  const guild = await guildRow(world.bot);
  if (!guild) return null;
  if (move !== "cohort-end") return nextOccurrence(scheduleOf(guild), move, now);
  const ends = (await world.bot.store.db.select().from(cohorts))
    .map((c) => cohortEndsAt(c, guild.timezone))
    .filter((at) => at.getTime() > now.getTime())
    .sort((a, b) => a.getTime() - b.getTime());
  return ends[0] ?? null;
}

export async function moveClock(world: DemoWorld, move: ClockMove): Promise<string | null> {
  const target = await targetOf(world, move);
  if (!target) return "Nothing to move to: no cohort is still running.";
  world.clock.set(target);
  await world.bot.scheduler.tick();
  await world.bot.reminders.tick();
  return null;
}
