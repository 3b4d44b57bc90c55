import {
  type APIEmbed,
  type AttachmentPayload,
  type InteractionReplyOptions,
  MessageFlags,
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

async function send(interaction: RepliableInteraction, body: ReplyBody, ephemeral: boolean): Promise<void> {
  const options = { ...body, allowedMentions: { ...NO_MENTIONS, parse: [] } };
  // A deferred reply already chose its visibility when it was deferred.
  if (interaction.deferred && !interaction.replied) await interaction.editReply(options);
  else if (ephemeral) {
    const withFlags = { ...options, flags: MessageFlags.Ephemeral } as const;
    await (interaction.replied ? interaction.followUp(withFlags) : interaction.reply(withFlags));
  } else await (interaction.replied ? interaction.followUp(options) : interaction.reply(options));
}

/** A success reply the channel sees: being seen is the accountability (SPEC §3). */
export function replyPublic(interaction: RepliableInteraction, body: ReplyBody): Promise<void> {
  return send(interaction, body, false);
}

/** A reply only the caller sees: errors, /help, /prompt, /config, /privacy. */
export function replyEphemeral(interaction: RepliableInteraction, body: ReplyBody | string): Promise<void> {
  return send(interaction, typeof body === "string" ? { content: body } : body, true);
}
