import type Database from "better-sqlite3";
import type { Clock } from "../clock";

/** The scheduler ticks once a minute; three missed ticks in a row mean it is stuck. */
export const SCHEDULER_STALE_MS = 3 * 60_000;

export interface HealthSources {
  gatewayReady(): boolean;
  /** the write probe (./database.ts) */
  databaseWrite(): Promise<CheckResult>;
  /** when the scheduler last ticked; its start counts as a tick, so a fresh bot is not stale */
  lastTickAt(): Date;
  clock: Clock;
}

export interface CheckResult {
  ok: boolean;
  [detail: string]: unknown;
}

export interface HealthReport {
  status: "ok" | "failing";
  failing: string[];
  checks: { gateway: CheckResult; database: CheckResult; scheduler: CheckResult };
}

/**
 * Can the database take a write right now? `BEGIN IMMEDIATE` takes SQLite's
 * write lock exactly as a real write would (a lock held by another process past
 * the timeout, or an I/O error on the lock, shows up), and the ROLLBACK leaves
 * nothing behind. Chosen over a heartbeat row: no table to migrate, and no
 * fsync or WAL growth on every scrape. What it cannot see is a full disk; the
 * bot's own writes then fail (shiplog_interactions_total{outcome="error"}) and
 * disk space is the host's monitoring's job. The busy timeout is shortened
 * while probing: better-sqlite3 is synchronous and a probe must not stall the bot.
 */
export function checkDatabaseWrite(sqlite: Database.Database): CheckResult {
  if (!sqlite.open) return { ok: false, error: "closed" };
  // SQLite grants BEGIN IMMEDIATE even on a read-only connection; the first write would fail.
  if (sqlite.readonly) return { ok: false, error: "SQLITE_READONLY" };
  if (sqlite.inTransaction) return { ok: true }; // a write is in progress on this very connection
  const timeout = sqlite.pragma("busy_timeout", { simple: true }) as number;
  sqlite.pragma("busy_timeout = 250");
  try {
    sqlite.exec("BEGIN IMMEDIATE");
    sqlite.exec("ROLLBACK");
    return { ok: true };
  } catch (error) {
    // The SQLite code (SQLITE_READONLY, SQLITE_BUSY, SQLITE_FULL...) says enough, without paths.
    const code = (error as { code?: unknown }).code;
    return { ok: false, error: typeof code === "string" ? code : "unknown" };
  } finally {
    if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
    sqlite.pragma(`busy_timeout = ${timeout}`);
  }
}

/** The three readiness conditions of SPEC §6; `failing` names the ones that are not met. */
export async function checkHealth(sources: HealthSources): Promise<HealthReport> {
  const now = sources.clock.now();
  const lastTick = sources.lastTickAt();
  const ageMs = now.getTime() - lastTick.getTime();
  const checks = {
    gateway: { ok: sources.gatewayReady() },
    database: await sources.databaseWrite(),
    scheduler: {
      ok: ageMs <= SCHEDULER_STALE_MS,
      last_tick: lastTick.toISOString(),
      seconds_ago: Math.max(0, Math.round(ageMs / 1000)),
    },
  };
  const failing = Object.entries(checks)
    .filter(([, check]) => !check.ok)
    .map(([name]) => name);
  return { status: failing.length === 0 ? "ok" : "failing", failing, checks };
}
