/**
 * The PostgreSQL triggers (src/db/pg/triggers.ts) keep the derived tables and
 * `schedule_next` exactly as the SQLite ones do: one seeded sequence of raw SQL
 * writes (entries inserted, edited, soft-deleted, restored and deleted; members
 * and guilds changing time zone, leaving, arriving; check-ins; cohorts) runs on
 * both engines, and after every step the PostgreSQL derived tables equal a
 * recomputation (verifyPgDerived) and, at checkpoints, the SQLite tables row for row.
 */
import { expect, it } from "vitest";
import { openStore } from "../../src/db/client";
import { verifyPgDerived } from "../../src/db/pg/derive";
import { installPgTriggers } from "../../src/db/pg/triggers";
import { DERIVED_TABLES } from "../../src/totals/derive";
import { currentUntil } from "../../src/totals/streaks";
import { describePg, usePgSchemaEach } from "../helpers/pg";
import { seededRandom } from "../helpers/random";

const GUILDS = ["100000000000000001", "100000000000000002", "100000000000000003"];
const ZONES = [
  "UTC",
  "Asia/Kolkata",
  "America/Havana",
  "America/Santiago",
  "Australia/Lord_Howe",
  "Europe/Berlin",
];
const T = 1_795_000_000_000;
/** Every derived table, and the scheduler's next-due rows the schedule triggers keep. */
const TABLES = [...DERIVED_TABLES, "schedule_next"];

/** A seeded list of raw SQL statements valid on both engines. */
function writes(seed: number, count: number): string[] {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  const day = () => {
    const d = new Date(Date.UTC(2026, 9, 20) + Math.floor(random() * 34) * 86_400_000);
    return d.toISOString().slice(0, 10);
  };
  const user = () => String(1 + Math.floor(random() * 5));
  const out = GUILDS.map(
    (g, i) => `insert into guilds (id, timezone, created_at) values ('${g}', '${ZONES[i]}', ${T})`,
  );
  let n = 0;
  const made: string[] = [];
  const some = () => `'${pick(made)}'`;
  for (let i = 0; i < count; i++) {
    const g = pick(GUILDS);
    const r = random();
    if (r < 0.4 || made.length === 0) {
      const id = `i${++n}`;
      made.push(id);
      out.push(
        random() < 0.85
          ? `insert into entries (guild_id, user_id, type, interaction_id, created_at, local_date, minutes, kind) values ('${g}', '${user()}', 'hours', '${id}', ${T + n}, '${day()}', ${15 * (1 + Math.floor(random() * 20))}, '${pick(["learn", "build"])}')`
          : `insert into entries (guild_id, user_id, type, interaction_id, created_at, local_date, name, url) values ('${g}', '${user()}', 'project', '${id}', ${T + n}, '${day()}', 'api', 'https://api.example.com/')`,
      );
    } else if (r < 0.5)
      out.push(
        `update entries set minutes = ${15 * (1 + Math.floor(random() * 20))} where interaction_id = ${some()} and type = 'hours'`,
      );
    else if (r < 0.57)
      out.push(`update entries set local_date = '${day()}' where interaction_id = ${some()}`);
    else if (r < 0.6)
      out.push(
        `update entries set kind = '${pick(["learn", "build"])}' where interaction_id = ${some()} and type = 'hours'`,
      );
    else if (r < 0.63) out.push(`update entries set user_id = '${user()}' where interaction_id = ${some()}`);
    else if (r < 0.7)
      out.push(`update entries set removed_at = ${T}, removed_by = '9' where interaction_id = ${some()}`);
    else if (r < 0.74) out.push(`update entries set removed_at = null where interaction_id = ${some()}`);
    else if (r < 0.78) out.push(`update entries set note = 'edited' where interaction_id = ${some()}`);
    else if (r < 0.82) out.push(`delete from entries where interaction_id = ${some()}`);
    else if (r < 0.87)
      out.push(
        `insert into members (guild_id, user_id, display_name, timezone, created_at) values ('${g}', '${user()}', 'm', ${random() < 0.5 ? `'${pick(ZONES)}'` : "null"}, ${T}) on conflict do nothing`,
      );
    else if (r < 0.91)
      out.push(
        `update members set timezone = '${pick(ZONES)}' where guild_id = '${g}' and user_id = '${user()}'`,
      );
    else if (r < 0.93) out.push(`delete from members where guild_id = '${g}' and user_id = '${user()}'`);
    else if (r < 0.95) out.push(`update guilds set timezone = '${pick(ZONES)}' where id = '${g}'`);
    else if (r < 0.97)
      out.push(
        `insert into checkins (guild_id, user_id, week_start, goals, created_at, updated_at) values ('${g}', '${user()}', '2026-11-16', 'ship', ${T}, ${T}) on conflict (guild_id, user_id, week_start) do update set goals = 'more'`,
      );
    else if (r < 0.99) out.push(`update schedule_next set due_at = ${T} where guild_id = '${g}'`);
    else
      out.push(
        `insert into cohorts (guild_id, name, name_key, start_date, weeks, created_by, created_at) values ('${g}', 'c${i}', 'c${i}', '2026-11-02', 4, '9', ${T})`,
      );
  }
  out.push(`delete from guilds where id = '${GUILDS[2]}'`);
  return out;
}

