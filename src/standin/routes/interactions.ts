/**
 * Interaction callbacks and the interaction webhook (follow-ups, @original), answered like Discord:
 * 10062 unknown interaction, 40060 already acknowledged, 10015 unknown webhook, 50035 bad bodies.
 * No Authorization header here: the token in the path is the credential.
 */
import {
  type APIMessageInteractionMetadata,
  type APIModalInteractionResponseCallbackData,
  ApplicationIntegrationType,
  InteractionResponseType as Callback,
  InteractionType,
  MessageType,
} from "discord-api-types/v10";
import type { Core } from "../core";
import { json, noContent, type Route, type RouteContext, route } from "../http";
import type { CallbackRecord, InteractionState } from "../interactions";
import type { StoredMessage } from "../messages";
import { EPHEMERAL } from "../payloads";
import type { CallbackData, MessageBody, UploadedFile } from "../types";
import { asObject, checkMessage, discordError, formError, type Json, Reply } from "../validate";

type ModalComponents = APIModalInteractionResponseCallbackData["components"];

/** interaction type -> callback types Discord accepts for it */
const ALLOWED: Partial<Record<InteractionType, Callback[]>> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9, 10, 12],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9, 10, 12],
  [InteractionType.ApplicationCommandAutocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7, 10, 12],
};

/** a message callback's `data` narrowed, or Discord's refusal */
function messageData(raw: Json | undefined, files: number, creating: boolean): Narrowed | Reply {
  if (raw === undefined && !creating) return {};
  const message = checkMessage(raw ?? {}, files, ["data"], creating);
  return message instanceof Reply ? message : { data: message, message };
}

interface Narrowed {
  data?: CallbackData;
  /** the same data when the callback carries a message */
  message?: MessageBody;
}

