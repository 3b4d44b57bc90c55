/** Sharded IDENTIFY as Discord checks it, and which connection a guild's events go to. */
import { ownsGuild, type Shard, validShard } from "../shards/shard";

/** Whether a shard receives this guild's events; DMs (no guild) go to shard 0, as on Discord. */
export function serves(shard: Shard, guildId: string | undefined): boolean {
  return guildId === undefined ? shard.id === 0 : ownsGuild(shard, guildId);
}

/**
 * The shard an IDENTIFY asks for (`[0, 1]` when it names none), or null when
 * Discord would close it with 4010: not `[id, count]` integers, id >= count, or
 * a count other than the one the bot's live connections use.
 */
export function requestedShard(raw: unknown, liveCounts: Iterable<number>): Shard | null {
  if (raw === undefined) return { id: 0, count: 1 };
  if (!Array.isArray(raw) || raw.length !== 2 || !raw.every((n) => Number.isInteger(n))) return null;
  const shard = { id: raw[0] as number, count: raw[1] as number };
  if (!validShard(shard)) return null;
  for (const count of liveCounts) if (count !== shard.count) return null;
  return shard;
}
