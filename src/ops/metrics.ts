import type Database from "better-sqlite3";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export type InteractionOutcome = "ok" | "user_error" | "outdated" | "rate_limited" | "error";
export type PostOutcome = "sent" | "failed" | "skipped" | "uncertain";
export type BackupOutcome = "ok" | "failed";

export interface MetricsSources {
  /** the gateway's heartbeat round trip in ms; negative or null while unknown */
  gatewayPingMs(): number | null;
  /** the database's size in bytes, read on each scrape (./database.ts); null when unknown */
  databaseBytes(): Promise<number | null> | number | null;
  /** Node's process metrics (CPU, memory, event loop lag, GC); off in tests that never scrape */
  processMetrics?: boolean;
  /** a sharded bot's shard id: a `shard` label on every series */
  shard?: number;
}

/** Size of the database content in bytes (pages × page size), for `:memory:` too. */
export function databaseBytes(sqlite: Database.Database): number {
  const pages = sqlite.pragma("page_count", { simple: true }) as number;
  const pageSize = sqlite.pragma("page_size", { simple: true }) as number;
  return pages * pageSize;
}

/**
 * The bot's Prometheus metrics, on a registry of its own (never prom-client's
 * global one) so two bots in one process, as in the tests, never clash.
 * Labels are command names, post kinds and outcomes only: never member data.
 */
export function createMetrics(sources: MetricsSources) {
  const registry = new Registry();
  if (sources.shard !== undefined) registry.setDefaultLabels({ shard: String(sources.shard) });
  const registers = [registry];
  const interactions = new Counter({
    name: "shiplog_interactions_total",
    help: "Interactions handled, by command and outcome (ok, user_error, error, rate_limited)",
    labelNames: ["command", "outcome"] as const,
    registers,
  });
  const interactionSeconds = new Histogram({
    name: "shiplog_interaction_duration_seconds",
    help: "Time from receiving an interaction to finishing its reply, by command",
    labelNames: ["command"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  // Scheduled posts and DMs are both effects outside the process, counted the same way.
  const byKindAndOutcome = (name: string, what: string) =>
    new Counter({
      name,
      help: `${what}, by kind and outcome (sent, failed, skipped)`,
      labelNames: ["kind", "outcome"] as const,
      registers,
    });
  const scheduledPosts = byKindAndOutcome("shiplog_scheduled_posts_total", "Scheduled posts");
  const dms = byKindAndOutcome("shiplog_dms_total", "Direct messages");
  const backups = new Counter({
    name: "shiplog_backups_total",
    help: "Daily backups into BACKUP_DIR, by outcome",
    labelNames: ["outcome"] as const,
    registers,
  });
  const lastBackup = new Gauge({
    name: "shiplog_last_backup_timestamp_seconds",
    help: "Unix time of the last successful backup into BACKUP_DIR",
    registers,
  });
  new Gauge({
    name: "shiplog_gateway_ping_seconds",
    help: "Round trip of the Discord gateway heartbeat",
    registers,
    collect() {
      const ms = sources.gatewayPingMs();
      // NaN, not 0, until the first heartbeat has been answered: 0 would read as a perfect link.
      this.set(ms !== null && ms >= 0 ? ms / 1000 : Number.NaN);
    },
  });
  new Gauge({
    name: "shiplog_database_size_bytes",
    help: "Size of the database: SQLite pages × page size; on PostgreSQL the bot's tables and indexes",
    registers,
    async collect() {
      const bytes = await sources.databaseBytes();
      if (bytes !== null) this.set(bytes);
    },
  });
  if (sources.processMetrics) collectDefaultMetrics({ register: registry });

  return {
    registry,
    interaction(command: string, outcome: InteractionOutcome, seconds: number): void {
      interactions.inc({ command, outcome });
      interactionSeconds.observe({ command }, seconds);
    },
    scheduledPost(kind: string, outcome: PostOutcome): void {
      scheduledPosts.inc({ kind, outcome });
    },
    dm(kind: string, outcome: PostOutcome): void {
      dms.inc({ kind, outcome });
    },
    backup(outcome: BackupOutcome, at: Date): void {
      backups.inc({ outcome });
      if (outcome === "ok") lastBackup.set(at.getTime() / 1000);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
