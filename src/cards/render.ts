import { Worker } from "node:worker_threads";
import { CARD_WORKER } from "../paths";
import type { CardData } from "../profile/card";

interface Pending {
  resolve(png: Buffer): void;
  reject(error: Error): void;
}

type Reply = { id: number; png: Uint8Array } | { id: number; error: string };

/**
 * A pool of one worker thread that renders profile cards. Drawing a card is a
 * few milliseconds of synchronous canvas work and encoding it several times that
 * (see `npm run bench:card`): too long to hold up every other member's
 * interaction, so both run here; cards queue on the one worker. The worker starts on the first card, keeps the process alive only
 * while a card is pending, and is started again after a crash.
 */
class CardRenderer {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  render(data: CardData): Promise<Buffer> {
    const worker = this.start();
    const id = ++this.nextId;
    // keep the process alive while a card is on its way, not while the worker idles
    worker.ref();
    return new Promise<Buffer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, data });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(CARD_WORKER);
    worker.on("message", (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if ("png" in reply) waiting?.resolve(Buffer.from(reply.png));
      else waiting?.reject(new Error(`profile card rendering failed: ${reply.error}`));
    });
    const fail = (error: Error) => {
      this.worker = null;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`profile card worker exited with code ${code}`)));
    // after the listeners: adding a "message" listener refs the worker's port again
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

const renderer = new CardRenderer();

/** The profile card as a PNG, rendered on the card worker thread. */
export function renderCardOffThread(data: CardData): Promise<Buffer> {
  return renderer.render(data);
}
