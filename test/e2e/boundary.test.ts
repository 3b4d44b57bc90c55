import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opt, sub } from "../../src/standin";
import { type Harness, logLines, startHarness } from "./harness";

describe("the interaction error boundary", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("answers an unexpected failure with an apology and an error id, and logs the detail", async () => {
    // Pull the database out from under the bot: every store access now throws.
    if ("sqlite" in h.bot.store) h.bot.store.sqlite.close();
    else await h.bot.store.close();
    const r = await h.standin.command({
      name: "log",
      options: [sub("hours", [opt("hours", 10, 1), opt("kind", 3, "build")])],
    });
    expect(r.callback.data?.flags).toBe(64);
    const id = /error id: `([0-9a-f]{8})`/.exec(r.callback.data?.content ?? "")?.[1];
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(r.callback.data?.content).not.toMatch(/database|connection|sqlite/i);
    const failure = logLines(h, "interaction failed")[0];
    expect(failure).toMatchObject({ error_id: id, command: "log hours" });
    // better-sqlite3's words, or node-postgres's for a pool that was shut down
    expect(JSON.stringify(failure?.error)).toMatch(
      /database connection is not open|Cannot use a pool after calling end/,
    );
    const line = await h.waitForLog("interaction", (l) => l.error_id === id);
    expect(line).toMatchObject({ outcome: "error", command: "log hours", latency_ms: expect.any(Number) });
  });
});
