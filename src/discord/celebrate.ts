import { createHash } from "node:crypto";
import { type Client, Routes } from "discord.js";
import { type Celebratable, celebrationText } from "../celebrations/celebrate";
import type { Logger } from "../log";
import type { MemberRef } from "../members/members";

/**
 * The one send of a celebration post. No mentions at all, and a nonce with
 * `enforce_nonce`, so a send retried within Discord's nonce window posts once.
 */
export async function postCelebration(client: Client, channelId: string, content: string, nonce: string) {
  await client.rest.post(Routes.channelMessages(channelId), {
    body: { content, allowed_mentions: { parse: [] }, nonce, enforce_nonce: true },
  });
}

/** A nonce (at most 25 characters) that is the same for the same member and milestones. */
function celebrationNonce(member: MemberRef, ids: readonly string[]): string {
  const key = `${member.guildId}:${member.userId}:${ids.join(",")}`;
  return `c${createHash("sha256").update(key).digest("base64url").slice(0, 24)}`;
}

/**
 * Celebrates, in the guild's check-in channel (SPEC §3.16), the milestones an
 * entry made the member reach for the first time ever: one short post. Not in
 * the channel the member logged in, where the reply already says it. A courtesy:
 * the entry is stored and acknowledged, so a refused post is only logged.
 */
export async function celebrate(
  client: Client,
  result: Celebratable,
  member: MemberRef,
  repliedIn: string,
  log: Logger,
): Promise<void> {
  const channelId = result.celebrationChannelId;
  const first = result.milestones.filter((m) => m.celebrate);
  if (!channelId || channelId === repliedIn || first.length === 0) return;
  const nonce = celebrationNonce(
    member,
    first.map((m) => m.id),
  );
  await postCelebration(client, channelId, celebrationText(member.displayName, first), nonce).catch(
    (error: unknown) => log.warn("celebration failed", { guild: member.guildId, channel: channelId, error }),
  );
}
