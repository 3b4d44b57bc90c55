/**
 * What the page shows: every reply (with who ran what) and every channel post, oldest first,
 * and the actions that add to it (commands, buttons, forms, the clock).
 */
import type { CallbackData, InteractionResult, StandIn, UploadedFile } from "../standin";
import { EPHEMERAL } from "../standin";
import type { DemoWorld } from "./world";

export interface FeedItem {
  key: string;
  /** "reply" to an interaction (messageId = interaction id), or a channel "post" */
  kind: "reply" | "post";
  messageId: string;
  channelId: string;
  /** who ran it, e.g. "Ada ran /log hours" */
  caption: string;
  data: CallbackData;
  files: UploadedFile[];
  ephemeral: boolean;
}

export interface PendingModal {
  customId: string;
  title: string;
  channelId: string;
  messageId: string;
  fields: Array<{ id: string; label: string; required: boolean; long: boolean; value: string }>;
}

export interface Feed {
  items: FeedItem[];
  modal: PendingModal | null;
  error: string | null;
  /** channel posts the feed has not shown yet become items */
  collect(): void;
  record(result: InteractionResult, caption: string, channelId: string): Promise<void>;
  file(key: string, index: number): UploadedFile | undefined;
}

export function createFeed(world: DemoWorld): Feed {
  const { standin } = world;
  const seen = new Set(standin.channelMessages.map((m) => m.id));
  const feed: Feed = {
    items: [],
    modal: null,
    error: null,
    collect() {
      for (const m of standin.channelMessages) {
        if (seen.has(m.id)) continue;
        seen.add(m.id);
        const current = standin.message(m.id);
        const data: CallbackData = current
          ? { ...m.body, components: current.components as CallbackData["components"] }
          : m.body;
        feed.items.push({
          key: `p${m.id}`,
          kind: "post",
          messageId: m.id,
          channelId: m.channelId,
          caption: `#${channelName(standin, m.channelId)}`,
          data,
          files: m.files,
          ephemeral: false,
        });
      }
    },
    async record(result, caption, channelId) {
      feed.modal = null;
      const data = result.callback.data;
      if (result.callback.type === 9 && data?.custom_id) {
        feed.modal = modalOf(data, channelId, result.interactionId);
        return;
      }
      const final = (await result.final().catch(() => undefined)) ?? data;
      if (final) {
        feed.items.push({
          key: `r${result.interactionId}`,
          kind: "reply",
          messageId: result.interactionId,
          channelId,
          caption,
          data: final,
          files: [...result.files, ...uploadsOf(standin, result.token)],
          ephemeral: ((final.flags ?? 0) & EPHEMERAL) !== 0,
        });
      }
      result.followUps().forEach((body, i) => {
        feed.items.push({
          key: `f${result.interactionId}-${i}`,
          kind: "reply",
          messageId: result.interactionId,
          channelId,
          caption: `${caption} (follow-up)`,
          data: body,
          files: [],
          ephemeral: ((body.flags ?? 0) & EPHEMERAL) !== 0,
        });
      });
      feed.collect();
    },
    file(key, index) {
      return feed.items.find((i) => i.key === key)?.files[index];
    },
  };
  return feed;
}

export function channelName(standin: StandIn, id: string): string {
  const found = standin.threads.find((t) => t.id === id);
  if (found) return found.body.name;
  return CHANNEL_NAMES.get(id) ?? id;
}

const CHANNEL_NAMES = new Map<string, string>();
export function rememberChannels(channels: Array<{ id: string; name: string }>): void {
  for (const c of channels) CHANNEL_NAMES.set(c.id, c.name);
}

interface TextInput {
  type: number;
  custom_id?: string;
  label?: string;
  style?: number;
  required?: boolean;
  value?: string;
}

function modalOf(data: CallbackData, channelId: string, messageId: string): PendingModal {
  // action rows of text inputs, or (newer modals) label components wrapping one input
  const rows = (data.components ?? []) as Array<{
    components?: TextInput[];
    component?: TextInput;
    label?: string;
  }>;
  const inputs = rows.flatMap<TextInput>(
    (row) =>
      row.components ??
      (row.component ? [{ ...row.component, label: row.label ?? row.component.label ?? "" }] : []),
  );
  return {
    customId: data.custom_id ?? "",
    title: data.title ?? "Form",
    channelId,
    messageId,
    fields: inputs
      .filter((c) => c.custom_id)
      .map((c) => ({
        id: c.custom_id ?? "",
        label: c.label ?? c.custom_id ?? "",
        required: c.required !== false,
        long: c.style === 2,
        value: c.value ?? "",
      })),
  };
}

/** files the bot uploaded with edits of @original (a deferred reply's card arrives this way) */
function uploadsOf(standin: StandIn, token: string): UploadedFile[] {
  const prefix = `/webhooks/${standin.applicationId}/${token}/messages/@original`;
  return standin.requests
    .filter((r) => r.method === "PATCH" && r.path === prefix)
    .flatMap((r) => {
      const files = (r.body as { files?: unknown } | undefined)?.files;
      return Array.isArray(files) ? (files as UploadedFile[]) : [];
    });
}
