/**
 * PostgreSQL's plans for the board tops the domain code runs (src/leaderboards/boards.ts:
 * `order by t.<score> desc limit n`): PostgreSQL's DESC means NULLS FIRST, so the board
 * indexes are declared `DESC NULLS FIRST` (migrations/pg/0002); one declared NULLS LAST
 * could not give that order, and every top 10 would sort the whole board.
 * (SQLite's plans: test/leaderboards/leaderboard.test.ts.)
 */
import { expect, it } from "vitest";
import { describePg, usePgSchemaEach } from "../helpers/pg";

const TOPS = [
  ["member_totals", "minutes", "t.guild_id = $1", "member_totals_minutes_idx"],
  ["member_totals", "build_minutes", "t.guild_id = $1", "member_totals_build_idx"],
  ["member_weeks", "projects", "t.guild_id = $1 and t.week_start = $2", "member_weeks_projects_idx"],
  ["member_months", "minutes", "t.guild_id = $1 and t.month = $2", "member_months_minutes_idx"],
] as const;

describePg("board tops on PostgreSQL", () => {
  const pg = usePgSchemaEach();

  it("walk the board's index in score order: no sort of the board", async () => {
    const client = await pg().pool.connect();
    try {
      // an empty table would be scanned whatever the indexes: ask what the index can give
      await client.query("set enable_seqscan = off");
      for (const [table, score, where, index] of TOPS) {
        const params = where.includes("$2") ? ["1", "2026-11"] : ["1"];
        const { rows } = await client.query<{ "QUERY PLAN": string }>(
          `explain select t.user_id, t.${score} as score from ${table} t where ${where} and t.${score} > 0 order by t.${score} desc limit 11`,
          params,
        );
        const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
        expect(plan, plan).toContain(index);
        expect(plan, plan).not.toMatch(/\bSort\b/);
      }
    } finally {
      client.release();
    }
  });
});
