import {
  type APIEmbed,
  type AttachmentPayload,
  DiscordAPIError,
  type InteractionReplyOptions,
  MessageFlags,
  RESTJSONErrorCodes,
  type RepliableInteraction,
} from "discord.js";

/** Sent with every reply: user text can never make the bot ping anyone or any role. */
export const NO_MENTIONS = { parse: [] as [], repliedUser: false } as const;

export interface ReplyBody {
  content?: string;
  embeds?: APIEmbed[];
  files?: AttachmentPayload[];
  components?: NonNullable<InteractionReplyOptions["components"]>;
}

/** Discord refuses a second callback for one interaction: the first one got through. */
const alreadyAcknowledged = (error: unknown) =>
  error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged;
/**
 * Anything but Discord's own 4xx refusal (a 5xx after @discordjs/rest's retries, a timeout, a
 * dropped connection) may be gone by now; repeating an idempotent callback is always safe.
 */
const transient = (error: unknown) => !(error instanceof DiscordAPIError);

/**
 * Sends an interaction callback (or an @original edit), both idempotent: a lost answer is
 * retried once, and "already acknowledged" means an earlier attempt was taken, which is
 * success (issue 9: the member reads the real reply, not an error).
 */
async function idempotent(interaction: RepliableInteraction, attempt: () => Promise<unknown>): Promise<void> {
  for (let tries = 1; ; tries++) {
    try {
      await attempt();
      return;
    } catch (error) {
      if (alreadyAcknowledged(error)) {
        interaction.replied = true;
        return;
      }
      if (tries >= 2 || !transient(error)) throw error;
    }
  }
}

async function send(interaction: RepliableInteraction, body: ReplyBody, ephemeral: boolean): Promise<void> {
  const options = { ...body, allowedMentions: { ...NO_MENTIONS, parse: [] } };
  // A deferred reply already chose its visibility when it was deferred.
  if (interaction.deferred && !interaction.replied) {
    await idempotent(interaction, () => interaction.editReply(options));
    return;
  }
  const withFlags = ephemeral ? ({ ...options, flags: MessageFlags.Ephemeral } as const) : options;
  // A follow-up creates a message each time: never retried.
  if (interaction.replied) await interaction.followUp(withFlags);
  else await idempotent(interaction, () => interaction.reply(withFlags));
}

/** A success reply the channel sees: being seen is the accountability (SPEC §3). */
export function replyPublic(interaction: RepliableInteraction, body: ReplyBody): Promise<void> {
  return send(interaction, body, false);
}

/** A reply only the caller sees: errors, /help, /prompt, /config, /privacy. */
export function replyEphemeral(interaction: RepliableInteraction, body: ReplyBody | string): Promise<void> {
  return send(interaction, typeof body === "string" ? { content: body } : body, true);
}
