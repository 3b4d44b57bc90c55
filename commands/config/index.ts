import { defineCommandWithSubcommands } from "../../src/discord/subcommand";
import channel from "./channel";
import { buildTarget, commitment, dailyCap } from "./limits";
import preview from "./preview";
import schedule from "./schedule";
import show from "./show";
import stackRole from "./stack-role";
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
    preview,
    commitment,
    dailyCap,
    buildTarget,
    modRole,
    stackAdd,
    stackRemove,
    stackRole,
  ],
});
