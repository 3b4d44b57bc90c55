/**
 * `npm start` with SHARD_COUNT above 1 (or auto): discord.js's ShardingManager
 * runs one process per shard, each the normal bot (main.ts) on the same
 * database with its shard id, and respawns a shard whose process dies while
 * the others keep serving. This process only supervises: no gateway, no
 * database, no HTTP server.
 */
import { once } from "node:events";
import { REST, Routes, type Shard, ShardingManager } from "discord.js";
import type { Config } from "../config";
import type { Logger } from "../log";
import { BUILT, MAIN_ENTRY } from "../paths";

/** Discord lets `max_concurrency` shards IDENTIFY per 5 seconds; the spare half second is margin. */
const IDENTIFY_WINDOW_MS = 5_500;
/** How long a shard has to connect and get READY before the start counts as failed. */
const READY_TIMEOUT_MS = 60_000;

/**
 * The file each shard process runs, and how: from the sources, src/main.ts under
 * tsx; precompiled (`npm start`), dist/src/main.js as-is, with source maps as
 * `npm start` runs it. The paths live in ../paths (`MAIN_ENTRY`, `BUILT_MAIN`).
 */
export function shardEntry(): { file: string; execArgv: string[] } {
  return { file: MAIN_ENTRY, execArgv: BUILT ? ["--enable-source-maps"] : ["--import", "tsx"] };
}

export interface GatewayBot {
  /** Discord's recommended shard count */
  shards: number;
  /** how many shards may IDENTIFY in the same 5 seconds */
  maxConcurrency: number;
}

/** GET /gateway/bot on DISCORD_API_URL (Discord's own when unset). */
export async function fetchGatewayBot(
  config: Pick<Config, "DISCORD_TOKEN" | "DISCORD_API_URL">,
): Promise<GatewayBot> {
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(
    config.DISCORD_TOKEN,
  );
  const body = (await rest.get(Routes.gatewayBot()).catch((error: unknown) => {
    if ((error as { status?: number }).status === 401)
      throw new Error("DISCORD_TOKEN was refused by Discord (401 Unauthorized): check the bot token");
    throw error;
  })) as { shards: number; session_start_limit: { max_concurrency: number } };
  return { shards: body.shards, maxConcurrency: Math.max(1, body.session_start_limit.max_concurrency) };
}

export interface ShardFleet {
  manager: ShardingManager;
  /** stop respawning, SIGTERM every shard and wait for each to exit */
  stop(): Promise<void>;
}

/**
 * Spawns `count` shard processes, `maxConcurrency` at a time, 5.5 s apart (Discord's
 * identify limit), and resolves once every shard is READY. A shard that fails to
 * start fails the whole start (the others are stopped); once all are up, a shard
 * that dies is respawned by the manager.
 */
export async function startShards(
  config: Pick<Config, "DISCORD_TOKEN">,
  log: Logger,
  opts: { count: number; maxConcurrency: number; entry?: { file: string; execArgv: string[] } },
): Promise<ShardFleet> {
  const entry = opts.entry ?? shardEntry();
  const manager = new ShardingManager(entry.file, {
    totalShards: opts.count,
    shardList: Array.from({ length: opts.count }, (_, i) => i),
    mode: "process",
    respawn: false,
    execArgv: entry.execArgv,
    token: config.DISCORD_TOKEN,
  });
  manager.on("shardCreate", (shard: Shard) => {
    shard.on("spawn", () => log.info("shard spawned", { shard: shard.id, pid: shard.process?.pid }));
    shard.on("ready", () => log.info("shard ready", { shard: shard.id }));
    shard.on("death", (child) =>
      log.warn("shard died", {
        shard: shard.id,
        code: "exitCode" in child ? child.exitCode : null,
        respawn: manager.respawn,
      }),
    );
  });
  const fleet: ShardFleet = {
    manager,
    async stop() {
      manager.respawn = false;
      await Promise.all(
        manager.shards.map(async (shard) => {
          const child = shard.process;
          if (!child || child.exitCode !== null || child.signalCode !== null) return;
          const exited = once(child, "exit");
          child.kill("SIGTERM");
          await exited;
        }),
      );
    },
  };
  try {
    for (let first = 0; first < opts.count; first += opts.maxConcurrency) {
      if (first > 0) await new Promise((resolve) => setTimeout(resolve, IDENTIFY_WINDOW_MS));
      const batch = [];
      for (let id = first; id < Math.min(opts.count, first + opts.maxConcurrency); id += 1)
        batch.push(manager.createShard(id).spawn(READY_TIMEOUT_MS));
      await Promise.all(batch);
    }
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  manager.respawn = true;
  log.info("shards ready", { shards: opts.count });
  return fleet;
}