/** a callback's `data` narrowed for its type, or Discord's refusal */
function callbackData(type: Callback, raw: Json | undefined, files: number): Narrowed | Reply {
  switch (type) {
    case Callback.ChannelMessageWithSource:
      return messageData(raw, files, true);
    case Callback.ApplicationCommandAutocompleteResult: {
      const choices = raw?.choices;
      if (!Array.isArray(choices))
        return formError(["data", "choices"], "BASE_TYPE_REQUIRED", "This field is required");
      if (choices.length > 25) {
        return formError(["data", "choices"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
      }
      for (const [i, choice] of choices.entries()) {
        const name = asObject(choice)?.name;
        if (typeof name !== "string" || name.length < 1 || name.length > 100) {
          return formError(
            ["data", "choices", i, "name"],
            "BASE_TYPE_BAD_LENGTH",
            "Must be between 1 and 100 in length.",
          );
        }
      }
      return { data: { choices } };
    }
    case Callback.Modal:
      if (typeof raw?.custom_id !== "string" || typeof raw.title !== "string") {
        return formError(["data"], "BASE_TYPE_REQUIRED", "custom_id and title are required");
      }
      if (!Array.isArray(raw.components)) {
        return formError(["data", "components"], "BASE_TYPE_REQUIRED", "This field is required");
      }
      // the form's fields are passed on as given: the bot's modals are Discord's schema, not the stand-in's
      return {
        data: { custom_id: raw.custom_id, title: raw.title, components: raw.components as ModalComponents },
      };
    default:
      return messageData(raw, files, false);
  }
}

export function interactionRoutes(core: Core): Route[] {
  const { world, messages, interactions } = core;
  const responseType = (state: InteractionState) =>
    state.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default;
  const metadata = (state: InteractionState): APIMessageInteractionMetadata => {
    const base = {
      id: state.id,
      user: world.ensureUser(state.userId),
      authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: state.guildId },
    };
    const command = { ...base, type: InteractionType.ApplicationCommand } as const;
    if (state.type === InteractionType.MessageComponent) {
      return { ...base, type: state.type, interacted_message_id: state.sourceMessageId ?? "" };
    }
    if (state.type === InteractionType.ModalSubmit) {
      return { ...base, type: state.type, triggering_interaction_metadata: command };
    }
    return command;
  };

  /** the effect of an accepted callback on @original */
  const apply = (
    state: InteractionState,
    type: Callback,
    data: MessageBody | undefined,
    files: UploadedFile[],
  ): Reply | null => {
    if (type === Callback.ChannelMessageWithSource || type === Callback.DeferredChannelMessageWithSource) {
      const deferred = type === Callback.DeferredChannelMessageWithSource;
      const flags = (data?.flags ?? 0) & EPHEMERAL;
      const rec = messages.store({
        channelId: state.channelId,
        payload: deferred ? (flags ? { flags } : {}) : (data ?? {}),
        files: deferred ? [] : files,
        type: responseType(state),
        loading: deferred,
        interaction: metadata(state),
      });
      state.originalMessageId = rec.id;
    } else if (type === Callback.DeferredMessageUpdate || type === Callback.UpdateMessage) {
      const rec = messages.get(state.sourceMessageId);
      if (!rec) return discordError(400, 40061, "The interaction has no message to update");
      state.originalMessageId = rec.id;
      if (type === Callback.UpdateMessage) messages.edit(rec, data ?? {}, files);
      state.editBaseline = rec.edits;
    }
    return null;
  };

  const onCallback = (ctx: RouteContext): Reply => {
    const state = interactions.byId.get(ctx.param("id"));
    if (!state || state.token !== ctx.param("token")) return discordError(404, 10062, "Unknown interaction");
    const type: Callback = typeof ctx.payload.type === "number" ? ctx.payload.type : -1;
    const narrowed = callbackData(type, asObject(ctx.payload.data), ctx.files.length);
    const record: CallbackRecord = { type, files: ctx.files, status: 0 };
    if ("data" in ctx.payload && !(narrowed instanceof Reply) && narrowed.data) {
      record.data = structuredClone(narrowed.data);
    }
    state.callbacks.push(record);
    let reply: Reply;
    if (!(ALLOWED[state.type] ?? []).includes(type)) {
      reply = formError(
        ["type"],
        "INTERACTION_RESPONSE_TYPE_INVALID",
        `Callback type ${type} is not valid for interaction type ${state.type}`,
      );
    } else if (state.acked) {
      reply = discordError(400, 40060, "Interaction has already been acknowledged.");
    } else if (narrowed instanceof Reply) {
      reply = narrowed;
    } else {
      reply = apply(state, type, narrowed.message, ctx.files) ?? noContent;
      if (reply === noContent) state.acked = true;
    }
    record.status = reply.status;
    if (reply.status >= 300 || ctx.req.query.get("with_response") !== "true") return reply;
    return json(withResponse(state, type));
  };

  const withResponse = (state: InteractionState, type: Callback) => {
    const original = messages.get(state.originalMessageId);
    return {
      interaction: {
        id: state.id,
        type: state.type,
        ...(original
          ? {
              response_message_id: original.id,
              response_message_loading: original.loading,
              response_message_ephemeral: ((original.payload.flags ?? 0) & EPHEMERAL) !== 0,
            }
          : {}),
      },
      resource: {
        type,
        ...(original && (type === Callback.ChannelMessageWithSource || type === Callback.UpdateMessage)
          ? { message: messages.build(original) }
          : {}),
      },
    };
  };

  const webhookState = (ctx: RouteContext): InteractionState | Reply => {
    const state = interactions.byToken.get(ctx.param("token"));
    if (ctx.param("app") !== world.applicationId || !state)
      return discordError(404, 10015, "Unknown Webhook");
    return state;
  };
  /** a message of this interaction: @original or one of its follow-ups */
  const webhookMessage = (ctx: RouteContext): { state: InteractionState; rec: StoredMessage } | Reply => {
    const state = webhookState(ctx);
    if (state instanceof Reply) return state;
    const ref = ctx.param("message");
    const id = ref === "@original" ? state.originalMessageId : ref;
    const owned = id !== null && (id === state.originalMessageId || state.followUps.some((f) => f.id === id));
    const rec = messages.get(id);
    return owned && rec ? { state, rec } : discordError(404, 10008, "Unknown Message");
  };

  return [
    route("POST", "/interactions/:id/:token/callback", false, onCallback),
    route("POST", "/webhooks/:app/:token", false, (ctx) => {
      const state = webhookState(ctx);
      if (state instanceof Reply) return state;
      if (!state.acked) return discordError(404, 10015, "Unknown Webhook");
      const body = checkMessage(ctx.payload, ctx.files.length, [], true);
      if (body instanceof Reply) return body;
      const rec = messages.store({
        channelId: state.channelId,
        payload: body,
        files: ctx.files,
        type: responseType(state),
        interaction: metadata(state),
      });
      state.followUps.push({ id: rec.id, payload: structuredClone(body), files: ctx.files });
      return ctx.req.query.get("wait") === "true" ? json(messages.build(rec)) : noContent;
    }),
    route("GET", "/webhooks/:app/:token/messages/:message", false, (ctx) => {
      const found = webhookMessage(ctx);
      return found instanceof Reply ? found : json(messages.build(found.rec));
    }),
    route("PATCH", "/webhooks/:app/:token/messages/:message", false, (ctx) => {
      const found = webhookMessage(ctx);
      if (found instanceof Reply) return found;
      const body = checkMessage(ctx.payload, ctx.files.length, [], false);
      if (body instanceof Reply) return body;
      messages.edit(found.rec, body, ctx.files);
      return json(messages.build(found.rec));
    }),
  ];
}
