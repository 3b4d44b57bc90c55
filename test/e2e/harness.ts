import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type APIEmbed, ComponentType } from "discord-api-types/v10";
import { ManualClock } from "../../src/clock";
import { parseConfig } from "../../src/config";
import type { RateLimitOptions } from "../../src/discord/rate-limit";
import { type Bot, startBot } from "../../src/main";
import type { LivenessDeps } from "../../src/projects/liveness";
import type { Shard } from "../../src/shards/shard";
import {
  type CallbackData,
  type StandIn,
  type StandInOptions,
  startStandIn,
  type UploadedFile,
} from "../../src/standin";
import { createPgSchema, type PgSchema } from "../helpers/pg";
import { ON_PG } from "../helpers/store";

export interface Harness {
  standin: StandIn;
  clock: ManualClock;
  dbPath: string;
  logs: string[];
  bot: Bot;
  /** resolves with the first log line (parsed) with this msg matching `where`, waiting for it if needed */
  waitForLog(
    msg: string,
    where?: (line: Record<string, unknown>) => boolean,
  ): Promise<Record<string, unknown>>;
  /** stop the running bot and start a new one on the same database file */
  restart(): Promise<Bot>;
  /** one more bot, as this shard, on the same stand-in, database file, clock and log (stopped by close) */
  startShard(shard: Shard): Promise<Bot>;
  close(): Promise<void>;
}

/**
 * The real bot (its `startBot`, configured through the same env variables an
 * operator sets) against the local Discord stand-in, on a temp database file.
 */
/**
 * Most e2e tests drive many commands from one member at one instant of the
 * manual clock, so the harness raises the per-member rate limit unless a test
 * asks for SPEC §3.19's (`rateLimit: {}`).
 */
const E2E_RATE_LIMIT: RateLimitOptions = { limit: 10_000 };

/** No network in e2e tests: every project host "does not resolve" unless a test passes its own. */
export const OFFLINE: LivenessDeps = {
  resolve: async (host) => {
    throw Object.assign(new Error(`offline: ${host}`), { code: "ENOTFOUND" });
  },
  connect: () => {
    throw new Error("offline");
  },
};

export async function startHarness(
  opts: {
    now?: string;
    standin?: StandInOptions;
    env?: Record<string, string>;
    rateLimit?: RateLimitOptions;
    network?: LivenessDeps;
    restTimeoutMs?: number;
    /** run the harness's bot as this shard */
    shard?: Shard;
  } = {},
): Promise<Harness> {
  const standin = await startStandIn(opts.standin);
  const dir = mkdtempSync(join(tmpdir(), "shiplog-e2e-"));
  const dbPath = join(dir, "shiplog.db");
  const clock = new ManualClock(opts.now ?? "2026-11-22T12:00:00Z");
  const logs: string[] = [];
  const waiters = new Set<() => void>();
  const sink = (line: string) => {
    logs.push(line);
    for (const w of [...waiters]) w();
  };
  // the "pg" test project: the bot runs on PostgreSQL, in a schema of its own (the bot migrates it)
  const pg: PgSchema | undefined = ON_PG ? await createPgSchema({ migrate: false }) : undefined;
  const config = parseConfig({
    DISCORD_TOKEN: standin.token,
    DISCORD_API_URL: standin.apiUrl,
    DATABASE_PATH: dbPath,
    ...(pg ? { DATABASE_URL: pg.url } : {}),
    LOG_LEVEL: "info",
    ...opts.env,
  });
  const rateLimit = opts.rateLimit ?? E2E_RATE_LIMIT;
  const network = opts.network ?? OFFLINE;
  const launch = (shard = opts.shard) =>
    startBot(config, {
      clock,
      logSink: sink,
      cron: false,
      rateLimit,
      network,
      ...(opts.restTimeoutMs ? { restTimeoutMs: opts.restTimeoutMs } : {}),
      ...(shard ? { shard } : {}),
    });
  const shards: Bot[] = [];
  const h: Harness = {
    standin,
    clock,
    dbPath,
    logs,
    bot: await launch(),
    waitForLog(msg, where = () => true) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = logLines(h, msg).find(where);
          if (!hit) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no log line ${msg} within 5 s`));
        }, 5000);
        if (!check()) waiters.add(check);
      });
    },
    async restart() {
      await h.bot.stop();
      h.bot = await launch();
      return h.bot;
    },
    async startShard(shard) {
      const bot = await launch(shard);
      shards.push(bot);
      return bot;
    },
    async close() {
      for (const bot of shards) await bot.stop();
      await h.bot.stop();
      await standin.close();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** The parsed log lines with a given `msg`. */
export function logLines(h: Harness, msg: string): Array<Record<string, unknown>> {
  return h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === msg);
}

/** The first embed of a reply. */
export function embedOf(data: CallbackData | undefined): APIEmbed | undefined {
  return data?.embeds?.[0];
}

/** The value of a field of a reply's first embed, by exact name. */
export function fieldOf(data: CallbackData | undefined, name: string): string | undefined {
  return embedOf(data)?.fields?.find((f) => f.name === name)?.value;
}

/** The buttons with a custom id on a reply, row by row flattened. */
export function buttonsOf(data: CallbackData | undefined): Array<{ custom_id: string; label: string }> {
  return (data?.components ?? []).flatMap((row) =>
    row.type === ComponentType.ActionRow
      ? row.components.flatMap((c) =>
          c.type === ComponentType.Button && "custom_id" in c
            ? [{ custom_id: c.custom_id, label: c.label ?? "" }]
            : [],
        )
      : [],
  );
}

/** Files the bot attached when it edited a (deferred) reply: the latest edit of @original that carried any. */
export function editedFiles(h: Harness, token: string): UploadedFile[] {
  const edits = h.standin.requests.filter(
    (q) => q.method === "PATCH" && q.path.includes(token) && q.path.endsWith("/messages/@original"),
  );
  for (const edit of edits.reverse()) {
    const files = (edit.body as { files?: UploadedFile[] } | undefined)?.files;
    if (files && files.length > 0) return files;
  }
  return [];
}

/** The Log time form's fields as a member fills them in: 1.5 h of build, the rest left empty. */
export const hoursForm = (fields: Partial<Record<"hours" | "kind" | "topic" | "note" | "date", string>>) => ({
  hours: "1.5",
  kind: "build",
  topic: "",
  note: "",
  date: "",
  ...fields,
});
