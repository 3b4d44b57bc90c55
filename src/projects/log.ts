import { z } from "zod";
import { type Crossing, reachedMilestones, recordCrossings } from "../celebrations/celebrate";
import type { Db } from "../db/client";
import { one } from "../db/raw";
import { entries } from "../db/tables";
import { transaction } from "../db/tx";
import { type ProjectEntry, toProjectEntry } from "../entries/entry";
import { ensureGuild } from "../guilds/settings";
import { priorEntry } from "../logs/idempotency";
import { ensureMember, type MemberRef, memberTimeZone } from "../members/members";
import { localDate } from "../time/zones";
import { parseInput } from "../validation";
import { checkPublicUrl } from "./url";

export const MAX_PROJECT_NAME = 100;
export const MAX_DESCRIPTION = 500;

function publicUrl(field: "url" | "repo") {
  return z.string().transform((value, ctx) => {
    const check = checkPublicUrl(value, field);
    if (check.ok) return check.url;
    ctx.addIssue({ code: "custom", message: check.reason });
    return z.NEVER;
  });
}

const ProjectInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the project a name, for example `url-shortener`.")
    .max(MAX_PROJECT_NAME, `The project name can be at most ${MAX_PROJECT_NAME} characters.`),
  url: publicUrl("url"),
  repo: publicUrl("repo").optional(),
  description: z
    .string()
    .trim()
    .max(
      MAX_DESCRIPTION,
      `The description can be at most ${MAX_DESCRIPTION} characters — shorten it and try again.`,
    )
    .optional(),
});

export type ProjectInput = z.input<typeof ProjectInput>;

export interface LogProjectResult {
  entry: ProjectEntry;
  created: boolean;
  /** where to announce "shipped", if the guild configured a check-in channel */
  announceChannelId: string | null;
  /** milestones this project made the member reach (empty for a redelivered interaction) */
  milestones: Crossing[];
  celebrationChannelId: string | null;
}

/** Records a deployed project with its live URL (SPEC §3.2); idempotent on the interaction id. */
export async function logProject(
  db: Db,
  ref: MemberRef,
  interactionId: string,
  raw: ProjectInput,
  now: Date,
): Promise<LogProjectResult> {
  const input = parseInput(ProjectInput, raw);
  return transaction(db, async (tx) => {
    const guild = await ensureGuild(tx, ref.guildId, now);
    const member = await ensureMember(tx, ref, now);
    const existing = await priorEntry(tx, ref, interactionId, "project");
    const today = localDate(now, memberTimeZone(member, guild));
    const before = existing ? null : await reachedMilestones(tx, ref, today, now);
    const row =
      existing ??
      (await one(
        tx
          .insert(entries)
          .values({
            guildId: ref.guildId,
            userId: ref.userId,
            type: "project",
            interactionId,
            createdAt: now,
            localDate: today,
            name: input.name,
            url: input.url,
            repo: input.repo ?? null,
            description: input.description || null,
          })
          .returning(),
      ));
    return {
      entry: toProjectEntry(row),
      created: !existing,
      announceChannelId: guild.checkinsChannelId,
      milestones: before ? await recordCrossings(tx, ref, before, today, now) : [],
      celebrationChannelId: guild.checkinsChannelId,
    };
  });
}
