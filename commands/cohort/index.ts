import { defineCommandWithSubcommands } from "../../src/discord/subcommand";
import create from "./create";
import { end, exportCsv } from "./end";
import list from "./list";
import { add, join, leave, remove } from "./membership";
import status from "./status";

export default defineCommandWithSubcommands({
  name: "cohort",
  description: "Time-boxed cohorts: join, follow, and (moderators) run them",
  subcommands: [create, add, remove, end, exportCsv, join, leave, list, status],
});
