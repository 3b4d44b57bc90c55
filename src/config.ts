import { existsSync } from "node:fs";
import { z } from "zod";

const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

const PORT_ERROR = "must be a port number from 1 to 65535 (or 0 for any free port)";

const SHARD_COUNT_ERROR =
  "must be a whole number of shards from 1 up, or auto (Discord's recommendation; sharding is required past 2,500 guilds per connection)";

/** `postgres://` or `postgresql://`, parseable, with a host (or a `host=` socket parameter). */
export function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === "postgres:" || url.protocol === "postgresql:") &&
      (url.hostname !== "" || url.searchParams.has("host"))
    );
  } catch {
    return false;
  }
}

const EnvSchema = z.object({
  DISCORD_TOKEN: z
    .string({
      error: "is required: set DISCORD_TOKEN in .env or the environment (Developer Portal → Bot → Token)",
    })
    .trim()
    .min(1, "is required: set DISCORD_TOKEN in .env or the environment (Developer Portal → Bot → Token)"),
  DATABASE_PATH: z.string().trim().min(1, "must be a file path or :memory:").default("data/shiplog.db"),
  // PostgreSQL (issue 12): a postgres:// or postgresql:// URL selects it; unset keeps SQLite at DATABASE_PATH.
  DATABASE_URL: z
    .string()
    .trim()
    .refine(isPostgresUrl, {
      error: "must be a postgres:// or postgresql:// URL such as postgres://shiplog@127.0.0.1:5432/shiplog",
    })
    .optional(),
  DISCORD_API_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://discord.com/api" })
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
  DEV_GUILD_ID: z
    .string()
    .regex(/^\d{17,20}$/, "must be a numeric guild id (right-click the server → Copy Server ID)")
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  // Operations (SPEC §6): the health/metrics server is off unless HTTP_PORT is set; 0 picks a free port.
  HTTP_PORT: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, PORT_ERROR)
    .transform(Number)
    .pipe(z.number().max(65_535, PORT_ERROR))
    .optional(),
  HTTP_HOST: z.string().trim().min(1, "must be a host name or IP address").default("127.0.0.1"),
  BACKUP_DIR: z.string().trim().min(1, "must be a folder path").optional(),
  // Sharding (issue 12): 1 runs one process as before; above 1 (or auto) npm start runs a ShardingManager.
  SHARD_COUNT: z
    .string()
    .trim()
    .regex(/^(auto|[1-9]\d{0,4})$/, SHARD_COUNT_ERROR)
    .transform((v) => (v === "auto" ? ("auto" as const) : Number(v)))
    .default(1),
});

export type Config = z.infer<typeof EnvSchema>;
/** Every variable shiplog reads (.env.example documents each one; a test keeps them in step). */
export const ENV_VARIABLES = Object.keys(EnvSchema.shape);
export type LogLevel = Config["LOG_LEVEL"];

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

function parseWith<T>(schema: z.ZodType<T>, env: Record<string, string | undefined>): T {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue?.path[0] ?? "environment");
  throw new ConfigError(`shiplog: ${name} ${issue?.message ?? "is invalid"}`);
}

/** Parses the environment once. Empty strings count as unset, as in most .env files. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  return parseWith(EnvSchema, env);
}

const DatabaseEnvSchema = EnvSchema.pick({ DATABASE_PATH: true });

/** Just where the database is, for tools such as `npm run backup` that need no token. */
export function parseDatabaseConfig(env: Record<string, string | undefined>): Pick<Config, "DATABASE_PATH"> {
  return parseWith(DatabaseEnvSchema, env);
}

const ShardProcessSchema = z.object({
  SHARDING_MANAGER: z.literal("true"),
  SHARDS: z.string().regex(/^\d+$/).transform(Number),
  SHARD_COUNT: z.string().regex(/^\d+$/).transform(Number),
});

/**
 * The shard this process runs, when discord.js's ShardingManager spawned it
 * (it sets SHARDING_MANAGER, SHARDS and SHARD_COUNT in the child's environment);
 * null in a process an operator started.
 */
export function parseShardProcess(
  env: Record<string, string | undefined>,
): { id: number; count: number } | null {
  const result = ShardProcessSchema.safeParse(env);
  if (!result.success) return null;
  const { SHARDS: id, SHARD_COUNT: count } = result.data;
  return id < count ? { id, count } : null;
}

/** Reads `.env` (if present) into process.env without overriding what is already set. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
