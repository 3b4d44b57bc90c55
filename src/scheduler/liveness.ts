/**
 * The weekly re-check of project URLs (SPEC §3.19), run from the minute tick.
 * Each tick checks at most `perTick` projects, one after another (each check
 * takes at most 5 s), so the work per tick is bounded however many projects a
 * big server has; a tick that finds the previous one still running does nothing.
 */
import type { Clock } from "../clock";
import type { Db } from "../db/client";
import type { Logger } from "../log";
import { projectsDueForRecheck, recordLiveness } from "../projects/live-status";
import { checkLiveness, type LivenessDeps, SYSTEM_NETWORK } from "../projects/liveness";
import type { Shard } from "../shards/shard";

export interface LivenessRecheckDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  network?: LivenessDeps;
  perTick?: number;
  /** with sharding: re-check only the projects of this shard's guilds */
  shard?: Shard;
}

export function createLivenessRecheck(deps: LivenessRecheckDeps) {
  const network = deps.network ?? SYSTEM_NETWORK;
  const perTick = deps.perTick ?? 3;
  let running = false;
  return {
    /** Re-checks the projects due now; resolves with how many were checked. */
    async tick(): Promise<number> {
      if (running) return 0;
      running = true;
      try {
        const due = projectsDueForRecheck(deps.db, deps.clock.now(), perTick, deps.shard);
        for (const project of due) {
          const result = await checkLiveness(project.url, network);
          recordLiveness(deps.db, project.id, result, deps.clock.now());
          deps.log.debug("project re-checked", { entry: project.id, live: result.live });
        }
        return due.length;
      } finally {
        running = false;
      }
    },
  };
}
