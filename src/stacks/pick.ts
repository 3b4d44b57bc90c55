import { and, count, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { first } from "../db/raw";
import { members, stackHistory } from "../db/tables";
import { transaction } from "../db/tx";
import { UserError } from "../errors";
import { ensureGuild } from "../guilds/settings";
import { ensureMember, type MemberRef } from "../members/members";
import { parseInput } from "../validation";
import { findStack, type Stack, stackLabel } from "./catalog";

const DAY_MS = 86_400_000;

const PickInput = z.object({
  stackId: z.string().trim().min(1).max(64),
  switch: z.boolean().default(false),
  reason: z
    .string()
    .trim()
    .max(300, "The reason can be at most 300 characters — shorten it and try again.")
    .optional(),
});

export type PickResult =
  | {
      outcome: "picked" | "switched";
      stack: Stack;
      /** the stack the member left (a switch), for its role */
      previous: string | null;
      committedUntil: Date;
      peers: number;
    }
  | { outcome: "same"; stack: Stack; committedUntil: Date | null; peers: number };

async function peersOn(db: Db, guildId: string, stackId: string): Promise<number> {
  const row = await first(
    db
      .select({ n: count() })
      .from(members)
      .where(and(eq(members.guildId, guildId), eq(members.stackId, stackId)))
      .limit(1),
  );
  return row?.n ?? 0;
}

/**
 * Commits a member to a stack (SPEC §3.1). While a commitment runs, switching
 * needs `switch: true` and is recorded with its reason; picking the same stack is a no-op.
 */
export async function pickStack(
  db: Db,
  ref: MemberRef,
  raw: { stackId: string; switch?: boolean | undefined; reason?: string | undefined },
  now: Date,
): Promise<PickResult> {
  const input = parseInput(PickInput, raw);
  return transaction(db, async (tx) => {
    const guild = await ensureGuild(tx, ref.guildId, now);
    const stack = await findStack(tx, ref.guildId, input.stackId);
    if (!stack) {
      throw new UserError(
        `\`${input.stackId.slice(0, 64)}\` is not a stack on this server. Pick one from the autocomplete list (for example \`python-django\` or \`go\`).`,
      );
    }
    const member = await ensureMember(tx, ref, now);
    if (member.stackId === stack.id) {
      return {
        outcome: "same",
        stack,
        committedUntil: member.committedUntil,
        peers: await peersOn(tx, ref.guildId, stack.id),
      } as const;
    }
    const committed =
      member.stackId !== null && member.committedUntil !== null && member.committedUntil > now;
    if (committed && (!input.switch || !input.reason)) {
      const daysLeft = Math.ceil(((member.committedUntil?.getTime() ?? 0) - now.getTime()) / DAY_MS);
      const current = await stackLabel(tx, ref.guildId, member.stackId ?? "");
      throw new UserError(
        input.switch
          ? `Switching before your commitment ends needs a reason (kept in your history): run /pick-stack again with switch:true and reason:… — you have ${daysLeft} day${daysLeft === 1 ? "" : "s"} left on **${current}**.`
          : `You committed to **${current}** — ${daysLeft} day${daysLeft === 1 ? "" : "s"} left. Staying on one stack is how it sticks; if you really want to switch now, run /pick-stack again with switch:true and a reason.`,
      );
    }
    const committedUntil = new Date(now.getTime() + guild.commitmentDays * DAY_MS);
    const switching = member.stackId !== null;
    await tx
      .update(members)
      .set({
        stackId: stack.id,
        stackPickedAt: now,
        committedUntil,
        switchCount: switching ? member.switchCount + 1 : member.switchCount,
      })
      .where(and(eq(members.guildId, ref.guildId), eq(members.userId, ref.userId)));
    await tx.insert(stackHistory).values({
      guildId: ref.guildId,
      userId: ref.userId,
      fromStack: member.stackId,
      toStack: stack.id,
      reason: input.reason ?? null,
      at: now,
    });
    return {
      outcome: switching ? "switched" : "picked",
      stack,
      previous: member.stackId,
      committedUntil,
      peers: await peersOn(tx, ref.guildId, stack.id),
    } as const;
  });
}
