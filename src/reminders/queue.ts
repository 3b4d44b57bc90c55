/**
 * The one queue every reminder DM leaves through, with a global pace: one DM
 * at a time, at least `intervalMs` apart plus random jitter (default 200 ms +
 * up to 100 ms: at most 5 a second), so a big server's reminders never burst.
 */
export interface DmQueueOptions {
  intervalMs?: number;
  jitterMs?: number;
  /** waits between sends; tests pass one that does not wait */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface DmQueue {
  /** queues `send`; resolves once it ran (errors are the job's own business) */
  enqueue(send: () => Promise<void>): Promise<void>;
  readonly size: number;
  /** drops what has not started: their claims stay, so nothing is ever sent twice */
  stop(): Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function createDmQueue(options: DmQueueOptions = {}): DmQueue {
  const intervalMs = options.intervalMs ?? 200;
  const jitterMs = options.jitterMs ?? 100;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const jobs: Array<{ send: () => Promise<void>; done: () => void }> = [];
  let worker: Promise<void> | null = null;
  let stopped = false;

  async function work(): Promise<void> {
    while (jobs.length > 0 && !stopped) {
      const job = jobs.shift();
      if (!job) break;
      await job.send().catch(() => {});
      job.done();
      if (jobs.length > 0) await sleep(intervalMs + random() * jitterMs);
    }
    worker = null;
  }

  return {
    enqueue(send) {
      if (stopped) return Promise.resolve();
      return new Promise<void>((done) => {
        jobs.push({ send, done });
        worker ??= work();
      });
    },
    get size() {
      return jobs.length;
    },
    async stop() {
      stopped = true;
      for (const job of jobs.splice(0)) job.done();
      await worker;
    },
  };
}
