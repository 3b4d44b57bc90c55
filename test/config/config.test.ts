import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLES, parseConfig, parseShardProcess } from "../../src/config";

describe("parseConfig", () => {
  it("applies defaults", () => {
    expect(parseConfig({ DISCORD_TOKEN: "abc" })).toEqual({
      DISCORD_TOKEN: "abc",
      DATABASE_PATH: "data/shiplog.db",
      LOG_LEVEL: "info",
      HTTP_HOST: "127.0.0.1",
      SHARD_COUNT: 1,
    });
  });

  it("reads SHARD_COUNT as a shard count or auto", () => {
    expect(parseConfig({ DISCORD_TOKEN: "a", SHARD_COUNT: "2" }).SHARD_COUNT).toBe(2);
    expect(parseConfig({ DISCORD_TOKEN: "a", SHARD_COUNT: " 16 " }).SHARD_COUNT).toBe(16);
    expect(parseConfig({ DISCORD_TOKEN: "a", SHARD_COUNT: "auto" }).SHARD_COUNT).toBe("auto");
  });

  it.each(["0", "abc", "-1", "1.5", "2e3", "AUTO", "01"])(
    "refuses SHARD_COUNT=%s with one line naming it",
    (value) => {
      expect(() => parseConfig({ DISCORD_TOKEN: "a", SHARD_COUNT: value })).toThrow(
        /^shiplog: SHARD_COUNT must be a whole number of shards from 1 up, or auto \(.*2,500 guilds per connection\)$/,
      );
    },
  );

  it("knows a ShardingManager child by the env discord.js gives it, and nothing else", () => {
    const child = { SHARDING_MANAGER: "true", SHARDS: "1", SHARD_COUNT: "2" };
    expect(parseShardProcess(child)).toEqual({ id: 1, count: 2 });
    expect(parseShardProcess({ SHARD_COUNT: "2" })).toBeNull();
    expect(parseShardProcess({ ...child, SHARDS: "2" })).toBeNull();
    expect(parseShardProcess({ ...child, SHARDS: "[0,1]" })).toBeNull();
    expect(parseShardProcess({ ...child, SHARDING_MANAGER: undefined })).toBeNull();
  });

  it("normalises the REST base URL and accepts a dev guild", () => {
    expect(
      parseConfig({
        DISCORD_TOKEN: "abc",
        DISCORD_API_URL: "http://127.0.0.1:1234/api/",
        DEV_GUILD_ID: "123456789012345678",
      }),
    ).toMatchObject({ DISCORD_API_URL: "http://127.0.0.1:1234/api", DEV_GUILD_ID: "123456789012345678" });
  });

  it("reads the operations variables", () => {
    expect(
      parseConfig({
        DISCORD_TOKEN: "a",
        HTTP_PORT: "9464",
        HTTP_HOST: "0.0.0.0",
        BACKUP_DIR: "/var/backups/shiplog",
      }),
    ).toMatchObject({ HTTP_PORT: 9464, HTTP_HOST: "0.0.0.0", BACKUP_DIR: "/var/backups/shiplog" });
  });

  it.each([
    [{}, /^shiplog: DISCORD_TOKEN is required: set DISCORD_TOKEN in \.env/],
    [{ DISCORD_TOKEN: "" }, /^shiplog: DISCORD_TOKEN is required/],
    [
      { DISCORD_TOKEN: "a", LOG_LEVEL: "loud" },
      /^shiplog: LOG_LEVEL must be one of debug, info, warn, error$/,
    ],
    [
      { DISCORD_TOKEN: "a", DISCORD_API_URL: "not a url" },
      /^shiplog: DISCORD_API_URL must be an http\(s\) URL/,
    ],
    [{ DISCORD_TOKEN: "a", DEV_GUILD_ID: "my-server" }, /^shiplog: DEV_GUILD_ID must be a numeric guild id/],
    [{ DISCORD_TOKEN: "a", HTTP_PORT: "abc" }, /^shiplog: HTTP_PORT must be a port number from 1 to 65535/],
    [{ DISCORD_TOKEN: "a", HTTP_PORT: "65536" }, /^shiplog: HTTP_PORT must be a port number/],
    [{ DISCORD_TOKEN: "a", HTTP_PORT: "80.5" }, /^shiplog: HTTP_PORT must be a port number/],
  ])("refuses %o with one line naming the variable", (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });

  it("npm start with HTTP_PORT=abc exits 1 with one line naming it", () => {
    const env = { ...process.env, DISCORD_TOKEN: "t", DATABASE_PATH: ":memory:", HTTP_PORT: "abc" };
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], { env, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toEqual([
      "shiplog: HTTP_PORT must be a port number from 1 to 65535 (or 0 for any free port)",
    ]);
  });

  it("npm start without a token exits non-zero with one line on stderr and nothing on stdout", () => {
    const env = { ...process.env, DISCORD_TOKEN: "", DATABASE_PATH: ":memory:" };
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env,
      encoding: "utf8",
      cwd: process.cwd(),
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toEqual([
      "shiplog: DISCORD_TOKEN is required: set DISCORD_TOKEN in .env or the environment (Developer Portal → Bot → Token)",
    ]);
  });

  it.each(["0", "abc"])("npm start with SHARD_COUNT=%s exits 1 with one line naming it", (value) => {
    const env = { ...process.env, DISCORD_TOKEN: "t", DATABASE_PATH: ":memory:", SHARD_COUNT: value };
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], { env, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^shiplog: SHARD_COUNT must be a whole number of shards from 1 up, or auto/);
  });

  it(".env.example lists every variable, each under a comment, and parses", () => {
    const lines = readFileSync(".env.example", "utf8").split("\n");
    const listed = lines.flatMap((line, i) => {
      const name = /^([A-Z_]+)=/.exec(line)?.[1];
      if (!name) return [];
      expect(lines[i - 1], `a comment above ${name}`).toMatch(/^# /);
      return [name];
    });
    expect(listed.sort()).toEqual([...ENV_VARIABLES].sort());
    const values = Object.fromEntries(
      lines.flatMap((line) => {
        const m = /^([A-Z_]+)=(.*)$/.exec(line);
        return m ? [[m[1], m[2]]] : [];
      }),
    );
    expect(parseConfig({ ...values, DISCORD_TOKEN: "t" })).toMatchObject({
      DATABASE_PATH: "data/shiplog.db",
    });
  });
});
