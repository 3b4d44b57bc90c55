import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import type { Logger } from "../log";
import type { HealthReport } from "./health";

export interface OpsServerDeps {
  host: string;
  /** 0 picks a free port (tests); the chosen one is in `port` and `url` */
  port: number;
  health(): Promise<HealthReport>;
  registry: Registry;
  log: Logger;
}

export interface OpsServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Why listening failed, in words an operator can act on (the caller prints one line). */
export class OpsServerError extends Error {
  override readonly name = "OpsServerError";
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): OpsServerError {
  switch (error.code) {
    case "EADDRINUSE":
      return new OpsServerError(`HTTP_PORT ${port} is already in use on ${host}`);
    case "EACCES":
      return new OpsServerError(
        `HTTP_PORT ${port} needs more privileges than the bot has (use 1024 or above)`,
      );
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new OpsServerError(`HTTP_HOST ${host} is not an address of this machine`);
    default:
      return new OpsServerError(
        `the health server cannot listen on ${host}:${port} (${error.code ?? error.message})`,
      );
  }
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, {
    "content-type": type,
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    ...extra,
  });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

function pathOf(url: string): string {
  try {
    return new URL(url, "http://localhost").pathname;
  } catch {
    return "";
  }
}

/**
 * The operator's HTTP endpoint (SPEC §6): `/healthz` and `/metrics`, GET or HEAD,
 * and nothing else. It serves only states, counters and sizes — never member data.
 */
export function startOpsServer(deps: OpsServerDeps): Promise<OpsServer> {
  const routes: Record<string, (res: ServerResponse) => Promise<void> | void> = {
    "/healthz": async (res) => {
      const report = await deps.health();
      send(res, report.status === "ok" ? 200 : 503, "application/json", `${JSON.stringify(report)}\n`);
    },
    "/metrics": async (res) => {
      send(res, 200, deps.registry.contentType, await deps.registry.metrics());
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only the path counts; a query string is ignored. Anything unparsable is simply not found.
    const path = pathOf(req.url ?? "/");
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (!route) return send(res, 404, "text/plain; charset=utf-8", "not found\n");
    if (req.method !== "GET" && req.method !== "HEAD") {
      return send(res, 405, "text/plain; charset=utf-8", "method not allowed\n", { allow: "GET, HEAD" });
    }
    try {
      await route(res);
    } catch (error) {
      deps.log.error("ops endpoint failed", { path, error });
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "internal error\n");
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(listenError(error, deps.host, deps.port)));
    server.listen(deps.port, deps.host, () => {
      const port = (server.address() as AddressInfo).port;
      const host = deps.host.includes(":") ? `[${deps.host}]` : deps.host;
      deps.log.info("health server listening", { host: deps.host, port });
      resolve({
        port,
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Scrapers keep connections alive; do not let them hold up shutdown.
            server.closeAllConnections();
          }),
      });
    });
  });
}
