/**
 * Connecting to PostgreSQL (DATABASE_URL=postgres://…): a pool whose first
 * connection is made at once, so a server that cannot be reached or refuses
 * the login stops the start with one line naming the problem.
 */
import pg from "pg";

export class DatabaseUrlError extends Error {
  override readonly name = "DatabaseUrlError";
}

/** `postgres://user:secret@host/db` → `postgres://user@host/db`: the password never reaches a log line. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = "";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

/** What a failed first connection means, in words an operator can act on. */
export function describeConnectError(url: string, error: unknown): string {
  const e = error as { code?: string; message?: string };
  const where = redactUrl(url);
  switch (e.code) {
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `shiplog: DATABASE_URL ${where} cannot be reached (${e.code}): is PostgreSQL running there and the host and port right?`;
    case "28000":
    case "28P01":
      return `shiplog: DATABASE_URL ${where} refused the login: ${e.message ?? e.code} (check the user and password)`;
    case "3D000":
      return `shiplog: DATABASE_URL ${where} names a database that does not exist: ${e.message ?? e.code} (create it first)`;
    default:
      return `shiplog: DATABASE_URL ${where} could not be opened: ${e.message ?? String(error)}`;
  }
}

export interface PgOptions {
  /** the schema to use (search_path); default the server's (public) */
  schema?: string;
  /** give up on a connection attempt after this long (default 10 s) */
  connectTimeoutMs?: number;
  max?: number;
}

/** Opens a pool and proves it with one round trip; a failure throws DatabaseUrlError with one readable line. */
export async function connectPg(url: string, options: PgOptions = {}): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    max: options.max ?? 10,
    ...(options.schema ? { options: `-c search_path=${quoteIdent(options.schema)}` } : {}),
  });
  // an idle client's error (server restart) must not crash the process; the next query reports it
  pool.on("error", () => {});
  try {
    await pool.query("select 1");
    return pool;
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseUrlError(describeConnectError(url, error));
  }
}

/** Proves DATABASE_URL can be reached and takes the login (a supervisor checks before starting shards). */
export async function checkDatabaseUrl(url: string): Promise<void> {
  const pool = await connectPg(url, { max: 1 });
  await pool.end();
}

/** A PostgreSQL identifier, quoted. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
