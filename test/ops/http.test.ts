import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock";
import { openStore, type Store } from "../../src/db/client";
import { createLogger } from "../../src/log";
import { sqliteProbe } from "../../src/ops/database";
import { checkDatabaseWrite, checkHealth } from "../../src/ops/health";
import { type OpsServer, startOpsServer } from "../../src/ops/http";
import { createMetrics, type Metrics } from "../../src/ops/metrics";

const log = createLogger("error", () => {});
const sizeOf = (s: Store) => ({ databaseBytes: sqliteProbe(s.sqlite).sizeBytes });
let dir: string;
let store: Store;
let clock: ManualClock;
let gatewayUp: boolean;
let metrics: Metrics;
let server: OpsServer;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "shiplog-ops-"));
  store = openStore(join(dir, "shiplog.db"));
  clock = new ManualClock("2026-11-29T12:00:00Z");
  const started = clock.now();
  gatewayUp = true;
  metrics = createMetrics({ gatewayPingMs: () => 42, ...sizeOf(store), processMetrics: true });
  server = await startOpsServer({
    host: "127.0.0.1",
    port: 0,
    registry: metrics.registry,
    log,
    health: () =>
      checkHealth({
        gatewayReady: () => gatewayUp,
        databaseWrite: sqliteProbe(store.sqlite).checkWrite,
        lastTickAt: () => started,
        clock,
      }),
  });
});
afterEach(async () => {
  await server.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("GET /healthz", () => {
  it("is 200 with JSON when the gateway, the database and the scheduler are all fine", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({
      status: "ok",
      failing: [],
      checks: {
        gateway: { ok: true },
        database: { ok: true },
        scheduler: { ok: true, last_tick: "2026-11-29T12:00:00.000Z", seconds_ago: 0 },
      },
    });
  });

  it("is 503 naming the gateway while it is down, and 200 again once it is back", async () => {
    gatewayUp = false;
    const down = await fetch(`${server.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: "failing", failing: ["gateway"] });
    gatewayUp = true;
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("is 503 naming the scheduler when it has not ticked for more than 3 minutes", async () => {
    clock.advance(3 * 60_000);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    clock.advance(1000);
    const res = await fetch(`${server.url}/healthz?verbose=1`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      failing: ["scheduler"],
      checks: { scheduler: { ok: false, seconds_ago: 181 } },
    });
  });

  it("answers HEAD with the status and no body", async () => {
    gatewayUp = false;
    const res = await fetch(`${server.url}/healthz`, { method: "HEAD" });
    expect(res.status).toBe(503);
    expect(await res.text()).toBe("");
  });
});

describe("the database write probe", () => {
  it("fails on a read-only database and while another process holds the write lock, and leaves nothing", () => {
    const path = join(dir, "shiplog.db");
    const readOnly = new Database(path, { readonly: true });
    expect(checkDatabaseWrite(readOnly)).toEqual({ ok: false, error: "SQLITE_READONLY" });
    readOnly.close();

    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    expect(checkDatabaseWrite(store.sqlite)).toEqual({ ok: false, error: "SQLITE_BUSY" });
    other.exec("ROLLBACK");
    other.close();
    expect(checkDatabaseWrite(store.sqlite)).toEqual({ ok: true });
    expect(store.sqlite.inTransaction).toBe(false);
    expect(store.sqlite.pragma("busy_timeout", { simple: true })).toBe(5000);
  });
});

describe("GET /metrics", () => {
  it("serves Prometheus text with the bot's counters, gateway ping, database size and process metrics", async () => {
    metrics.interaction("log hours", "ok", 0.012);
    metrics.interaction("log hours", "user_error", 0.003);
    metrics.scheduledPost("checkin", "sent");
    metrics.scheduledPost("prompt", "failed");
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('shiplog_interactions_total{command="log hours",outcome="ok"} 1');
    expect(text).toContain('shiplog_interactions_total{command="log hours",outcome="user_error"} 1');
    expect(text).toContain('shiplog_interaction_duration_seconds_bucket{le="0.025",command="log hours"} 2');
    expect(text).toContain('shiplog_interaction_duration_seconds_count{command="log hours"} 2');
    expect(text).toContain('shiplog_scheduled_posts_total{kind="checkin",outcome="sent"} 1');
    expect(text).toContain('shiplog_scheduled_posts_total{kind="prompt",outcome="failed"} 1');
    expect(text).toContain("shiplog_gateway_ping_seconds 0.042");
    const size = Number(/^shiplog_database_size_bytes (\d+)$/m.exec(text)?.[1]);
    expect(size).toBe(
      (store.sqlite.pragma("page_count", { simple: true }) as number) *
        (store.sqlite.pragma("page_size", { simple: true }) as number),
    );
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });

  it("keeps each bot's counters apart (one registry per bot, not the global one)", async () => {
    const other = createMetrics({ gatewayPingMs: () => null, ...sizeOf(store) });
    other.interaction("profile", "ok", 0.01);
    expect(await other.registry.metrics()).not.toContain("process_cpu_user_seconds_total");
    expect(await other.registry.metrics()).toContain("shiplog_gateway_ping_seconds Nan");
    expect(await metrics.registry.metrics()).not.toContain('command="profile"');
  });
});

describe("anything else", () => {
  it.each(["/", "/health", "/healthz/extra", "/metrics.json", "/../etc/passwd", "/favicon.ico"])(
    "GET %s is 404",
    async (path) => {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toBe("not found\n");
    },
  );

  it.each(["POST", "PUT", "DELETE"])("%s /healthz is 405 with Allow: GET, HEAD", async (method) => {
    const res = await fetch(`${server.url}/healthz`, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
  });

  it("refuses a port already in use with one line naming HTTP_PORT", async () => {
    await expect(
      startOpsServer({
        host: "127.0.0.1",
        port: server.port,
        registry: metrics.registry,
        log,
        health: () => {
          throw new Error("never called");
        },
      }),
    ).rejects.toThrow(`HTTP_PORT ${server.port} is already in use on 127.0.0.1`);
  });
});
