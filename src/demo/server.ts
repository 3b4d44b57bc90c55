/** The demo's web server (node:http, 127.0.0.1 only): the page, its script, its actions and attachment images. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { InteractionResult } from "../standin";
import { commandsOf, invocables, optionsFrom, titleOf } from "./commands";
import { createFeed, rememberChannels } from "./feed";
import { PAGE_SCRIPT, renderPage } from "./page";
import { isClockMove, moveClock } from "./time";
import { CHANNELS, type DemoWorld, startWorld } from "./world";

export interface Demo {
  url: string;
  world: DemoWorld;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error("request too large");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** Listens first (so a bad port fails before anything starts), then starts the stand-in and the bot. */
export async function startDemo(opts: { port?: number } = {}): Promise<Demo> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end("starting");
  };
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 3939, "127.0.0.1", () => resolve());
  });
  let world: DemoWorld;
  try {
    world = await startWorld();
  } catch (error) {
    server.close();
    throw error;
  }
  rememberChannels(CHANNELS);
  const feed = createFeed(world);
  const { standin } = world;
  const member = (id: string | null) => world.members.find((m) => m.id === id) ?? world.members[0];
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const who = (form: URLSearchParams) => {
    const m = member(form.get("as"));
    return { userId: m?.id ?? "", username: m?.name ?? "member" };
  };

  const act = async (path: string, form: URLSearchParams): Promise<void> => {
    const actor = who(form);
    const run = async (result: Promise<InteractionResult>, caption: string, channelId: string) =>
      feed.record(await result, caption, channelId);
    feed.error = null;
    if (path === "/command") {
      const inv = invocables(commandsOf(standin)).find(
        (i) => i.command === form.get("command") && i.path.join(" ") === (form.get("path") ?? ""),
      );
      if (!inv) throw new Error("unknown command");
      const channelId = standin.defaultChannelId;
      const options = optionsFrom(inv, form);
      await run(
        standin.command({ name: inv.command, options, ...actor, channelId }),
        `${actor.username} ran ${titleOf(inv)}`,
        channelId,
      );
    } else if (path === "/button") {
      const item = feed.items.find((i) => i.key === form.get("item"));
      if (!item) throw new Error("that message is gone");
      const input = {
        customId: form.get("customId") ?? "",
        messageId: item.messageId,
        channelId: item.channelId,
        ...actor,
      };
      await run(standin.button(input), `${actor.username} pressed a button`, item.channelId);
    } else if (path === "/modal") {
      const modal = feed.modal;
      if (!modal) throw new Error("no form is open");
      const fields = Object.fromEntries(modal.fields.map((f) => [f.id, form.get(`m:${f.id}`) ?? ""]));
      const input = { customId: modal.customId, fields, channelId: modal.channelId, ...actor };
      await run(standin.modalSubmit(input), `${actor.username} sent “${modal.title}”`, modal.channelId);
    } else if (path === "/modal-cancel") {
      feed.modal = null;
    } else if (path === "/clock") {
      const move = form.get("move") ?? "";
      if (!isClockMove(move)) throw new Error("unknown clock move");
      feed.error = await moveClock(world, move);
      feed.collect();
    }
  };

  const routes = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const headers = {
      "content-security-policy": "default-src 'self'; style-src 'unsafe-inline'",
      "x-content-type-options": "nosniff",
    };
    if (req.method === "GET" && url.pathname === "/") {
      const as = member(url.searchParams.get("as"))?.id ?? "";
      res.writeHead(200, { ...headers, "content-type": "text/html; charset=utf-8" });
      res.end(renderPage(world, feed, commandsOf(standin), as));
      return;
    }
    if (req.method === "GET" && url.pathname === "/page.js") {
      res.writeHead(200, { ...headers, "content-type": "text/javascript; charset=utf-8" }).end(PAGE_SCRIPT);
      return;
    }
    const file = /^\/attachments\/([^/]+)\/(\d+)$/.exec(url.pathname);
    if (req.method === "GET" && file) {
      const found = feed.file(decodeURIComponent(file[1] ?? ""), Number(file[2]));
      if (!found) return void res.writeHead(404).end();
      res
        .writeHead(200, { ...headers, "content-type": found.contentType ?? "application/octet-stream" })
        .end(found.data);
      return;
    }
    if (req.method === "POST" && url.pathname === "/autocomplete") {
      const form = await readForm(req);
      const inv = invocables(commandsOf(standin)).find(
        (i) => i.command === form.get("command") && i.path.join(" ") === (form.get("path") ?? ""),
      );
      const focused = form.get("focused") ?? "";
      if (!inv) return void res.writeHead(404).end();
      const r = await serial(() =>
        standin.autocomplete({
          name: inv.command,
          options: optionsFrom(inv, form, focused),
          focused,
          ...who(form),
        }),
      );
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify(r.callback.data?.choices ?? []));
      return;
    }
    if (
      req.method === "POST" &&
      ["/command", "/button", "/modal", "/modal-cancel", "/clock"].includes(url.pathname)
    ) {
      const form = await readForm(req);
      await serial(() => act(url.pathname, form)).catch((error: unknown) => {
        feed.error = `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
      });
      res.writeHead(303, { location: `/?as=${encodeURIComponent(form.get("as") ?? "")}` }).end();
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  };
  handler = (req, res) => {
    routes(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(400, { "content-type": "text/plain" });
      res.end("bad request");
    });
  };
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    world,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await world.close();
    },
  };
}
