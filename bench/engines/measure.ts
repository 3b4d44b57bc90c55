/** Timing for the side-by-side bench: latency percentiles of sequential calls, and concurrent commit throughput. */
import { loadavg } from "node:os";

/** One line of the bench's table: an operation's timing on each engine, and the load average then. */
export interface EnginesRow {
  label: string;
  sqlite?: Timing;
  pg?: Timing;
  load: string;
}

/** A call whose answers differ between the engines (as JSON). */
export interface Mismatch {
  label: string;
  caller: string;
  sqlite: string;
  pg: string;
}

export interface Timing {
  p50: number;
  p99: number;
  /** calls (or commits) per second of wall time */
  perSecond: number;
  calls: number;
}

function summarise(times: number[], wallMs: number): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), perSecond: (times.length / wallMs) * 1000, calls: times.length };
}

/** `runs` sequential calls after a few unmeasured ones (`warm` of them, which also see their own `i`). */
export async function timeCalls(
  runs: number,
  fn: (i: number) => Promise<unknown>,
  warm = 5,
): Promise<Timing> {
  for (let i = 0; i < Math.min(warm, runs); i++) await fn(runs + i);
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  return summarise(times, performance.now() - started);
}

/**
 * `clients` callers at once, each making `each` sequential calls (`fn(client, k)`); every
 * call's latency, and calls per second over the wall time of the whole burst.
 */
export async function timeConcurrent(
  clients: number,
  each: number,
  fn: (client: number, k: number) => Promise<unknown>,
): Promise<Timing> {
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let k = 0; k < each; k++) {
        const t = performance.now();
        await fn(c, k);
        times.push(performance.now() - t);
      }
    }),
  );
  return summarise(times, performance.now() - started);
}

/** `uptime`'s three load averages, as text. */
export const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");

/** A deterministic sequence of callers drawn from `ids` (the same for every engine). */
export function callersFrom(ids: readonly string[], count: number, seed = 8): string[] {
  let r = seed;
  return Array.from({ length: count }, () => {
    r = (r * 1103515245 + 12345) % 2147483648;
    return ids[Math.floor((r / 2147483648) * ids.length)] as string;
  });
}
