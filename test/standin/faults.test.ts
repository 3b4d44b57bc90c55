import { describe, expect, it } from "vitest";
import { Faults, GlobalRateLimit, NonceWindow } from "../../src/standin/faults";

describe("stand-in fault rules", () => {
  it("matches route patterns and methods, counts `times`, and can be removed", () => {
    const faults = new Faults();
    faults.add({ method: "POST", path: "/channels/:channel/messages", action: { drop: "after" }, times: 2 });
    const remove = faults.add({ path: "/users/@me", action: { status: 503 } });
    expect(faults.take("GET", "/channels/1/messages")).toBeUndefined();
    expect(faults.take("POST", "/channels/1/messages")).toEqual({ drop: "after" });
    expect(faults.take("POST", "/channels/2/messages")).toEqual({ drop: "after" });
    expect(faults.take("POST", "/channels/2/messages")).toBeUndefined();
    expect(faults.take("GET", "/users/@me")).toEqual({ status: 503 });
    remove();
    expect(faults.take("GET", "/users/@me")).toBeUndefined();
  });

  it("limits to a rate with bursts up to the rate, answering retry_after in seconds", () => {
    let t = 0;
    const limit = new GlobalRateLimit(50, () => t);
    for (let i = 0; i < 50; i++) expect(limit.take()).toBeNull();
    expect(limit.take()).toBe(0.02);
    t = 20;
    expect(limit.take()).toBeNull();
    expect(limit.take()).toBe(0.02);
    expect(limit.limited).toBe(2);
    // evenly spaced at the rate: never limited
    for (let i = 0; i < 500; i++) {
      t += 20;
      expect(limit.take()).toBeNull();
    }
  });

  it("returns the first message for a nonce inside its window, per channel and author", () => {
    let t = 0;
    const nonces = new NonceWindow(5 * 60_000, () => t);
    nonces.remember("c1", "bot", "n1", "m1");
    expect(nonces.find("c1", "bot", "n1")).toBe("m1");
    expect(nonces.find("c2", "bot", "n1")).toBeUndefined();
    expect(nonces.find("c1", "other", "n1")).toBeUndefined();
    t = 5 * 60_000;
    expect(nonces.find("c1", "bot", "n1")).toBeUndefined();
  });
});
