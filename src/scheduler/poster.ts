/** The Discord edge the scheduler posts through; tests use the real one against the local stand-in. */
export interface OutgoingEmbed {
  title?: string;
  description?: string;
  color?: number;
}

export interface OutgoingMessage {
  content?: string;
  embeds?: OutgoingEmbed[];
}

export interface Poster {
  post(channelId: string, message: OutgoingMessage): Promise<{ messageId: string }>;
  startThread(channelId: string, messageId: string, name: string): Promise<void>;
}

/** Discord refused the post (missing channel, missing permission, 5xx): a reason fit to show moderators. */
export class PostRejected extends Error {
  override readonly name = "PostRejected";
}
