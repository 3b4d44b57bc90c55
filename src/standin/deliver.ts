/** Sends interactions to the bot over the gateway and waits for its answers: what a user's click does. */
import {
  type APIMessageComponentInteractionData,
  InteractionResponseType as Callback,
  ComponentType,
  GatewayDispatchEvents,
  InteractionType,
} from "discord-api-types/v10";
import type { Gateway } from "./gateway";
import {
  type CallbackRecord,
  type InteractionKind,
  type InteractionState,
  type Interactions,
  toOptions,
} from "./interactions";
import type { Messages } from "./messages";
import { snowflake } from "./payloads";
import type { World } from "./state";
import type { CommandInput, ComponentInput, InteractionResult, RecordedRequest } from "./types";
import type { Changes } from "./waiting";

export class Driver {
  constructor(
    private readonly world: World,
    private readonly messages: Messages,
    private readonly interactions: Interactions,
    private readonly gateway: Gateway,
    private readonly changes: Changes,
    private readonly requests: RecordedRequest[],
    private readonly defaultGuildId: string,
    private readonly timeoutMs: number,
  ) {}

  command(input: CommandInput): Promise<InteractionResult> {
    return this.attempt(input, () => {
      const guild = this.interactions.guild(input.guildId, this.defaultGuildId);
      const options = input.options
        ? toOptions<InteractionType.ApplicationCommand>(input.options)
        : undefined;
      const data = this.interactions.commandData(input.name, guild, options, true);
      return this.create({ type: InteractionType.ApplicationCommand, data }, input.name, input);
    });
  }

  autocomplete(input: CommandInput & { focused: string }): Promise<InteractionResult> {
    return this.attempt(input, () => {
      const guild = this.interactions.guild(input.guildId, this.defaultGuildId);
      const options = toOptions<InteractionType.ApplicationCommandAutocomplete>(input.options ?? []);
      let found = false;
      const mark = (list: typeof options) => {
        for (const option of list) {
          if ("options" in option) mark(option.options ?? []);
          else if (!found && option.name === input.focused) {
            Object.assign(option, { focused: true });
            found = true;
          }
        }
      };
      mark(options);
      if (!found)
        throw new Error(`stand-in: autocomplete option ${JSON.stringify(input.focused)} is not in options`);
      const data = { ...this.interactions.commandData(input.name, guild, options, false), options };
      return this.create({ type: InteractionType.ApplicationCommandAutocomplete, data }, input.name, input);
    });
  }

  button(input: ComponentInput): Promise<InteractionResult> {
    return this.component(input, { custom_id: input.customId, component_type: ComponentType.Button });
  }

  select(input: ComponentInput & { values: string[] }): Promise<InteractionResult> {
    return this.component(input, {
      custom_id: input.customId,
      component_type: ComponentType.StringSelect,
      values: [...input.values],
    });
  }

  modalSubmit(input: ComponentInput & { fields: Record<string, string> }): Promise<InteractionResult> {
    const components = Object.entries(input.fields).map(([customId, value]) => ({
      type: ComponentType.ActionRow as const,
      components: [{ type: ComponentType.TextInput as const, id: 0, custom_id: customId, value }],
    }));
    return this.attempt(input, () => {
      const where = this.placed(input);
      const rec = this.messages.get(input.messageId);
      const kind: InteractionKind = {
        type: InteractionType.ModalSubmit,
        data: { custom_id: input.customId, components },
        ...(rec ? { message: this.messages.build(rec) } : {}),
      };
      return this.create(kind, input.customId, where, rec?.id ?? null);
    });
  }

