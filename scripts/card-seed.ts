/**
 * One member with some weeks of logs, written through the project's own write
 * path (`pickStack`, `logHours`, `logProject`) one day at a time, as the bot
 * would have stored them. Used by `npm run card:docs` and `npm run bench:card`.
 */
import type { Db } from "../src/db/client";
import { logHours } from "../src/logs/hours";
import type { MemberRef } from "../src/members/members";
import type { CardData } from "../src/profile/card";
import { profileCardData } from "../src/profile/card";
import { memberProfile } from "../src/profile/profile";
import { logProject } from "../src/projects/log";
import { pickStack } from "../src/stacks/pick";

export const CARD_GUILD = "100000000000000001";
export const CARD_MEMBER: MemberRef = {
  guildId: CARD_GUILD,
  userId: "200000000000000001",
  displayName: "Ada Lovelace",
};
const DAY_MS = 86_400_000;

/** A deterministic pattern: mostly build, some learn, rest days, a slow start and a current streak. */
export async function seedCardMember(db: Db, end: Date, days: number): Promise<void> {
  const at = (back: number) => new Date(end.getTime() - back * DAY_MS);
  await pickStack(db, CARD_MEMBER, { stackId: "python-fastapi" }, at(days));
  let id = 0;
  const log = async (back: number, hours: number, kind: "learn" | "build") =>
    logHours(db, CARD_MEMBER, `card-seed-${++id}`, { hours, kind }, at(back));
  for (let back = days - 1; back >= 0; back--) {
    const n = (back * 7 + 3) % 11;
    if (back > 10 && n < 3) continue; // a few rest days, none in the current streak
    const early = back > days * 0.6;
    if (early || n % 3 === 0) await log(back, 0.5 + (n % 4) * 0.5, "learn");
    if (!early || n > 5) await log(back, 0.5 + (n % 6) * 0.5, "build");
  }
  await logProject(
    db,
    CARD_MEMBER,
    `card-seed-${++id}`,
    { name: "url-shortener", url: "https://short.example.com" },
    at(12),
  );
}

/** The card's data for the seeded member, as `/profile` reads it. */
export async function seededCard(db: Db, now: Date): Promise<CardData> {
  const profile = await memberProfile(db, CARD_GUILD, CARD_MEMBER.userId, now);
  return profileCardData(db, CARD_GUILD, profile, CARD_MEMBER.displayName);
}
