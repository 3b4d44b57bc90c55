import { defineCommandWithSubcommands } from "../../src/discord/subcommand";
import hours from "./hours";
import project from "./project";
import { logTimeRoutes } from "./time-form";
import undo from "./undo";

export default defineCommandWithSubcommands({
  name: "log",
  description: "Log hours or a shipped project",
  subcommands: [hours, project, undo],
  components: logTimeRoutes,
});
