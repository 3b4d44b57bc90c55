import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Client, Events } from "discord.js";
import { type Clock, systemClock } from "./clock";
import { type Config, ConfigError, loadDotEnv, parseConfig, parseShardProcess } from "./config";
import { openStore, type Store } from "./db/client";
import { checkDatabaseUrl, DatabaseUrlError } from "./db/pg/connect";
import { openPgStore, type PgStore } from "./db/pg/store";
import { createClient, gatewayReady } from "./discord/client";
import { discordDmSender } from "./discord/dm";
import { createInteractionHandler } from "./discord/interactions";
import { pacedDiscordPoster } from "./discord/poster";
import type { RateLimitOptions } from "./discord/rate-limit";
import { loadCommands, syncCommands } from "./discord/registry";
import { cohortRolesBackAfterReport } from "./discord/roles";
import { fetchGatewayBot, startShards } from "./discord/sharding";
import { createLogger, type Logger, type LogSink } from "./log";
import { type Ops, startOps } from "./ops";
import { type DatabaseProbe, pgProbe, sqliteProbe } from "./ops/database";
import type { LivenessDeps } from "./projects/liveness";
import { createDmQueue } from "./reminders/queue";
import { createReminders, type Reminders } from "./reminders/runner";
import { startCron } from "./scheduler/cron";
import { createLivenessRecheck } from "./scheduler/liveness";
import { createScheduler, type Scheduler } from "./scheduler/runner";
import type { Shard } from "./shards/shard";

export interface BotDeps {
  clock?: Clock;
  logSink?: LogSink;
  /** start the once-a-minute cron task (default true); tests drive `scheduler.tick()` themselves */
  cron?: boolean;
  /** the per-member rate limit; default SPEC §3.19's 5 in 10 s */
  rateLimit?: RateLimitOptions;
  /** DNS and TCP for live checks of project URLs; default the system's */
  network?: LivenessDeps;
  /** REST request timeout (default @discordjs/rest's 15 s); tests lower it to lose answers quickly */
  restTimeoutMs?: number;
  /**
   * The gateway shard this bot is (a ShardingManager child, or a test running
   * one bot per shard): it connects only that shard and schedules posts and
   * reminders only for that shard's guilds. Unset: unsharded, every guild.
   */
  shard?: Shard;
}

/** What the bot runs on: SQLite at DATABASE_PATH, or PostgreSQL at DATABASE_URL. */
export type BotStore = Store | PgStore;

export interface Bot {
  client: Client<true>;
  store: BotStore;
  log: Logger;
  scheduler: Scheduler;
  /** opt-in reminder DMs; the cron ticks them with the scheduler, tests call `tick()` */
  reminders: Reminders;
  /** metrics, the health/metrics server (`ops.http.url`) and daily backups */
  ops: Ops;
  /** stop the scheduler, finish in-flight interactions, close the gateway and the database */
  stop(): Promise<void>;
}

