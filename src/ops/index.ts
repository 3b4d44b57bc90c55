import type Database from "better-sqlite3";
import type { Clock } from "../clock";
import type { Config } from "../config";
import type { Logger } from "../log";
import { type DailyBackups, prepareBackupDir, startDailyBackups } from "./daily-backup";
import { checkHealth } from "./health";
import { type OpsServer, startOpsServer } from "./http";
import { createMetrics, type Metrics } from "./metrics";

export interface OpsDeps {
  config: Pick<Config, "HTTP_PORT" | "HTTP_HOST" | "BACKUP_DIR">;
  sqlite: Database.Database;
  clock: Clock;
  log: Logger;
  gatewayReady(): boolean;
  gatewayPingMs(): number | null;
  lastTickAt(): Date;
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
  const { config, sqlite, clock, log } = deps;
  if (config.BACKUP_DIR) prepareBackupDir(config.BACKUP_DIR);
  const metrics = createMetrics({
    gatewayPingMs: deps.gatewayPingMs,
    sqlite,
    processMetrics: config.HTTP_PORT !== undefined,
  });
  const http =
    config.HTTP_PORT === undefined
      ? null
      : await startOpsServer({
          host: config.HTTP_HOST,
          port: config.HTTP_PORT,
          registry: metrics.registry,
          log,
          health: () =>
            checkHealth({ gatewayReady: deps.gatewayReady, sqlite, lastTickAt: deps.lastTickAt, clock }),
        });
  const backups = config.BACKUP_DIR
    ? startDailyBackups({ sqlite, dir: config.BACKUP_DIR, clock, log, onBackup: metrics.backup })
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
