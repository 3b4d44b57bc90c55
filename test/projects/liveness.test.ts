import { describe, expect, it } from "vitest";
import { checkLiveness, MAX_BODY_BYTES } from "../../src/projects/liveness";
import { testNetwork as network, PUBLIC_A, PUBLIC_B, useServers } from "../helpers/network";

const { serve, closeLast } = useServers();

describe("checkLiveness", () => {
  it("says live when the URL answers 200, connecting to the checked address", async () => {
    const seen: string[] = [];
    const port = await serve((req, res) => {
      seen.push(`${req.method} ${req.headers.host} ${req.url}`);
      res.end("hello");
    });
    const net = network({ "shipped.test": [PUBLIC_A] }, { [PUBLIC_A]: port });
    expect(await checkLiveness("http://shipped.test/app?x=1", net)).toEqual({ live: true });
    expect(seen).toEqual(["GET shipped.test /app?x=1"]);
    expect(net.connections).toEqual([`${PUBLIC_A}:80`]);
  });

  it("follows up to 3 redirects, checking each", async () => {
    const port = await serve((req, res) => {
      const n = Number(req.url?.slice(1) ?? 0);
      if (n < 3) res.writeHead(302, { location: `http://hop${n + 1}.test/${n + 1}` }).end();
      else res.end("arrived");
    });
    const names = {
      "hop0.test": [PUBLIC_A],
      "hop1.test": [PUBLIC_A],
      "hop2.test": [PUBLIC_B],
      "hop3.test": [PUBLIC_A],
    };
    const net = network(names, { [PUBLIC_A]: port, [PUBLIC_B]: port });
    expect(await checkLiveness("http://hop0.test/0", net)).toEqual({ live: true });
    expect(net.connections).toHaveLength(4);
  });

  it("refuses a fourth redirect", async () => {
    const port = await serve((_req, res) => res.writeHead(301, { location: "/again" }).end());
    const net = network({ "loop.test": [PUBLIC_A] }, { [PUBLIC_A]: port });
    expect(await checkLiveness("http://loop.test/", net)).toEqual({
      live: false,
      why: "more than 3 redirects",
    });
    expect(net.connections).toHaveLength(4);
  });

  it("never connects to a name that resolves to a private address (DNS rebinding)", async () => {
    const net = network({ "rebind.test": ["127.0.0.1"] }, {});
    expect(await checkLiveness("http://rebind.test/", net)).toEqual({
      live: false,
      why: "it points at a private network address",
    });
    expect(net.connections).toEqual([]);
  });

  it("refuses when any of the resolved addresses is private", async () => {
    const net = network({ "mixed.test": [PUBLIC_A, "::ffff:10.0.0.1"] }, {});
    expect((await checkLiveness("http://mixed.test/", net)).live).toBe(false);
    expect(net.connections).toEqual([]);
  });

  it.each([
    ["http://internal.test/", "redirects to a private network address"],
    ["http://169.254.169.254/latest/meta-data/", "redirects to an address that is not public"],
    ["http://[64:ff9b::7f00:1]/", "redirects to an address that is not public"],
    ["http://localhost/", "redirects to an address that is not public"],
    ["file:///etc/passwd", "redirects to an address that is not public"],
  ])("refuses a redirect to %j without connecting", async (location, why) => {
    const port = await serve((_req, res) => res.writeHead(302, { location }).end());
    const net = network({ "shipped.test": [PUBLIC_A], "internal.test": ["10.1.2.3"] }, { [PUBLIC_A]: port });
    expect(await checkLiveness("http://shipped.test/", net)).toEqual({ live: false, why });
    expect(net.connections).toEqual([`${PUBLIC_A}:80`]);
  });

  it("says why when the URL answers an error", async () => {
    const port = await serve((_req, res) => res.writeHead(503).end("down"));
    const net = network({ "shipped.test": [PUBLIC_A] }, { [PUBLIC_A]: port });
    expect(await checkLiveness("http://shipped.test/", net)).toEqual({
      live: false,
      why: "answered HTTP 503",
    });
  });

  it("says why when the name does not resolve", async () => {
    const net = network({}, {});
    expect(await checkLiveness("http://nowhere.test/", net)).toEqual({
      live: false,
      why: "its host name does not resolve",
    });
  });

  it("says why when the connection is refused", async () => {
    const port = await serve((_req, res) => res.end());
    await closeLast();
    const net = network({ "gone.test": [PUBLIC_A] }, { [PUBLIC_A]: port });
    expect(await checkLiveness("http://gone.test/", net)).toEqual({ live: false, why: "connection refused" });
  });

  it("stops reading after 64 KB of a body that never ends", async () => {
    // If the check read on, it would only end at the time limit, with another answer.
    const port = await serve((_req, res) => {
      const chunk = Buffer.alloc(MAX_BODY_BYTES / 4, 120);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    });
    const net = network({ "big.test": [PUBLIC_A] }, { [PUBLIC_A]: port }, 60_000);
    expect(await checkLiveness("http://big.test/", net)).toEqual({ live: true });
  });

  it("gives up when nothing answers within the limit", async () => {
    const port = await serve(() => {
      // never answers
    });
    const net = network({ "slow.test": [PUBLIC_A] }, { [PUBLIC_A]: port }, 200);
    expect(await checkLiveness("http://slow.test/", net)).toEqual({
      live: false,
      why: "no answer within 0.2 s",
    });
  });

  it("counts a resolver that never answers against the same limit", async () => {
    const net = { ...network({}, {}, 100), resolve: () => new Promise<string[]>(() => {}) };
    expect(await checkLiveness("http://hang.test/", net)).toEqual({
      live: false,
      why: "no answer within 0.1 s",
    });
  });
});
