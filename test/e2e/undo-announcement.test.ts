import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { announcements } from "../../src/db/tables";
import { CHANNEL, MANAGER_PERMISSIONS, opt, STRING, sub } from "../../src/standin";
import { type Harness, startHarness } from "./harness";

const GUILD = "870000000000000001";
const GENERAL = "871000000000000001";
const CHECKINS = "871000000000000002";

/** Issue 10 §6 (SPEC §3.2): undoing a project takes its "shipped" announcement down. */
describe("/log undo of a project", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      now: "2026-11-22T09:00:00Z",
      standin: {
        guilds: [
          {
            id: GUILD,
            channels: [
              { id: GENERAL, name: "general" },
              { id: CHECKINS, name: "weekly-checkin" },
            ],
          },
        ],
      },
    });
    await h.standin.command({
      name: "config",
      guildId: GUILD,
      permissions: MANAGER_PERMISSIONS,
      options: [sub("channel", [opt("kind", STRING, "checkins"), opt("channel", CHANNEL, CHECKINS)])],
    });
  });
  afterEach(async () => {
    await h.close();
  });

  const ship = async () => {
    const r = await h.standin.command({
      name: "log",
      guildId: GUILD,
      channelId: GENERAL,
      options: [
        sub("project", [opt("name", STRING, "shortener"), opt("url", STRING, "https://short.example.com")]),
      ],
    });
    await r.final();
    // the interaction's log line comes after the announcement was sent and remembered
    await h.waitForLog("interaction", (l) => l.command === "log project");
    // (the check-in channel also gets the "first deployed project" celebration)
    const posted = h.standin.channelMessages.filter(
      (m) => m.channelId === CHECKINS && String(m.body.content ?? "").includes("shipped"),
    );
    expect(posted).toHaveLength(1);
    return posted[0]?.id ?? "";
  };
  const undo = async () => {
    const r = await h.standin.command({
      name: "log",
      guildId: GUILD,
      channelId: GENERAL,
      options: [sub("undo")],
    });
    return String(r.callback.data?.content ?? "");
  };
  const deletes = () =>
    h.standin.requests.filter((r) => r.method === "DELETE" && r.path.includes("/messages/"));

  it("deletes the announcement it made, says so, and forgets it", async () => {
    const announcement = await ship();
    expect(h.standin.message(announcement)).toBeTruthy();
    expect(await undo()).toMatch(
      /removed their entry #\d+: project \*\*shortener\*\*.* Its announcement was taken down too\.$/,
    );
    expect(deletes().map((r) => r.path)).toEqual([`/channels/${CHECKINS}/messages/${announcement}`]);
    expect(h.standin.message(announcement)).toBeUndefined();
    expect(await h.bot.store.db.select().from(announcements)).toEqual([]);
  });

  it("an announcement a moderator already deleted does not stop the undo", async () => {
    const announcement = await ship();
    h.standin.faults.add({
      method: "DELETE",
      path: `/channels/${CHECKINS}/messages/${announcement}`,
      action: { status: 404 },
      times: 1,
    });
    const reply = await undo();
    expect(reply).toMatch(/removed their entry #\d+: project \*\*shortener\*\*/);
    expect(reply).not.toMatch(/taken down/);
    expect(deletes()).toHaveLength(1);
  });
});