  /** a component on a message: a message the stand-in knows, or a new bot message carrying it */
  private component(
    input: ComponentInput,
    data: APIMessageComponentInteractionData,
  ): Promise<InteractionResult> {
    return this.attempt(input, () => {
      const where = this.placed(input);
      const channelId =
        where.channelId ?? this.interactions.guild(where.guildId, this.defaultGuildId).channelIds[0] ?? "";
      const rec =
        this.messages.get(input.messageId) ??
        this.messages.store({
          id: input.messageId ?? snowflake(),
          channelId,
          payload: {
            content: "",
            components: [
              {
                type: ComponentType.ActionRow,
                components: [
                  { type: ComponentType.Button, style: 1, label: input.customId, custom_id: input.customId },
                ],
              },
            ],
          },
          files: [],
        });
      if (rec.channelId !== channelId) {
        throw new Error(`stand-in: message ${rec.id} is in channel ${rec.channelId}, not ${channelId}`);
      }
      const kind: InteractionKind = {
        type: InteractionType.MessageComponent,
        data,
        message: this.messages.build(rec),
      };
      return this.create(kind, input.customId, where, rec.id);
    });
  }

  /** the interaction happens where the message it is on is */
  private placed(input: ComponentInput): ComponentInput {
    const known = this.messages.get(input.messageId);
    if (!known || input.channelId !== undefined) return input;
    const guildId = input.guildId ?? this.world.guildOf(known.channelId);
    return { ...input, channelId: known.channelId, ...(guildId ? { guildId } : {}) };
  }

  private create(
    kind: InteractionKind,
    name: string,
    input: ComponentInput | CommandInput,
    source: string | null = null,
  ) {
    return this.interactions.create(kind, name, input, this.defaultGuildId, source);
  }

  private attempt(input: { timeoutMs?: number }, build: () => InteractionState): Promise<InteractionResult> {
    try {
      return this.deliver(build(), input.timeoutMs ?? this.timeoutMs);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private async deliver(state: InteractionState, ms: number): Promise<InteractionResult> {
    const session = await this.changes.until(
      () => this.gateway.readySession(state.payload.guild_id),
      ms,
      () =>
        `a READY gateway connection to deliver the interaction to (did the bot log in${
          state.payload.guild_id ? ` on the shard of guild ${state.payload.guild_id}` : ""
        }?)`,
    );
    const baseline = state.callbacks.length;
    this.gateway.sendDispatch(session, GatewayDispatchEvents.InteractionCreate, state.payload);
    this.changes.changed();
    const callback = await this.changes.until(
      () => state.callbacks[baseline],
      ms,
      () => {
        const seen = this.requests.filter((r) => r.path.includes(state.id) || r.path.includes(state.token));
        return `the bot's callback for interaction ${state.id} (type ${state.type}, "${state.name}"); requests for it: ${
          seen.map((r) => `${r.method} ${r.path}`).join(", ") || "none"
        }`;
      },
    );
    return this.result(state, callback, ms);
  }

  private result(state: InteractionState, record: CallbackRecord, ms: number): InteractionResult {
    const callback: InteractionResult["callback"] = { type: record.type };
    if (record.data !== undefined) callback.data = record.data;
    return {
      interactionId: state.id,
      token: state.token,
      callback,
      files: record.files,
      status: record.status,
      final: async (timeout = ms) => {
        if (record.status >= 300) {
          throw new Error(
            `stand-in: the callback was rejected with HTTP ${record.status}; there is no final content`,
          );
        }
        const onOriginal = [Callback.ChannelMessageWithSource, Callback.UpdateMessage];
        const deferred = [Callback.DeferredChannelMessageWithSource, Callback.DeferredMessageUpdate];
        if (![...onOriginal, ...deferred].includes(record.type)) return structuredClone(record.data);
        const rec = this.messages.get(state.originalMessageId);
        if (!rec) throw new Error("stand-in: interaction has no original message");
        if (deferred.includes(record.type)) {
          await this.changes.until(
            () => rec.edits > state.editBaseline,
            timeout,
            () => `the bot to edit @original of interaction ${state.id} ("${state.name}") after deferring`,
          );
        }
        return structuredClone(rec.payload);
      },
      followUps: () => state.followUps.map((f) => structuredClone(f.payload)),
    };
  }
}
