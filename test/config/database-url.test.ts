/**
 * DATABASE_URL (issue 12): a malformed one is refused by the config parser; one
 * that cannot be reached, refuses the login or names a missing database stops
 * `npm start` with one line naming the problem (against the real local server);
 * with a working one the bot migrates and prepares its schema there and goes
 * on to Discord. SQLite stays the default when it is unset.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config";
import { describePg, TEST_DATABASE_URL, usePgSchemaEach } from "../helpers/pg";

describe("DATABASE_URL in the config", () => {
  it.each([
    "postgres//127.0.0.1/shiplog",
    "mysql://127.0.0.1/shiplog",
    "postgres://127.0.0.1:99999/shiplog",
    "postgres:///shiplog",
    "127.0.0.1:5432",
  ])("refuses %s with one line naming the variable", async (url) => {
    expect(() => parseConfig({ DISCORD_TOKEN: "t", DATABASE_URL: url })).toThrow(
      /^shiplog: DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL such as postgres:\/\/shiplog@127\.0\.0\.1:5432\/shiplog$/,
    );
  });

  it.each([
    "postgres://shiplog:secret@db.example.com:5432/shiplog",
    "postgresql://127.0.0.1/shiplog?sslmode=disable",
    "postgres:///shiplog?host=/var/run/postgresql",
  ])("accepts %s", (url) => {
    expect(parseConfig({ DISCORD_TOKEN: "t", DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });

  it("is optional: SQLite at DATABASE_PATH stays the default", () => {
    expect(parseConfig({ DISCORD_TOKEN: "t" })).not.toHaveProperty("DATABASE_URL");
  });
});

function start(databaseUrl: string) {
  const env = {
    ...process.env,
    DISCORD_TOKEN: "t",
    DATABASE_PATH: ":memory:",
    DATABASE_URL: databaseUrl,
    // nothing listens there: a start that gets past the database fails at Discord, at once
    DISCORD_API_URL: "http://127.0.0.1:1/api",
  };
  const run = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], { env, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, lines: run.stderr.trim().split("\n") };
}

const variant = (change: (url: URL) => void) => {
  const url = new URL(TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
  change(url);
  return url.toString();
};

describePg("npm start with DATABASE_URL against the local PostgreSQL server", () => {
  it.each([
    [
      "a port nothing listens on",
      variant((u) => {
        u.port = "1";
      }),
      /^shiplog: DATABASE_URL postgres:\/\/.*:1\/.* cannot be reached \(ECONNREFUSED\): is PostgreSQL running there/,
    ],
    [
      "a role that does not exist",
      variant((u) => {
        u.username = "shiplog_no_such_role";
        u.password = "hunter2";
      }),
      /^shiplog: DATABASE_URL postgres:\/\/shiplog_no_such_role@.* refused the login: .*shiplog_no_such_role.* \(check the user and password\)$/,
    ],
    [
      "a database that does not exist",
      variant((u) => {
        u.pathname = "/shiplog_no_such_db";
      }),
      /^shiplog: DATABASE_URL .*\/shiplog_no_such_db names a database that does not exist: .*\(create it first\)$/,
    ],
  ])("%s: exits 1 with one line naming the problem", (_, url, message) => {
    const run = start(url);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.lines).toEqual([expect.stringMatching(message)]);
    expect(run.lines.join("\n")).not.toContain("hunter2");
  });

  const schema = usePgSchemaEach({ migrate: false });

  it("a working URL: migrates and prepares the schema, then goes on to Discord", async () => {
    const run = start(schema().url);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    // past the database: the only line is about reaching Discord
    expect(run.lines).toEqual([expect.stringMatching(/^shiplog: could not start: /)]);
    expect(run.lines[0]).not.toContain("DATABASE_URL");
    const { rows } = await schema().pool.query<{ n: number }>(
      "select count(*)::int as n from information_schema.triggers where trigger_schema = current_schema()",
    );
    expect(rows[0]?.n).toBeGreaterThan(0);
    expect((await schema().pool.query("select * from entries")).rows).toEqual([]);
  });
});