/** Rows as sorted JSON lines, numbers as numbers on both engines. */
const normalise = (rows: Array<Record<string, unknown>>) =>
  rows
    .map((row) =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [
            k,
            typeof v === "string" && /^-?\d+$/.test(v) && k !== "user_id" && k !== "guild_id" ? Number(v) : v,
          ]),
        ),
      ),
    )
    .sort();

describePg("PostgreSQL triggers for the derived tables and schedule_next", () => {
  const pg = usePgSchemaEach();

  it("keep them equal to a recomputation and to SQLite's, through every kind of raw write", async () => {
    const client = await pg().pool.connect();
    const sqlite = openStore(":memory:");
    try {
      await installPgTriggers(client);
      const statements = writes(12, 400);
      for (const [i, statement] of statements.entries()) {
        sqlite.sqlite.exec(statement);
        await client.query(statement);
        if (i % 10 !== 0 && i !== statements.length - 1) continue;
        const report = await verifyPgDerived(client);
        expect(report.differences, `after ${statement}`).toEqual([]);
        for (const t of TABLES) {
          const mine = normalise((await client.query(`select * from ${t}`)).rows);
          const theirs = normalise(
            sqlite.sqlite.prepare(`select * from ${t}`).all() as Array<Record<string, unknown>>,
          );
          expect(mine, `${t} after #${i}: ${statement}`).toEqual(theirs);
        }
      }
      const live = await client.query("select count(*)::int as n from member_totals where current_until > 0");
      expect(live.rows[0].n).toBeGreaterThan(0);
    } finally {
      client.release();
      sqlite.close();
    }
  });

  it("shiplog_current_until agrees with JS across DST gaps and fall-back repeats in several zones", async () => {
    const client = await pg().pool.connect();
    try {
      await installPgTriggers(client);
      const { rows } = await client.query<{ day: string; zone: string; until: string }>(
        `select to_char(d, 'YYYY-MM-DD') as day, z as zone, shiplog_current_until(to_char(d, 'YYYY-MM-DD'), z) as until
         from generate_series('2024-01-01'::date, '2025-12-31'::date, interval '1 day') d, unnest($1::text[]) z`,
        [ZONES.concat(["America/New_York", "America/Asuncion", "Asia/Tehran"])],
      );
      const wrong = rows.filter((r) => Number(r.until) !== currentUntil(r.day, r.zone));
      expect(rows.length).toBeGreaterThan(6000);
      expect(wrong).toEqual([]);
      const none = await client.query("select shiplog_current_until(null, 'UTC') as until");
      expect(Number(none.rows[0].until)).toBe(0);
    } finally {
      client.release();
    }
  });
});
