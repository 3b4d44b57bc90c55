import { once } from "node:events";
import { Client, Events, GatewayIntentBits, type Interaction } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { shardOf } from "../../src/shards/shard";
import { type StandIn, startStandIn } from "../../src/standin";
import { requestedShard } from "../../src/standin/shards";

// (id >> 22) % 2: A and C on shard 0, B on shard 1.
const A = String(((300_000_000_000n + 0n) << 22n) | 1n);
const B = String(((300_000_000_000n + 1n) << 22n) | 2n);
const C = String(((300_000_000_000n + 2n) << 22n) | 3n);
const guild = (id: string, n: number) => ({
  id,
  channels: [{ id: String(BigInt(id) + 100n), name: `g${n}` }],
});

async function shardClient(standin: StandIn, shards: number[], shardCount: number): Promise<Client> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: standin.apiUrl },
    shards,
    shardCount,
  });
  const ready = once(client, Events.ClientReady);
  await client.login(standin.token);
  await ready;
  return client;
}

describe("the stand-in's sharded IDENTIFY", () => {
  let standin: StandIn | undefined;
  const clients: Client[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.destroy();
    await standin?.close();
  });

  it("gives each shard only its guilds, and sends each guild's interactions to its shard", async () => {
    expect([A, B, C].map((g) => shardOf(g, 2))).toEqual([0, 1, 0]);
    standin = await startStandIn({ guilds: [guild(A, 1), guild(B, 2), guild(C, 3)], shards: 2 });
    const zero = await shardClient(standin, [0], 2);
    const one = await shardClient(standin, [1], 2);
    clients.push(zero, one);
    expect([...zero.guilds.cache.keys()].sort()).toEqual([A, C].sort());
    expect([...one.guilds.cache.keys()]).toEqual([B]);
    expect(standin.readyShards()).toEqual(["0/2", "1/2"]);

    const seen: Array<[number, string | null]> = [];
    const answer = (n: number) => async (i: Interaction) => {
      seen.push([n, i.guildId]);
      if (i.isChatInputCommand()) await i.reply("ok");
    };
    zero.on(Events.InteractionCreate, answer(0));
    one.on(Events.InteractionCreate, answer(1));
    for (const g of [A, B, C]) await standin.command({ name: "help", guildId: g });
    expect(seen).toEqual([
      [0, A],
      [1, B],
      [0, C],
    ]);
    expect(standin.protocolErrors).toEqual([]);
  });

  it("GET /gateway/bot recommends the configured shard count and identify concurrency", async () => {
    standin = await startStandIn({ shards: 3, maxConcurrency: 16 });
    const response = await fetch(`${standin.apiUrl}/v10/gateway/bot`, {
      headers: { authorization: `Bot ${standin.token}` },
    });
    const body = (await response.json()) as {
      shards: number;
      session_start_limit: { max_concurrency: number };
    };
    expect(body.shards).toBe(3);
    expect(body.session_start_limit.max_concurrency).toBe(16);
  });

  it("closes an IDENTIFY with 4010 when its count differs from a live connection's", async () => {
    standin = await startStandIn({ guilds: [guild(A, 1), guild(B, 2)] });
    clients.push(await shardClient(standin, [0], 2));
    const ws = new WebSocket(`${standin.gatewayUrl}?v=10&encoding=json`);
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    await once(ws, "message"); // HELLO
    ws.send(
      JSON.stringify({ op: 2, d: { token: standin.token, intents: 1, properties: {}, shard: [1, 3] } }),
    );
    expect(await closed).toBe(4010);
    expect(standin.shardRefusals).toEqual(["[1,3]"]);
    expect(standin.readyShards()).toEqual(["0/2"]);
  });

  it.each([[[2, 2]], [[-1, 2]], [[0, 0]], [[0.5, 2]], [[0]], ["0,1"]])(
    "refuses shard %j as Discord would (4010)",
    (raw) => {
      expect(requestedShard(raw, [])).toBeNull();
    },
  );

  it("accepts [id, count] with id < count, and no shard as [0, 1]", () => {
    expect(requestedShard([1, 2], [2, 2])).toEqual({ id: 1, count: 2 });
    expect(requestedShard(undefined, [])).toEqual({ id: 0, count: 1 });
    expect(requestedShard([0, 2], [3])).toBeNull();
  });
});
