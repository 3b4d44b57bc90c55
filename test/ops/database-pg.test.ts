/** The /healthz write probe and the size metric on PostgreSQL (src/ops/database.ts). */
import { afterEach, expect, it } from "vitest";
import { connectPg } from "../../src/db/pg/connect";
import { pgProbe } from "../../src/ops/database";
import { describePg, usePgSchemaEach } from "../helpers/pg";

describePg("pgProbe", () => {
  const pg = usePgSchemaEach();
  const opened: Array<{ end(): Promise<void> }> = [];
  afterEach(async () => {
    for (const pool of opened.splice(0)) await pool.end();
  });

  it("takes a writable server as healthy and sizes the bot's tables", async () => {
    const probe = pgProbe(pg().pool);
    expect(await probe.checkWrite()).toEqual({ ok: true });
    expect(await probe.sizeBytes()).toBeGreaterThan(0);
    expect(probe.sqlite).toBeNull();
  });

  it("reports a server that only takes reads, and one it cannot reach", async () => {
    const url = new URL(pg().url);
    url.searchParams.set("options", "-c default_transaction_read_only=on");
    const readOnly = await connectPg(url.toString(), { max: 1 });
    opened.push(readOnly);
    expect(await pgProbe(readOnly).checkWrite()).toEqual({ ok: false, error: "read-only transactions" });
    const gone = await connectPg(pg().url, { max: 1 });
    await gone.end();
    expect((await pgProbe(gone).checkWrite()).ok).toBe(false);
    expect(await pgProbe(gone).sizeBytes()).toBeNull();
  });
});
