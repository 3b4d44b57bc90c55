import { describe, expect, it } from "vitest";
import { logProject } from "../../src/projects/log";
import { allEntries, interactionId, member, useStore } from "../helpers/store";

const NOW = new Date("2026-11-22T12:00:00Z");

describe("logProject", () => {
  const store = useStore();

  it("stores a deployed project with its normalised URL, idempotently", async () => {
    const s = store();
    const id = interactionId();
    const r = await logProject(
      s.db,
      member(),
      id,
      {
        name: "  url-shortener ",
        url: "https://Short.Example.com",
        repo: "https://github.com/me/short",
        description: "Go + Redis",
      },
      NOW,
    );
    expect(r.entry).toMatchObject({
      type: "project",
      name: "url-shortener",
      url: "https://short.example.com/",
      repo: "https://github.com/me/short",
    });
    expect(r.announceChannelId).toBeNull();
    expect(
      (await logProject(s.db, member(), id, { name: "url-shortener", url: "https://short.example.com" }, NOW))
        .created,
    ).toBe(false);
    expect(await allEntries(s)).toHaveLength(1);
  });

  it.each([
    [{ name: "x", url: "http://localhost:3000" }, /url/],
    [{ name: "x", url: "http://192.168.1.10/app" }, /url/],
    [{ name: "x", url: "ftp://files.example.com" }, /url/],
    [{ name: "x", url: "myapp.fly.dev" }, /https:\/\//],
    [{ name: "x", url: "https://ok.example.com", repo: "http://[::1]/repo" }, /repo/],
    [{ name: "x", url: "https://user:pw@ok.example.com" }, /url/],
    [{ name: "x", url: `https://example.com/${"a".repeat(2048)}` }, /2,?048/],
    [{ name: " ", url: "https://ok.example.com" }, /name/],
    [{ name: "n".repeat(101), url: "https://ok.example.com" }, /100 characters/],
    [{ name: "x", url: "https://ok.example.com", description: "d".repeat(501) }, /500 characters/],
  ])("refuses %o and stores nothing", async (input, message) => {
    const s = store();
    await expect(logProject(s.db, member(), interactionId(), input, NOW)).rejects.toThrow(message);
    expect(await allEntries(s)).toEqual([]);
  });
});
