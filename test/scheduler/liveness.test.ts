import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock";
import { entries } from "../../src/db/tables";
import { createLogger } from "../../src/log";
import { describeLiveness, projectsDueForRecheck, recordLiveness } from "../../src/projects/live-status";
import { logProject } from "../../src/projects/log";
import { createLivenessRecheck } from "../../src/scheduler/liveness";
import { PUBLIC_A, testNetwork, useServers } from "../helpers/network";
import { interactionId, member, useStore } from "../helpers/store";

const DAY = 86_400_000;
const { serve } = useServers();

describe("project live status", () => {
  const store = useStore();

  async function project(url: string, clock: ManualClock) {
    return (await logProject(store().db, member(), interactionId(), { name: "app", url }, clock.now())).entry
      .id;
  }

  it("is described as the reply and /profile show it", () => {
    expect(describeLiveness({ liveStatus: null, liveReason: null })).toBe("not checked yet");
    expect(describeLiveness({ liveStatus: "live", liveReason: null })).toBe("live");
    expect(describeLiveness({ liveStatus: "unreachable", liveReason: "answered HTTP 503" })).toBe(
      "not reachable (answered HTTP 503)",
    );
  });

  it("re-checks unchecked and week-old projects, oldest first, a few per tick", async () => {
    const clock = new ManualClock("2026-11-01T12:00:00Z");
    const { db } = store();
    const a = await project("https://a.example", clock);
    const b = await project("https://b.example", clock);
    const c = await project("https://c.example", clock);
    await recordLiveness(db, a, { live: true }, clock.now());
    clock.advance(DAY);
    await recordLiveness(db, b, { live: false, why: "connection refused" }, clock.now());
    expect((await projectsDueForRecheck(db, clock.now(), 10)).map((p) => p.id)).toEqual([c]);
    clock.advance(6 * DAY);
    expect((await projectsDueForRecheck(db, clock.now(), 10)).map((p) => p.id)).toEqual([c, a]);
    clock.advance(DAY);
    expect((await projectsDueForRecheck(db, clock.now(), 2)).map((p) => p.id)).toEqual([c, a]);
    await db.update(entries).set({ removedAt: clock.now() });
    expect(await projectsDueForRecheck(db, clock.now(), 10)).toEqual([]);
  });

  it("the weekly job checks through the network and stores the status", async () => {
    const clock = new ManualClock("2026-11-01T12:00:00Z");
    const { db } = store();
    const port = await serve((req, res) => res.writeHead(req.headers.host === "up.test" ? 200 : 404).end());
    const up = await project("http://up.test/", clock);
    const missing = await project("http://missing.test/", clock);
    // The test server speaks plain HTTP, so an https check fails its TLS handshake.
    const tls = await project("https://up.test/", clock);
    const network = testNetwork({ "up.test": [PUBLIC_A], "missing.test": [PUBLIC_A] }, { [PUBLIC_A]: port });
    const job = createLivenessRecheck({
      db,
      clock,
      log: createLogger("error", () => {}),
      network,
      perTick: 2,
    });
    expect(await job.tick()).toBe(2);
    expect(await job.tick()).toBe(1);
    expect(await job.tick()).toBe(0);
    const rows = await db.select().from(entries);
    expect(rows.map((r) => [r.id, describeLiveness(r), r.liveCheckedAt?.toISOString()])).toEqual([
      [up, "live", "2026-11-01T12:00:00.000Z"],
      [missing, "not reachable (answered HTTP 404)", "2026-11-01T12:00:00.000Z"],
      [tls, "not reachable (the HTTPS connection failed)", "2026-11-01T12:00:00.000Z"],
    ]);
  });
});
