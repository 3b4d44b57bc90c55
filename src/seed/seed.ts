/**
 * A realistic database for the demo, the benchmark and sizing a host (SPEC §7):
 * one big guild with power-law activity (a few members log most days, a long
 * tail logs now and then), optional small guilds, a learn/build mix with
 * topics, projects, some removed entries, check-ins and a few personal time
 * zones. Rows go in through prepared statements in large transactions; the
 * derived tables are then filled by the same bulk derivation that backfills an
 * existing database, so they are exactly what the write path would have left.
 */
import type { Store } from "../db/client";
import type { Logger } from "../log";
import { TOPICS } from "../roadmap/topics";
import { addDays, weekStart } from "../time/dates";
import { deriveAll, mainTables } from "../totals/derive";
import { dropTriggers, installTriggers } from "../totals/triggers";

export interface SeedOptions {
  guildId: string;
  members: number;
  entries: number;
  smallGuilds?: number;
  days?: number;
  /** the seeded "today" (UTC date of this instant); default now */
  now?: Date;
  /** PRNG seed, so the same options give the same database */
  seed?: number;
  /** progress lines (one per 1M entries and per derived table) */
  log?: Logger;
}

export interface SeedSummary {
  guilds: number;
  members: number;
  entries: number;
  removed: number;
  projects: number;
  checkins: number;
  ms: number;
}

/** mulberry32: small, fast and seeded, so the same seed gives the same data (tests replay failing seeds). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = ["Asia/Kolkata", "America/New_York", "Europe/Berlin", "Asia/Tokyo", "America/Los_Angeles"];
const FIRST = ["Ada", "Lin", "Sam", "Noor", "Kai", "Mei", "Ravi", "Zoe", "Omar", "Ines", "Tariq", "Yuki"];
const LAST = ["dev", "codes", "builds", "learns", "ships", "_io", "99", "x", "tech", "on-rails"];
const PER_SMALL_GUILD_MEMBER = 40;

/** Entries per member: power law (weight ∝ rank^-0.9), capped at 4 a day, total `total`. */
export function allocate(total: number, members: number, cap: number): number[] {
  const weights = Array.from({ length: members }, (_, i) => (i + 1) ** -0.9);
  const out = new Array<number>(members).fill(0);
  let left = total;
  let open = weights.map((_, i) => i);
  while (left > 0 && open.length > 0) {
    const sum = open.reduce((s, i) => s + (weights[i] ?? 0), 0);
    let given = 0;
    for (const i of open) {
      const want = Math.max(1, Math.floor((left * (weights[i] ?? 0)) / sum));
      const n = Math.min(want, cap - (out[i] ?? 0), left - given);
      if (n <= 0) continue;
      out[i] = (out[i] ?? 0) + n;
      given += n;
    }
    left -= given;
    open = open.filter((i) => (out[i] ?? 0) < cap);
    if (given === 0) break;
  }
  return out;
}

