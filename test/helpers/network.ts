import { createServer, type RequestListener, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach } from "vitest";
import type { LivenessDeps } from "../../src/projects/liveness";

/**
 * A test network for the live check. Names resolve through a table, and the
 * connector routes the (public-looking) addresses the check chose to loopback
 * servers. The address rules stay the production ones: a name that resolves to
 * 127.0.0.1 is refused before any connection, which `connections` proves.
 */
export interface TestNetwork extends LivenessDeps {
  connections: string[];
}

export const PUBLIC_A = "93.184.216.34";
export const PUBLIC_B = "2606:4700::1111";

/** Loopback HTTP servers, closed after each test of the file that calls this. */
export function useServers() {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });
  return {
    async serve(handler: RequestListener): Promise<number> {
      const server = createServer(handler);
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const address = server.address();
      if (address === null || typeof address === "string") throw new Error("no port");
      return address.port;
    },
    async closeLast(): Promise<void> {
      await new Promise((r) => servers.pop()?.close(r));
    },
  };
}

export function testNetwork(
  names: Record<string, string[]>,
  routes: Record<string, number>,
  timeoutMs = 5000,
): TestNetwork {
  const connections: string[] = [];
  return {
    connections,
    timeoutMs,
    resolve: async (host) => {
      const found = names[host];
      if (found === undefined) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: "ENOTFOUND" });
      return found;
    },
    connect: (address, port): Socket => {
      connections.push(`${address}:${port}`);
      const loopbackPort = routes[address];
      if (loopbackPort === undefined) throw new Error(`test connector has no route for ${address}`);
      return connect({ host: "127.0.0.1", port: loopbackPort });
    },
  };
}
