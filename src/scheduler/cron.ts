import cron from "node-cron";
import type { Logger } from "../log";
import type { Scheduler } from "./runner";

/**
 * One node-cron task ticking every minute. `noOverlap` keeps a slow tick from
 * starting a second one; exactly-once does not depend on it (the post keys do).
 * `stop()` stops the task and waits for a tick in progress to finish.
 */
export function startCron(scheduler: Scheduler, log: Logger) {
  let running: Promise<unknown> = Promise.resolve();
  const task = cron.schedule(
    "* * * * *",
    () => {
      running = scheduler.tick().catch((error: unknown) => log.error("scheduler tick failed", { error }));
      return running;
    },
    {
      name: "shiplog-scheduler",
      noOverlap: true,
      // node-cron would otherwise write to the console; stdout is for our JSON lines only.
      logger: {
        info: (message) => log.debug("node-cron", { message }),
        warn: (message) => log.warn("node-cron", { message }),
        error: (message, err) => log.error("node-cron", { message: String(message), error: err }),
        debug: (message) => log.debug("node-cron", { message: String(message) }),
      },
    },
  );
  return {
    async stop(): Promise<void> {
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}
