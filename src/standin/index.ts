/**
 * The local Discord stand-in: the real bot (or any discord.js client) runs against it with no token
 * and no network. Used by the e2e tests, and by `npm run demo` (SPEC §7).
 */
export {
  BOOLEAN,
  BOT_PERMISSIONS,
  CHANNEL,
  EPHEMERAL,
  INTEGER,
  MANAGER_PERMISSIONS,
  MEMBER_PERMISSIONS,
  NUMBER,
  opt,
  ROLE,
  STRING,
  snowflake,
  sub,
  USER,
} from "./payloads";
export { startStandIn } from "./standin";
export type {
  CallbackData,
  ChannelMessage,
  CommandInput,
  ComponentInput,
  GuildOptions,
  InteractionInput,
  InteractionResult,
  MessageBody,
  RecordedRequest,
  StandIn,
  StandInOptions,
  ThreadRecord,
  UploadedFile,
} from "./types";
