/**
 * The write half of the side-by-side bench: the `/log hours` write path with one
 * writer on each engine (the same members and interaction ids in the same order,
 * answers compared), then commit throughput: SQLite with its one writer,
 * PostgreSQL with 1, 4 and 16 clients, each committing entries for its own
 * members of the big guild, and once more with every client in a guild of its
 * own (the derived tables keep a few counters per guild — board sizes, streak
 * counts — that every writer in one guild updates).
 *
 * Writers are members the reads never call with, so the timed reads of a later
 * run on the same database (`--reuse`) still see the seeded shape.
 */
import type pg from "pg";
import { type Engine, pgEngine } from "./engine";
import { callersFrom, type EnginesRow, load, type Mismatch, timeCalls, timeConcurrent } from "./measure";
import { logHours, type Scene } from "./queries";

export interface WriteSetup {
  scene: Scene;
  sqlite: Engine;
  /** PostgreSQL's reading connection, also its single writer */
  pg: Engine;
  pool: pg.Pool;
  /** the big guild's members, and the callers the reads use */
  ids: readonly string[];
  readers: ReadonlySet<string>;
  /** small guilds with their members, for the one-guild-per-client row */
  guilds: ReadonlyArray<{ guildId: string; ids: string[] }>;
  writes: number;
  clients: readonly number[];
  print: (row: EnginesRow) => void;
}

export async function measureWrites(
  s: WriteSetup,
): Promise<{ rows: EnginesRow[]; mismatches: Mismatch[]; compared: number }> {
  const rows: EnginesRow[] = [];
  const mismatches: Mismatch[] = [];
  const free = s.ids.filter((id) => !s.readers.has(id));
  // a shuffled order, each member once: client c of n takes every n-th, so no two clients share a member
  const writers = [...new Set(callersFrom(free.length > 0 ? free : s.ids, s.ids.length, 13))];
  const writer = (clients: number, c: number, k: number) =>
    writers[(k * clients + c) % writers.length] as string;
  const write = logHours(s.scene);
  const stamp = `engines-${Date.now()}`;

  const answers: Array<{ sqlite?: unknown; pg?: unknown }> = [];
  const keep = (side: "sqlite" | "pg", engine: Engine) => async (i: number) => {
    answers[i] = { ...answers[i], [side]: await write(engine, writer(1, 0, i), `${stamp}-w-${i}`) };
  };
  const single: EnginesRow = { label: "/log hours write path, 1 writer", load: load() };
  single.sqlite = await timeCalls(s.writes, keep("sqlite", s.sqlite), 0);
  single.pg = await timeCalls(s.writes, keep("pg", s.pg), 0);
  rows.push(single);
  s.print(single);
  answers.forEach((w, i) => {
    const a = JSON.stringify(w.sqlite);
    const b = JSON.stringify(w.pg);
    if (a !== b) mismatches.push({ label: single.label, caller: writer(1, 0, i), sqlite: a, pg: b });
  });

  // Throughput: members after those the single writer used.
  const offset = s.writes;
  for (const clients of s.clients) {
    const each = Math.max(1, Math.ceil(s.writes / clients));
    const row: EnginesRow = {
      label: `write throughput, ${clients} client${clients > 1 ? "s" : ""}`,
      load: load(),
    };
    const tag = `${stamp}-c${clients}`;
    const member = (c: number, k: number) => writer(clients, c, k + offset);
    if (clients === 1)
      row.sqlite = await timeConcurrent(1, each, (c, k) => write(s.sqlite, member(c, k), `${tag}-${c}-${k}`));
    row.pg = await onConnections(s.pool, clients, (engines) =>
      timeConcurrent(clients, each, (c, k) => write(engines[c] as Engine, member(c, k), `${tag}-${c}-${k}`)),
    );
    rows.push(row);
    s.print(row);
  }

  const most = Math.max(...s.clients);
  if (most > 1 && s.guilds.length >= most) {
    const each = Math.max(1, Math.ceil(s.writes / most));
    const row: EnginesRow = { label: `write throughput, ${most} clients, a guild each`, load: load() };
    const own = s.guilds
      .slice(0, most)
      .map((g) => ({ ...g, write: logHours({ ...s.scene, guildId: g.guildId }) }));
    row.pg = await onConnections(s.pool, most, (engines) =>
      timeConcurrent(most, each, (c, k) => {
        const g = own[c] as (typeof own)[number];
        return g.write(engines[c] as Engine, g.ids[k % g.ids.length] as string, `${stamp}-g${c}-${k}`);
      }),
    );
    rows.push(row);
    s.print(row);
  }
  return { rows, mismatches, compared: answers.length };
}

/** `n` pooled connections of their own for the length of `fn`. */
async function onConnections<T>(pool: pg.Pool, n: number, fn: (engines: Engine[]) => Promise<T>): Promise<T> {
  const conns = await Promise.all(Array.from({ length: n }, () => pool.connect()));
  try {
    return await fn(conns.map(pgEngine));
  } finally {
    for (const c of conns) c.release();
  }
}
