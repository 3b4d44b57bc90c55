/**
 * Discord's shard arithmetic: a guild's events arrive on shard
 * `(guild_id >> 22) % shard_count` (https://discord.com/developers/docs/events/gateway#sharding),
 * and a shard schedules posts and reminders only for those guilds.
 *
 * Guild ids are snowflakes stored as decimal text. In SQL the id is cast to a
 * 64-bit signed integer, exact for every id below 2^63: a snowflake's top bit
 * is its timestamp's 42nd bit, set only from 2084 (Discord epoch 2015 + 2^41 ms),
 * so every id Discord can hand out until then is exact. `CAST(… AS BIGINT)`
 * has INTEGER affinity in SQLite and is a bigint in PostgreSQL: one expression
 * serves both engines.
 */
import { type SQL, type SQLWrapper, sql } from "drizzle-orm";

/** One shard of a sharded bot: its id and the total count (Discord's `shard: [id, count]`). */
export interface Shard {
  id: number;
  count: number;
}

/** The shard that receives this guild's events. */
export function shardOf(guildId: string, count: number): number {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`shard count must be ≥ 1, got ${count}`);
  if (!/^\d{1,20}$/.test(guildId)) throw new RangeError(`not a snowflake: ${guildId}`);
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** Whether this guild belongs to this shard; everything does when the bot is not sharded. */
export function ownsGuild(shard: Shard | undefined, guildId: string): boolean {
  return shard === undefined || shard.count === 1 || shardOf(guildId, shard.count) === shard.id;
}

/**
 * A WHERE condition keeping the rows of this shard's guilds (true when not
 * sharded), evaluated inside the query so a shard never loads other shards' rows.
 */
export function inShard(guildIdColumn: SQLWrapper, shard: Shard | undefined): SQL {
  if (shard === undefined || shard.count === 1) return sql`1 = 1`;
  return sql`((CAST(${guildIdColumn} AS BIGINT) >> 22) % ${shard.count}) = ${shard.id}`;
}

/** Checks a shard as Discord would: 0 ≤ id < count. */
export function validShard(shard: Shard): boolean {
  return (
    Number.isInteger(shard.id) &&
    Number.isInteger(shard.count) &&
    shard.count >= 1 &&
    shard.id >= 0 &&
    shard.id < shard.count
  );
}
