import { describe, expect, it } from "vitest";
import { loadSecret, SIGNING_SECRET } from "../../src/db/secrets";
import { useStore } from "../helpers/store";

describe("loadSecret", () => {
  const store = useStore();
  const now = new Date("2026-11-22T12:00:00Z");

  it("generates 32 random bytes once and returns the same secret afterwards", async () => {
    const first = await loadSecret(store().db, SIGNING_SECRET, now);
    expect(first).toHaveLength(32);
    expect((await loadSecret(store().db, SIGNING_SECRET, new Date(now.getTime() + 1000))).equals(first)).toBe(
      true,
    );
    expect((await loadSecret(store().db, "other", now)).equals(first)).toBe(false);
  });
});
