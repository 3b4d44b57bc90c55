import { Client, GatewayIntentBits, Options, Status } from "discord.js";
import type { Config } from "../config";
import type { Logger } from "../log";
import type { Shard } from "../shards/shard";
import { guardInteractionPackets } from "./packets";

/**
 * The discord.js client: only the Guilds intent (no privileged intents, no message
 * content), and caches capped so memory does not grow with member or message counts.
 * Guilds, channels and roles stay cached: they are needed to check permissions and post.
 */
export function createClient(
  config: Pick<Config, "DISCORD_API_URL">,
  log: Logger,
  /** @discordjs/rest's request timeout (default 15 s); tests lower it to exercise lost answers */
  restTimeoutMs?: number,
  /** the one gateway shard this process connects (ShardingManager child, or a test's shard); unset: unsharded */
  shard?: Shard,
): Client {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...(shard ? { shards: [shard.id], shardCount: shard.count } : {}),
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      ThreadMemberManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      PresenceManager: 0,
      VoiceStateManager: 0,
      StageInstanceManager: 0,
      GuildInviteManager: 0,
      GuildScheduledEventManager: 0,
      GuildStickerManager: 0,
      GuildEmojiManager: 0,
      AutoModerationRuleManager: 0,
      ApplicationCommandManager: 0,
      BaseGuildEmojiManager: 0,
      GuildBanManager: 0,
      // Members and users arrive with every interaction; keep only the bot itself.
      GuildMemberManager: { maxSize: 1, keepOverLimit: (m) => m.id === m.client.user.id },
      UserManager: { maxSize: 1, keepOverLimit: (u) => u.id === u.client.user.id },
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      threads: { interval: 3600, lifetime: 3600 },
    },
    // Default for every message the bot sends: never ping anyone because of user text.
    allowedMentions: { parse: [], repliedUser: false },
    rest: {
      ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}),
      ...(restTimeoutMs ? { timeout: restTimeoutMs } : {}),
    },
  });
  // A malformed gateway packet must not end the process (issue 9): see packets.ts.
  guardInteractionPackets(client, log);
  return client;
}

/** Connected and ready on every shard; false while a shard reconnects or resumes (for /healthz). */
export function gatewayReady(client: Client): boolean {
  return client.isReady() && client.ws.shards.every((shard) => shard.status === Status.Ready);
}
