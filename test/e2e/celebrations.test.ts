import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHANNEL, MANAGER_PERMISSIONS, NUMBER, opt, STRING, sub } from "../../src/standin";
import { type Harness, logLines, startHarness } from "./harness";

const GUILD = "800000000000000001";
const GENERAL = "810000000000000001";
const CHECKINS = "810000000000000002";
const MOD = "830000000000000009";
const ADA = "830000000000000001";

describe("milestone celebrations (SPEC §3.16), end to end", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      standin: {
        guilds: [
          {
            id: GUILD,
            name: "Study",
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
      userId: MOD,
      guildId: GUILD,
      channelId: GENERAL,
      permissions: MANAGER_PERMISSIONS,
      options: [sub("channel", [opt("kind", STRING, "checkins"), opt("channel", CHANNEL, CHECKINS)])],
    });
  });
  afterEach(async () => {
    expect(h.standin.unhandled).toEqual([]);
    expect(h.standin.protocolErrors).toEqual([]);
    await h?.close();
  });

  /** runs a /log subcommand as Ada in #general and waits until the bot has finished with it */
  const run = async (options: unknown[]) => {
    const adas = () => logLines(h, "interaction").filter((l) => l.user === ADA).length;
    const done = adas();
    const r = await h.standin.command({
      name: "log",
      userId: ADA,
      username: "Ada @everyone",
      guildId: GUILD,
      channelId: GENERAL,
      options,
    });
    await h.waitForLog("interaction", () => adas() > done);
    return r;
  };
  const log = (hours: number) =>
    run([sub("hours", [opt("hours", NUMBER, hours), opt("kind", STRING, "build")])]);
  const celebrations = (text: string) =>
    h.standin.channelMessages.filter((m) => m.channelId === CHECKINS && m.body.content?.includes(text));

  it("crossing 10 h says so and posts one celebration, without pinging; undo and re-log posts none", async () => {
    await log(6);
    expect(celebrations("First logged hour")).toHaveLength(1);
    const crossing = await log(4.5);
    expect(crossing.callback.data?.content).toMatch(/🏅 Milestone reached: \*\*10 hours\*\*/);
    const [post, ...more] = celebrations("10 hours");
    expect(more).toEqual([]);
    expect(post?.body.content).toMatch(/^🎉 .*reached \*\*10 hours\*\*/);
    expect(post?.body.content).toMatch(/Ada/);
    expect(post?.body.content).not.toMatch(/<@|@everyone/);
    expect(post?.body.allowed_mentions).toEqual({ parse: [] });
    expect(post?.body.enforce_nonce).toBe(true);
    expect(typeof post?.body.nonce).toBe("string");

    await run([sub("undo")]);
    const again = await log(4.5);
    // the reply still says what the entry did; the channel hears about it only once ever
    expect(again.callback.data?.content).toMatch(/Milestone reached: \*\*10 hours\*\*/);
    expect(celebrations("10 hours")).toHaveLength(1);
    expect(celebrations("First logged hour")).toHaveLength(1);
  });

  it("the Log time form celebrates as /log hours does", async () => {
    const r = await h.standin.modalSubmit({
      customId: `log:form:${GUILD}`,
      fields: { hours: "10", kind: "build", topic: "", note: "", date: "" },
      userId: ADA,
      username: "Ada",
      guildId: GUILD,
      channelId: GENERAL,
    });
    expect(r.callback.data?.content).toMatch(
      /Milestone reached: \*\*First logged hour\*\*, \*\*10 hours\*\*/,
    );
    const post = await h.standin.waitFor(() => celebrations("10 hours")[0]);
    expect(post.body.content).toBe("🎉 Ada reached **First logged hour** and **10 hours**! Congratulations!");
  });
});
