/**
 * The live check of /log project (SPEC §3.19) through the real bot: names resolve
 * through a test table to public-looking addresses that the test connector
 * routes to a loopback server; the address rules are the production ones.
 */
import { afterEach, describe, expect, it } from "vitest";
import { entries } from "../../src/db/tables";
import { opt, STRING, sub } from "../../src/standin";
import { PUBLIC_A, testNetwork, useServers } from "../helpers/network";
import { embedOf, type Harness, startHarness } from "./harness";

const { serve } = useServers();
let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("/log project checks that the URL answers", () => {
  it("says live or not reachable (why), stores the project either way, and /profile says the same", async () => {
    const port = await serve((req, res) => res.writeHead(req.url === "/" ? 200 : 503).end("ok"));
    const network = testNetwork(
      { "shipped.test": [PUBLIC_A], "rebind.test": ["127.0.0.1"] },
      { [PUBLIC_A]: port },
    );
    h = await startHarness({ network });
    const ship = async (name: string, url: string) => {
      const r = await h.standin.command({
        name: "log",
        options: [sub("project", [opt("name", STRING, name), opt("url", STRING, url)])],
      });
      return String((await r.final())?.content ?? "");
    };
    expect(await ship("up", "http://shipped.test/")).toMatch(/— <http:\/\/shipped\.test\/> · live$/m);
    expect(await ship("down", "http://shipped.test/down")).toMatch(
      / · not reachable \(answered HTTP 503\)$/m,
    );
    expect(await ship("sneaky", "http://rebind.test/")).toMatch(
      / · not reachable \(it points at a private network address\)$/m,
    );
    expect(network.connections).toEqual([`${PUBLIC_A}:80`, `${PUBLIC_A}:80`]);
    expect((await h.bot.store.db.select().from(entries)).map((e) => [e.name, e.liveStatus])).toEqual([
      ["up", "live"],
      ["down", "unreachable"],
      ["sneaky", "unreachable"],
    ]);
    const profile = await h.standin.command({ name: "profile" });
    const projects = embedOf(await profile.final())?.fields?.find((f) =>
      f.name.startsWith("Projects"),
    )?.value;
    expect(projects).toMatch(/\[up\]\(http:\/\/shipped\.test\/\) · <t:\d+:D> · live/);
    expect(projects).toMatch(
      /\[sneaky\]\(http:\/\/rebind\.test\/\) · <t:\d+:D> · not reachable \(it points at a private network address\)/,
    );
  });
});
