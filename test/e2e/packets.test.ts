import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, logLines, startHarness } from "./harness";

// biome-ignore lint/suspicious/noExplicitAny: the test rewrites raw gateway packets
type Packet = any;

/** Malformed INTERACTION_CREATE packets seen while fuzzing (issue 9, defect 5), as edits of a valid one. */
const MALFORMED: Array<[string, (p: Packet) => void]> = [
  ["member.permissions not a bitfield", (p) => (p.member.permissions = "abc")],
  ["button without message", (p) => delete p.message],
  ["data.options an object", (p) => (p.data.options = {})],
  ["member without user", (p) => delete p.member.user],
  ["no data", (p) => delete p.data],
  ["data null", (p) => (p.data = null)],
  ["member.roles not an array", (p) => (p.member.roles = "x")],
  ["guild without member or user", (p) => delete p.member],
  ["channel a string", (p) => (p.channel = "abc")],
  ["app_permissions not a bitfield", (p) => (p.app_permissions = "zz")],
  ["nested options not an array", (p) => (p.data.options = [{ name: "x", type: 1, options: "y" }])],
  ["message a string", (p) => (p.message = "abc")],
  ["resolved.users an array", (p) => (p.data.resolved = { users: [1] })],
  ["member.user.id a number", (p) => (p.member.user.id = 42)],
];

describe("malformed gateway packets (issue 9, defect 5)", () => {
  let h: Harness;
  const captured: Packet[] = [];
  beforeAll(async () => {
    h = await startHarness();
    h.bot.client.on("raw", (packet: Packet) => {
      if (packet.t === "INTERACTION_CREATE") captured.push(structuredClone(packet.d));
    });
    await h.standin.command({ name: "help" });
    await h.standin.button({ customId: "help" }).catch(() => undefined);
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each(MALFORMED)(
    "survives %s, logs its shape once, and serves the next interaction",
    async (what, edit) => {
      const template = captured.find((p) => (what.includes("message") ? p.type === 3 : p.type === 2));
      expect(template, "a captured valid packet").toBeTruthy();
      const packet = structuredClone(template);
      packet.id = `${BigInt(packet.id) + BigInt(captured.length + MALFORMED.length * 7)}`;
      edit(packet);
      const before = logLines(h, "malformed interaction packet").length;
      expect(h.standin.dispatch("INTERACTION_CREATE", packet)).toBe(1);
      const next = await h.standin.command({ name: "help" });
      expect(next.callback.type).toBe(4);
      const logged = logLines(h, "malformed interaction packet").slice(before);
      expect(logged).toHaveLength(1);
      const line = JSON.stringify(logged[0]);
      // the shape, never the values: no user id, name or token in the log line
      expect(line).not.toContain(h.standin.defaultUserId);
      expect(line).not.toContain("tester");
      expect(line).not.toContain(String(packet.token).slice(0, 20));
      expect(logged[0]?.shape).toBeTypeOf("object");
    },
  );

  const UNSUPPORTED: Array<[string, number, (p: Packet) => void]> = [
    ["an application command type discord.js does not know", 2, (p) => (p.data.type = 99)],
    ["a component type discord.js does not know", 3, (p) => (p.data.component_type = 99)],
    ["an interaction type discord.js does not know", 2, (p) => (p.type = 9)],
    [
      "a user context-menu command shiplog never registered (through the boundary)",
      2,
      (p) => {
        const { user, ...member } = p.member;
        p.data = {
          id: p.data.id,
          name: "Inspect",
          type: 2,
          target_id: user.id,
          resolved: { users: { [user.id]: user }, members: { [user.id]: member } },
        };
      },
    ],
  ];

  let unsupported = 0;
  it.each(UNSUPPORTED)("answers %s as outdated (issue 9, defect 6)", async (_what, type, edit) => {
    const packet = structuredClone(captured.find((p) => p.type === type));
    unsupported += 1;
    packet.id = `${BigInt(packet.id) + 1000n + BigInt(unsupported)}`;
    packet.token = `${packet.token}x${unsupported}`;
    edit(packet);
    h.standin.dispatch("INTERACTION_CREATE", packet);
    const callback = await h.standin.waitForRequest(
      (r) => r.method === "POST" && r.path === `/interactions/${packet.id}/${packet.token}/callback`,
    );
    expect(callback.body).toMatchObject({
      type: 4,
      data: { flags: 64, content: expect.stringContaining("outdated") },
    });
    expect((await h.standin.command({ name: "help" })).callback.type).toBe(4);
  });
});