/** Wires config, database, Discord client and command handling, and logs in. */
export async function startBot(config: Config, deps: BotDeps = {}): Promise<Bot> {
  const clock = deps.clock ?? systemClock;
  const { shard } = deps;
  const log = createLogger(
    config.LOG_LEVEL,
    deps.logSink,
    () => clock.now(),
    shard ? { shard: shard.id } : {},
  );
  const { store, database } = await openDatabase(config);
  const commands = await loadCommands();
  const client = createClient(config, log, deps.restTimeoutMs, shard);
  // ops (SPEC §6): up before login, so a taken HTTP_PORT or a bad BACKUP_DIR stops the start
  // early and /healthz answers 503 while the gateway connects.
  const startedAt = clock.now();
  let scheduler: Scheduler | undefined;
  let ops: Ops;
  try {
    ops = await startOps({
      config,
      database,
      clock,
      log,
      gatewayReady: () => gatewayReady(client),
      gatewayPingMs: () => client.ws.ping,
      lastTickAt: () => scheduler?.lastTickAt() ?? startedAt,
      ...(shard ? { shard } : {}),
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const { metrics } = ops;
  const interactions = createInteractionHandler({
    commands,
    db: store.db,
    clock,
    log,
    metrics,
    ...(deps.rateLimit ? { rateLimit: deps.rateLimit } : {}),
    ...(deps.network ? { network: deps.network } : {}),
  });

  client.on(Events.InteractionCreate, (interaction) => void interactions.handle(interaction));
  client.on(Events.Error, (error) => log.error("discord client error", { error }));
  client.on(Events.Warn, (message) => log.warn("discord client warning", { message }));

  const ready = new Promise<Client<true>>((resolveReady) => client.once(Events.ClientReady, resolveReady));
  try {
    await client.login(config.DISCORD_TOKEN);
    const readyClient = await ready;
    // Commands are the application's, not a shard's: shard 0 registers them for all.
    if (!shard || shard.id === 0) {
      await syncCommands({
        client: readyClient,
        db: store.db,
        commands,
        devGuildId: config.DEV_GUILD_ID,
        now: clock.now(),
        log,
      });
    }
    const mine = shard ? { shard } : {};
    const posts = createScheduler({
      db: store.db,
      clock,
      log,
      poster: pacedDiscordPoster(readyClient.rest, readyClient.user.id),
      metrics,
      onSent: cohortRolesBackAfterReport({ rest: readyClient.rest, db: store.db, log, clock }),
      ...mine,
    });
    scheduler = posts;
    const recheck = createLivenessRecheck({
      db: store.db,
      clock,
      log,
      ...(deps.network ? { network: deps.network } : {}),
      ...mine,
    });
    const dmQueue = createDmQueue();
    const reminders = createReminders({
      db: store.db,
      clock,
      log,
      sender: discordDmSender(readyClient),
      queue: dmQueue,
      ...mine,
    });
    // Posts first; reminders are claimed in the same tick (their DMs leave through the paced queue later);
    // then a bounded share of the weekly project re-checks (SPEC §3.19).
    const tick = async () => {
      const report = await posts.tick();
      await reminders.tick();
      await recheck.tick().catch((error: unknown) => log.error("project re-check failed", { error }));
      return report;
    };
    const cron = deps.cron === false ? null : startCron({ ...posts, tick }, log);
    log.info("ready", { user: readyClient.user.id, guilds: readyClient.guilds.cache.size });
    let stopping: Promise<void> | undefined;
    return {
      client: readyClient,
      store,
      log,
      scheduler,
      reminders,
      ops,
      stop() {
        stopping ??= (async () => {
          await cron?.stop();
          await dmQueue.stop();
          await interactions.drain();
          await client.destroy();
          await ops.stop();
          await store.close();
          log.info("stopped");
        })();
        return stopping;
      },
    };
  } catch (error) {
    await client.destroy();
    await ops.stop();
    await store.close();
    throw error;
  }
}

/** SQLite at DATABASE_PATH, or with DATABASE_URL set PostgreSQL (migrated and prepared on open). */
async function openDatabase(config: Config): Promise<{ store: BotStore; database: DatabaseProbe }> {
  if (config.DATABASE_URL) {
    const store = await openPgStore(config.DATABASE_URL);
    return { store, database: pgProbe(store.pool) };
  }
  const store = openStore(config.DATABASE_PATH);
  return { store, database: sqliteProbe(store.sqlite) };
}

async function runFromCli(): Promise<void> {
  loadDotEnv();
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // A ShardingManager child runs the bot for its shard; SHARD_COUNT above 1 (or auto) runs the manager.
  const shard = parseShardProcess(process.env);
  if (!shard && config.SHARD_COUNT !== 1 && (await runShardManager(config))) return;
  const bot = await startBot(config, shard ? { shard } : {});
  const shutdown = (signal: string) => {
    bot.log.info("shutting down", { signal });
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        bot.log.error("shutdown failed", { error });
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

/** Starts one process per shard; false when `auto` found one shard enough (then run unsharded). */
async function runShardManager(config: Config): Promise<boolean> {
  const log = createLogger(config.LOG_LEVEL);
  // Before any shard starts: a bad DATABASE_URL is the same one line a single process gives.
  if (config.DATABASE_URL) await checkDatabaseUrl(config.DATABASE_URL);
  const gateway = await fetchGatewayBot(config);
  const count = config.SHARD_COUNT === "auto" ? gateway.shards : config.SHARD_COUNT;
  log.info("sharding", { shards: count, setting: config.SHARD_COUNT, recommended: gateway.shards });
  if (count <= 1) return false;
  const fleet = await startShards(config, log, { count, maxConcurrency: gateway.maxConcurrency });
  const shutdown = (signal: string) => {
    log.info("shutting down", { signal });
    fleet.stop().then(
      () => {
        log.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        log.error("shutdown failed", { error });
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runFromCli().catch((error: unknown) => {
    if (error instanceof DatabaseUrlError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`shiplog: could not start: ${message}\n`);
    process.exit(1);
  });
}
