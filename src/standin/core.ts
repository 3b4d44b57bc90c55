import type { DirectMessages } from "./dms";
import type { NonceWindow } from "./faults";
import type { Gateway } from "./gateway";
import type { Interactions } from "./interactions";
import type { Messages } from "./messages";
import type { World } from "./state";
import type { ChannelMessage, ThreadRecord } from "./types";

/** The parts of the stand-in the REST routes work on. */
export interface Core {
  world: World;
  messages: Messages;
  interactions: Interactions;
  gateway: Gateway;
  channelMessages: ChannelMessage[];
  threads: ThreadRecord[];
  dms: DirectMessages;
  /** message nonces sent with enforce_nonce, as Discord deduplicates them */
  nonces: NonceWindow;
}