/** Builds the database in `store`, which must be freshly opened (migrated, empty). */
export function seedDatabase(store: Store, opts: SeedOptions): SeedSummary {
  const started = performance.now();
  const rand = mulberry32(opts.seed ?? 8);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const days = Math.max(1, opts.days ?? 365);
  const today = (opts.now ?? new Date()).toISOString().slice(0, 10);
  const nowMs = opts.now?.getTime() ?? Date.now();
  const db = store.sqlite;
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -400000");
  const insGuild = db.prepare(
    `insert into guilds (id, timezone, prompt_time, checkin_time, checkin_weekday, leaderboard_time,
      leaderboard_weekday, prompts_channel_id, checkins_channel_id, leaderboard_channel_id, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insMember = db.prepare(
    "insert into members (guild_id, user_id, display_name, timezone, created_at) values (?, ?, ?, ?, ?)",
  );
  const insEntry = db.prepare(
    `insert into entries (guild_id, user_id, type, interaction_id, created_at, local_date, minutes, kind, topic,
      name, url, removed_at, removed_by, removed_reason) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insCheckin = db.prepare(
    "insert into checkins (guild_id, user_id, week_start, goals, created_at, updated_at) values (?, ?, ?, ?, ?, ?)",
  );
  const summary: SeedSummary = {
    guilds: 0,
    members: 0,
    entries: 0,
    removed: 0,
    projects: 0,
    checkins: 0,
    ms: 0,
  };
  let seq = 0;
  let batch = 0;
  const flushEvery = 200_000;
  // Bulk load without the per-row triggers; everything is derived in one pass afterwards.
  dropTriggers(db);
  db.exec("begin");
  const tick = () => {
    if (++batch < flushEvery) return;
    db.exec("commit");
    db.exec("begin");
    batch = 0;
    if (summary.entries % 1_000_000 < flushEvery) opts.log?.info("seeding", { entries: summary.entries });
  };

  const seedGuild = (
    guildId: string,
    memberCount: number,
    entryCount: number,
    big: boolean,
    index: number,
  ) => {
    const zone = big ? "UTC" : (ZONES[index % ZONES.length] ?? "UTC");
    const channel = (n: number) => String(400_000_000_000_000_000n + BigInt(index * 3 + n));
    insGuild.run(
      guildId,
      zone,
      9 * 60,
      (index * 37) % 1440,
      1 + (index % 7),
      18 * 60,
      7,
      channel(0),
      channel(1),
      channel(2),
      nowMs,
    );
    summary.guilds += 1;
    const quota = allocate(entryCount, memberCount, days * 4);
    quota.forEach((n, m) => {
      const userId = String(200_000_000_000_000_000n + BigInt(index) * 1_000_000n + BigInt(m));
      const name = `${pick(FIRST)}${pick(LAST)}${m}`;
      insMember.run(guildId, userId, name, rand() < 0.01 ? pick(ZONES) : null, nowMs);
      summary.members += 1;
      if (n === 0) return;
      const perDay = Math.max(1, Math.ceil(n / days));
      const active = Math.min(days, Math.ceil(n / perDay));
      // Active days: a window of days filled densely.
      // Active members are mostly still around; the long tail logged once in a while, any time in the year.
      const end = rand() < Math.min(0.9, 0.1 + n / days) ? 0 : Math.floor(rand() * (days - active + 1));
      const span = Math.min(days - end, Math.ceil(active / 0.8));
      const chosen = new Set<number>();
      while (chosen.size < active) chosen.add(end + Math.floor(rand() * span));
      let left = n;
      for (const offset of chosen) {
        const date = addDays(today, -offset);
        for (let k = 0; k < perDay && left > 0; k++, left--) {
          const created = Date.parse(`${date}T12:00:00Z`) + k * 60_000;
          const removed = rand() < 0.01;
          const project = rand() < 0.02;
          seq += 1;
          insEntry.run(
            guildId,
            userId,
            project ? "project" : "hours",
            `seed-${seq}`,
            Math.min(created, nowMs),
            date,
            project ? null : 15 * (1 + Math.floor(rand() * 16)),
            project ? null : rand() < 0.55 ? "build" : "learn",
            project || rand() < 0.2 ? null : pick(TOPICS),
            project ? `project-${seq}` : null,
            project ? `https://p${seq}.example.com` : null,
            removed ? created + 3_600_000 : null,
            removed ? userId : null,
            removed ? "undo" : null,
          );
          summary.entries += 1;
          if (removed) summary.removed += 1;
          if (project) summary.projects += 1;
          tick();
        }
      }
      for (let w = 0; w < 4; w++) {
        if (rand() >= 0.3) continue;
        insCheckin.run(
          guildId,
          userId,
          addDays(weekStart(today), -7 * w),
          "finish the next chapter",
          nowMs,
          nowMs,
        );
        summary.checkins += 1;
      }
    });
  };

  const smallSizes = Array.from({ length: opts.smallGuilds ?? 0 }, () => 3 + Math.floor(rand() * 28));
  const smallEntries = smallSizes.reduce((s, m) => s + m * PER_SMALL_GUILD_MEMBER, 0);
  const share = Math.min(1, opts.entries / 2 / Math.max(1, smallEntries));
  const smallQuota = smallSizes.map((m) => Math.floor(m * PER_SMALL_GUILD_MEMBER * share));
  seedGuild(opts.guildId, opts.members, opts.entries - smallQuota.reduce((a, b) => a + b, 0), true, 0);
  smallSizes.forEach((m, i) => {
    const id = String(100_000_000_000_000_000n + BigInt(i + 1) * 7n);
    seedGuild(id, m, smallQuota[i] ?? 0, false, i + 1);
  });
  db.exec("commit");
  opts.log?.info("seeded entries, deriving totals", { entries: summary.entries });
  db.transaction(() => deriveAll(db, mainTables, opts.log))();
  installTriggers(db);
  db.pragma("synchronous = FULL");
  summary.ms = Math.round(performance.now() - started);
  return summary;
}
