import { option } from "../../src/discord/options";

/** The cohort a subcommand acts on, picked from the server's cohorts. */
export const cohortName = <const N extends "name" | "cohort">(name: N) =>
  option.string(name, "The cohort", { required: true, autocomplete: true, max_length: 60 });

export const memberOption = option.user("member", "The member", { required: true });
