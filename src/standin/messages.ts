/** Messages the bot posted (in channels or as interaction responses), as Discord stores and shows them. */
import {
  type APIAttachment,
  type APIMessage,
  type APIMessageInteractionMetadata,
  type APIUser,
  ChannelType,
  type MessageFlags,
  MessageType,
} from "discord-api-types/v10";
import { snowflake } from "./payloads";
import type { World } from "./state";
import type { MessageBody, UploadedFile } from "./types";
import { asObject } from "./validate";

const LOADING = 128;

export interface StoredMessage {
  id: string;
  channelId: string;
  author: APIUser;
  payload: MessageBody;
  attachments: APIAttachment[];
  createdAt: string;
  editedAt: string | null;
  /** how many times it was edited: a deferred reply is final once this grows */
  edits: number;
  loading: boolean;
  type: MessageType;
  /** set on interaction responses and follow-ups */
  interaction: APIMessageInteractionMetadata | null;
}

export interface NewMessage {
  channelId: string;
  payload: MessageBody;
  files: UploadedFile[];
  id?: string;
  type?: MessageType;
  loading?: boolean;
  interaction?: APIMessageInteractionMetadata;
}

export class Messages {
  private readonly byId = new Map<string, StoredMessage>();
  /** uploaded files by attachment id, served under /attachments/{id}/{filename} */
  readonly files = new Map<string, UploadedFile>();
  /** where attachments are served from; set once the server listens */
  baseUrl = "";

  constructor(private readonly world: World) {}

  get(id: string | null | undefined): StoredMessage | undefined {
    return id ? this.byId.get(id) : undefined;
  }

  /** a channel's messages, oldest first */
  inChannel(channelId: string): StoredMessage[] {
    return [...this.byId.values()]
      .filter((m) => m.channelId === channelId)
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  store(init: NewMessage): StoredMessage {
    const rec: StoredMessage = {
      id: init.id ?? snowflake(),
      channelId: init.channelId,
      author: this.world.botUser,
      payload: structuredClone(init.payload),
      attachments: this.attach(init.files, init.payload),
      createdAt: new Date().toISOString(),
      editedAt: null,
      edits: 0,
      loading: init.loading ?? false,
      type: init.type ?? MessageType.Default,
      interaction: init.interaction ?? null,
    };
    this.byId.set(rec.id, rec);
    const channel = this.world.channels.get(rec.channelId);
    if (channel) channel.last_message_id = rec.id;
    return rec;
  }

  /** DELETE: gone from the channel, as Discord does (recorded requests keep what was sent) */
  remove(id: string): void {
    this.byId.delete(id);
  }

  edit(rec: StoredMessage, payload: MessageBody, files: UploadedFile[]): void {
    const { attachments: _kept, ...rest } = payload;
    if (files.length > 0 || Array.isArray(payload.attachments)) {
      rec.attachments = this.attach(files, payload, rec.attachments);
    }
    rec.payload = { ...rec.payload, ...structuredClone(rest) };
    rec.editedAt = new Date().toISOString();
    rec.loading = false;
    rec.edits += 1;
  }

  /** the message object Discord returns and sends for a stored message */
  build(rec: StoredMessage): APIMessage {
    const payload = rec.payload;
    const guildId = this.world.guildOf(rec.channelId);
    const message: APIMessage = {
      id: rec.id,
      channel_id: rec.channelId,
      author: structuredClone(rec.author),
      content: payload.content ?? "",
      timestamp: rec.createdAt,
      edited_timestamp: rec.editedAt,
      tts: payload.tts === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: structuredClone(rec.attachments),
      embeds: structuredClone(payload.embeds ?? []),
      components: structuredClone(payload.components ?? []),
      pinned: false,
      type: rec.type,
      flags: ((payload.flags ?? 0) | (rec.loading ? LOADING : 0)) as MessageFlags,
    };
    if (rec.interaction) {
      message.webhook_id = this.world.applicationId;
      message.application_id = this.world.applicationId;
      message.interaction_metadata = structuredClone(rec.interaction);
    }
    const reference = asObject(payload.message_reference);
    if (reference) {
      message.message_reference = {
        channel_id: rec.channelId,
        ...(guildId ? { guild_id: guildId } : {}),
        ...reference,
      };
    }
    const thread = this.world.channels.get(rec.id);
    if (thread?.type === ChannelType.PublicThread) message.thread = structuredClone(thread);
    return message;
  }

  /** attachments after an upload: the kept ones (listed in payload.attachments by id) plus the new files */
  private attach(
    files: UploadedFile[],
    payload: MessageBody,
    existing: APIAttachment[] = [],
  ): APIAttachment[] {
    const meta = payload.attachments?.map(asObject);
    const listed = (id: unknown) => meta?.find((m) => m !== undefined && String(m.id) === String(id));
    const kept = meta ? existing.filter((a) => listed(a.id) !== undefined) : existing;
    const added = files.map((file, index) => {
      const info = listed(/^files\[(\d+)\]$/.exec(file.name)?.[1] ?? String(index));
      const id = snowflake();
      this.files.set(id, file);
      const url = `${this.baseUrl}/attachments/${id}/${encodeURIComponent(file.filename)}`;
      const attachment: APIAttachment = {
        id,
        filename: file.filename,
        size: file.data.length,
        url,
        proxy_url: url,
      };
      if (file.contentType) attachment.content_type = file.contentType;
      if (typeof info?.description === "string") attachment.description = info.description;
      return attachment;
    });
    return [...kept, ...added];
  }
}
