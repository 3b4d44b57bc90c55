import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { members } from "../db/tables";
import { transaction } from "../db/tx";
import { UserError } from "../errors";
import { ensureGuild } from "../guilds/settings";
import { canonicalTimeZone } from "../time/zone-names";
import { ensureMember, type MemberRef } from "./members";

export interface TimeZoneChoice {
  /** the zone now in effect for the member */
  effective: string;
  /** true when it comes from the server's setting */
  fromServer: boolean;
}

/** Current zone for a member: their own if set, else the server's. */
export async function memberTimeZoneChoice(db: Db, ref: MemberRef, now: Date): Promise<TimeZoneChoice> {
  const { guild, member } = await transaction(db, async (tx) => ({
    guild: await ensureGuild(tx, ref.guildId, now),
    member: await ensureMember(tx, ref, now),
  }));
  return { effective: member.timezone ?? guild.timezone, fromServer: member.timezone === null };
}

/** Sets the member's zone (SPEC §3.13); `server` goes back to the guild's. */
export async function setMemberTimeZone(
  db: Db,
  ref: MemberRef,
  name: string,
  now: Date,
): Promise<TimeZoneChoice> {
  const trimmed = name.trim();
  const own = trimmed.toLowerCase() === "server" ? null : canonicalTimeZone(trimmed);
  if (own === null && trimmed.toLowerCase() !== "server") {
    throw new UserError(
      "That is not a time zone name I know. Use an IANA name such as `Europe/Berlin`, `America/New_York` or `UTC` (pick from the autocomplete), or `server` for the server's.",
    );
  }
  return transaction(db, async (tx) => {
    await ensureGuild(tx, ref.guildId, now);
    await ensureMember(tx, ref, now);
    await tx
      .update(members)
      .set({ timezone: own })
      .where(and(eq(members.guildId, ref.guildId), eq(members.userId, ref.userId)));
    return memberTimeZoneChoice(tx, ref, now);
  });
}
