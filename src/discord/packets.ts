import { type Client, Events, Routes } from "discord.js";
import { z } from "zod";
import type { Logger } from "../log";

/**
 * discord.js builds an interaction object from the raw INTERACTION_CREATE packet
 * inside its gateway dispatch, before our error boundary sees anything; a packet
 * of the wrong shape (`member.permissions: "abc"`, a button without `message`,
 * `data.options: {}`, …) throws there, and the throw ends the process as an
 * unhandled rejection. This guard sits in front of discord.js's action handler:
 * packets that would break it are dropped (logged once, by their shape only, never
 * their values) and answered if they carry what an answer needs.
 */

const Snowflake = z.string().regex(/^\d{1,25}$/);
const Bitfield = z.string().regex(/^\d{1,40}$/);
const User = z.looseObject({ id: Snowflake, username: z.string() });
const Option: z.ZodType = z.lazy(() =>
  z.looseObject({
    name: z.string(),
    type: z.number().int(),
    options: z.array(Option).optional(),
  }),
);
const Resolved = z.record(z.string(), z.record(z.string(), z.looseObject({}))).optional();

const Base = z.looseObject({
  id: Snowflake,
  application_id: Snowflake,
  token: z.string().min(1),
  guild_id: Snowflake.optional(),
  channel_id: Snowflake.optional(),
  channel: z.looseObject({ id: Snowflake, type: z.number().int() }).optional(),
  member: z
    .looseObject({ user: User, roles: z.array(Snowflake), permissions: Bitfield.optional() })
    .optional(),
  user: User.optional(),
  app_permissions: Bitfield.optional(),
  locale: z.string().optional(),
});

const CommandData = z.looseObject({
  id: Snowflake,
  name: z.string(),
  type: z.number().int(),
  options: z.array(Option).optional(),
  resolved: Resolved,
});

const ComponentData = z.looseObject({
  custom_id: z.string(),
  component_type: z.number().int(),
  values: z.array(z.string()).optional(),
  resolved: Resolved,
});

const ModalData = z.looseObject({
  custom_id: z.string(),
  components: z.array(z.looseObject({})),
});

const ByType: Record<number, z.ZodType> = {
  2: Base.extend({ type: z.literal(2), data: CommandData }),
  4: Base.extend({ type: z.literal(4), data: CommandData }),
  3: Base.extend({
    type: z.literal(3),
    data: ComponentData,
    message: z.looseObject({ id: Snowflake, channel_id: Snowflake.optional() }),
  }),
  5: Base.extend({ type: z.literal(5), data: ModalData }),
};
// Types shiplog does not know (a newer Discord) only need what an answer needs.
const Other = Base.extend({ type: z.number().int() });

/** The answer to anything shiplog does not handle: a stale registration, an old button, a new kind. */
export const OUTDATED_REPLY =
  "This command or button is outdated — shiplog no longer handles it. Run `/help` to see what it does now.";
const UNREADABLE_REPLY = "shiplog could not read this request from Discord. Try again in a moment.";

/** Keys and value types of a packet, never its values; record keys that are ids become `<id>`. */
export function shapeOf(value: unknown, depth = 0): unknown {
  if (value === null) return "null";
  if (Array.isArray(value)) return depth > 4 ? "array" : value.length ? [shapeOf(value[0], depth + 1)] : [];
  if (typeof value !== "object") return typeof value;
  if (depth > 4) return "object";
  const shape: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    shape[/^\d{6,}$/.test(key) ? "<id>" : key.slice(0, 40)] = shapeOf(inner, depth + 1);
  }
  return shape;
}

/** What is wrong with a packet, as paths and codes (no values), or null when it is fit for discord.js. */
export function packetProblem(data: unknown): string[] | null {
  const type = (data as { type?: unknown } | null)?.type;
  const parsed = ((typeof type === "number" && ByType[type]) || Other).safeParse(data);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.code}`);
  const d = parsed.success ? (parsed.data as z.infer<typeof Base>) : null;
  if (d && d.guild_id !== undefined && d.member === undefined) problems.push("member: missing in a guild");
  if (d && d.guild_id === undefined && d.user === undefined && d.member === undefined) {
    problems.push("user: missing outside a guild");
  }
  return problems.length ? problems.slice(0, 5) : null;
}

function stackFrames(error: unknown): string[] {
  if (!(error instanceof Error)) return [];
  // Frames name functions and files, never packet values (the message line may).
  return (error.stack ?? "")
    .split("\n")
    .filter((l) => l.trimStart().startsWith("at "))
    .slice(0, 3)
    .map((l) => l.trim());
}

interface InteractionAction {
  handle(data: unknown): unknown;
}

/** Installs the guard on a client's INTERACTION_CREATE action (before login). */
export function guardInteractionPackets(client: Client, log: Logger): void {
  const action = (client as unknown as { actions: { InteractionCreate: InteractionAction } }).actions
    .InteractionCreate;
  const handle = action.handle.bind(action);

  // discord.js silently drops kinds it does not know (a new component or command type):
  // the last interaction it emitted tells whether it handled this packet.
  let lastEmitted: string | undefined;
  client.on(Events.InteractionCreate, (interaction) => {
    lastEmitted = interaction.id;
  });

  const answer = (data: unknown, content: string) => {
    const d = data as { id?: unknown; token?: unknown; type?: unknown } | null;
    if (typeof d?.id !== "string" || typeof d.token !== "string" || !/^\d{1,25}$/.test(d.id)) return;
    const body =
      d.type === 4 ? { type: 8, data: { choices: [] } } : { type: 4, data: { content, flags: 64 } };
    client.rest
      .post(Routes.interactionCallback(d.id, d.token), { body, auth: false })
      .catch((error: unknown) => log.debug("could not answer an interaction discord.js dropped", { error }));
  };

  action.handle = (data: unknown) => {
    const problem = packetProblem(data);
    if (problem) {
      log.warn("malformed interaction packet", { problem, shape: shapeOf(data) });
      answer(data, UNREADABLE_REPLY);
      return undefined;
    }
    try {
      handle(data);
    } catch (error) {
      log.warn("malformed interaction packet", {
        problem: ["discord.js could not read it"],
        error_name: error instanceof Error ? error.name : typeof error,
        at: stackFrames(error),
        shape: shapeOf(data),
      });
      answer(data, UNREADABLE_REPLY);
      return undefined;
    }
    const d = data as { id: string; type: number; data?: { type?: number; component_type?: number } };
    if (lastEmitted !== d.id) {
      log.info("interaction", {
        command: `unsupported type ${d.type}/${d.data?.type ?? d.data?.component_type ?? "-"}`,
        outcome: "outdated",
      });
      answer(data, OUTDATED_REPLY);
    }
    return undefined;
  };
}
