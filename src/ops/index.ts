import type { Clock } from "../clock";
import type { Config } from "../config";
import type { Logger } from "../log";
import type { Shard } from "../shards/shard";
import { type DailyBackups, prepareBackupDir, startDailyBackups } from "./daily-backup";
import type { DatabaseProbe } from "./database";
import { checkHealth } from "./health";
import { type OpsServer, startOpsServer } from "./http";
import { createMetrics, type Metrics } from "./metrics";

export interface OpsDeps {
  config: Pick<Config, "HTTP_PORT" | "HTTP_HOST" | "BACKUP_DIR">;
  database: DatabaseProbe;
  clock: Clock;
  log: Logger;
  gatewayReady(): boolean;
  gatewayPingMs(): number | null;
  lastTickAt(): Date;
  /** a sharded bot: its server listens on HTTP_PORT + shard id, and only shard 0 keeps backups */
  shard?: Shard;
}

/** Each shard's /healthz and /metrics port: HTTP_PORT + shard id (0 stays "any free port"). */
export function shardPort(port: number, shard: Shard | undefined): number {
  const at = port === 0 || !shard ? port : port + shard.id;
  if (at > 65_535) throw new Error(`HTTP_PORT ${port} + shard ${shard?.id} is past 65535: lower HTTP_PORT`);
  return at;
}

export interface Ops {
  metrics: Metrics;
  /** the /healthz + /metrics server, when HTTP_PORT is set */
  http: OpsServer | null;
  /** daily backups, when BACKUP_DIR is set */
  backups: DailyBackups | null;
  stop(): Promise<void>;
}

/**
 * What the person hosting the bot gets (SPEC §6): metrics always (they are
 * cheap counters), the HTTP server when HTTP_PORT is set, daily backups when
 * BACKUP_DIR is set. A bad BACKUP_DIR or a taken port throws here, at start,
 * with a message naming the variable.
 */
export async function startOps(deps: OpsDeps): Promise<Ops> {
  const { config, database, clock, log } = deps;
  // One database, one set of backups: shard 0 keeps them.
  const backupDir = deps.shard && deps.shard.id !== 0 ? undefined : config.BACKUP_DIR;
  if (backupDir && !database.sqlite) {
    throw new Error(
      "BACKUP_DIR keeps SQLite backups; on PostgreSQL use its own (pg_dump, the managed service's) and unset BACKUP_DIR",
    );
  }
  if (backupDir) prepareBackupDir(backupDir);
  const metrics = createMetrics({
    gatewayPingMs: deps.gatewayPingMs,
    databaseBytes: database.sizeBytes,
    processMetrics: config.HTTP_PORT !== undefined,
    ...(deps.shard ? { shard: deps.shard.id } : {}),
  });
  const http =
    config.HTTP_PORT === undefined
      ? null
      : await startOpsServer({
          host: config.HTTP_HOST,
          port: shardPort(config.HTTP_PORT, deps.shard),
          registry: metrics.registry,
          log,
          health: () =>
            checkHealth({
              gatewayReady: deps.gatewayReady,
              databaseWrite: database.checkWrite,
              lastTickAt: deps.lastTickAt,
              clock,
            }),
        });
  const backups =
    backupDir && database.sqlite
      ? startDailyBackups({ sqlite: database.sqlite, dir: backupDir, clock, log, onBackup: metrics.backup })
      : null;
  return {
    metrics,
    http,
    backups,
    async stop() {
      await backups?.stop();
      await http?.close();
    },
  };
}
