import { once } from "node:events";
import { Events } from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHANNEL, MANAGER_PERMISSIONS, opt, STRING, sub } from "../../src/standin";
import { type Harness, startHarness } from "./harness";

const MOD = "830000000000000001";

describe("/healthz and /metrics on a running bot (SPEC §6)", () => {
  let h: Harness;
  let base: string;
  beforeEach(async () => {
    h = await startHarness({ now: "2026-11-22T12:00:00Z", env: { HTTP_PORT: "0" } });
    base = h.bot.ops.http?.url ?? "";
  });
  afterEach(async () => {
    h.standin.releaseGateway();
    await h?.close();
  });

  const health = async () => {
    const res = await fetch(`${base}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it("is 503 naming the gateway while it is down, and 200 after it reconnects", async () => {
    expect((await health()).status).toBe(200);

    h.standin.holdGateway(); // the bot's reconnection gets no HELLO: Discord is unreachable
    const reconnecting = once(h.bot.client, Events.ShardReconnecting);
    h.standin.disconnect(4000);
    await reconnecting;
    expect(await health()).toEqual({
      status: 503,
      body: {
        status: "failing",
        failing: ["gateway"],
        checks: {
          gateway: { ok: false },
          database: { ok: true },
          scheduler: { ok: true, last_tick: "2026-11-22T12:00:00.000Z", seconds_ago: 0 },
        },
      },
    });

    const resumed = once(h.bot.client, Events.ShardResume);
    h.standin.releaseGateway();
    await resumed;
    expect(await health()).toMatchObject({ status: 200, body: { status: "ok", failing: [] } });
  });

  it("is 503 naming the scheduler after 3 minutes without a tick, 200 once it ticks", async () => {
    h.clock.advance(3 * 60_000 + 1000);
    expect(await health()).toMatchObject({ status: 503, body: { failing: ["scheduler"] } });
    await h.bot.scheduler.tick();
    expect(await health()).toMatchObject({ status: 200, body: { failing: [] } });
  });

  it("counts interactions and scheduled posts, with the gateway ping and database size", async () => {
    const general = h.standin.defaultChannelId;
    await h.standin.command({
      name: "config",
      userId: MOD,
      permissions: MANAGER_PERMISSIONS,
      options: [sub("channel", [opt("kind", STRING, "prompts"), opt("channel", CHANNEL, general)])],
    });
    await h.standin.command({ name: "help" });
    await h.standin.autocomplete({
      name: "pick-stack",
      focused: "stack",
      options: [{ name: "stack", type: STRING, value: "pyth", focused: true }],
    });
    h.clock.set("2026-11-23T09:00:00Z"); // the daily prompt's default time, in UTC
    expect((await h.bot.scheduler.tick()).sent).toHaveLength(1);

    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('shiplog_interactions_total{command="config channel",outcome="ok"} 1');
    expect(text).toContain('shiplog_interactions_total{command="help",outcome="ok"} 1');
    expect(text).toContain('shiplog_interaction_duration_seconds_count{command="help"} 1');
    expect(text).toContain('shiplog_interactions_total{command="autocomplete pick-stack",outcome="ok"} 1');
    expect(text).not.toContain('command="pick-stack"');
    expect(text).toContain('shiplog_scheduled_posts_total{kind="prompt",outcome="sent"} 1');
    expect(text).toMatch(/^shiplog_gateway_ping_seconds (Nan|\d)/m);
    expect(text).toMatch(/^shiplog_database_size_bytes [1-9]\d*$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d/m);
    // States and counts only: no member id, name or entry text.
    expect(text).not.toContain(MOD);
    expect(text).not.toContain(h.standin.defaultUserId);
  });

  it("answers 404 on any other path", async () => {
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/api/v10/users/@me`)).status).toBe(404);
  });
});
