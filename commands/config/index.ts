import { defineCommandWithSubcommands } from "../../src/discord/subcommand";
import channel from "./channel";
import { buildTarget, commitment, dailyCap } from "./limits";
import schedule from "./schedule";
import show from "./show";
import { modRole, stackAdd, stackRemove } from "./stacks-roles";
import timezone from "./timezone";

export default defineCommandWithSubcommands({
  name: "config",
  description: "Server settings for shiplog (moderators)",
  moderator: true,
  subcommands: [
    show,
    timezone,
    channel,
    schedule,
    commitment,
    dailyCap,
    buildTarget,
    modRole,
    stackAdd,
    stackRemove,
  ],
});
