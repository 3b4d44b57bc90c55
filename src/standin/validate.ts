/**
 * The checks Discord applies to what a bot sends, answered the way Discord answers them
 * (50035 Invalid Form Body with the path of the bad field, 50006 empty message).
 */
import type { RESTPutAPIApplicationCommandsJSONBody } from "discord-api-types/v10";
import type { MessageBody } from "./types";

export type Json = Record<string, unknown>;

/** An HTTP answer; a route returns one, or a value it narrowed the request to. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

export function discordError(status: number, code: number, message: string): Reply {
  return new Reply(status, { message, code });
}

export function formError(path: Array<string | number>, code: string, message: string): Reply {
  let errors: Json = { _errors: [{ code, message }] };
  for (const key of [...path].reverse()) errors = { [String(key)]: errors };
  return new Reply(400, { message: "Invalid Form Body", code: 50035, errors });
}

export function asObject(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export const SNOWFLAKE_RE = /^\d{17,20}$/;

function nonEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

const CHAT_NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const REQUIRED = "This field is required";
type Path = Array<string | number>;

function validateName(name: unknown, path: Path, chatInput: boolean): Reply | null {
  if (typeof name !== "string") return formError(path, "BASE_TYPE_REQUIRED", REQUIRED);
  if (chatInput && (!CHAT_NAME_RE.test(name) || name !== name.toLowerCase())) {
    return formError(
      path,
      "APPLICATION_COMMAND_INVALID_NAME",
      `Command name is invalid: ${JSON.stringify(name)}`,
    );
  }
  if (name.length < 1 || name.length > 32) {
    return formError(path, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.");
  }
  return null;
}

function validateDescription(description: unknown, path: Path): Reply | null {
  if (typeof description !== "string") return formError(path, "BASE_TYPE_REQUIRED", REQUIRED);
  if (description.length < 1 || description.length > 100) {
    return formError(path, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
  }
  return null;
}

const INVALID_TYPE = "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID";

function validateSubcommand(option: Json, here: Path, depth: number): Reply | null {
  if ((option.type === 2 && depth > 0) || depth > 1) {
    return formError([...here, "type"], INVALID_TYPE, "Subcommands nested too deep");
  }
  if (
    option.type === 2 &&
    Array.isArray(option.options) &&
    option.options.some((o) => asObject(o)?.type !== 1)
  ) {
    return formError([...here, "options"], INVALID_TYPE, "Groups may only contain subcommands");
  }
  return validateOptions(option.options, [...here, "options"], depth + 1);
}

function validateLeaf(option: Json, here: Path, sawOptional: boolean): Reply | null {
  if (option.required === true && sawOptional) {
    return formError(
      [...here, "required"],
      "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
      "Required options must be placed before non-required options",
    );
  }
  if (Array.isArray(option.choices) && option.choices.length > 25) {
    return formError([...here, "choices"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
  }
  if (option.autocomplete === true && nonEmptyArray(option.choices)) {
    return formError(
      [...here, "autocomplete"],
      "APPLICATION_COMMAND_OPTIONS_AUTOCOMPLETE_INVALID",
      "Autocomplete options may not have choices",
    );
  }
  return null;
}

function validateOptions(options: unknown, path: Path, depth: number): Reply | null {
  if (options === undefined || options === null) return null;
  if (!Array.isArray(options)) return formError(path, "BASE_TYPE_ARRAY", "Must be an array");
  if (options.length > 25) return formError(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
  const names = new Set<string>();
  let sawOptional = false;
  let sawSub = false;
  let sawLeaf = false;
  for (const [index, raw] of options.entries()) {
    const here = [...path, index];
    const option = asObject(raw);
    if (!option) return formError(here, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    const err =
      validateName(option.name, [...here, "name"], true) ??
      validateDescription(option.description, [...here, "description"]);
    if (err) return err;
    const name = String(option.name);
    if (names.has(name)) {
      return formError(
        [...here, "name"],
        "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
        "Option names must be unique",
      );
    }
    names.add(name);
    const type = option.type;
    if (typeof type !== "number" || type < 1 || type > 11) {
      return formError([...here, "type"], "BASE_TYPE_CHOICES", "Value must be one of {1..11}.");
    }
    const isSub = type === 1 || type === 2;
    sawSub ||= isSub;
    sawLeaf ||= !isSub;
    const invalid = isSub ? validateSubcommand(option, here, depth) : validateLeaf(option, here, sawOptional);
    if (invalid) return invalid;
    if (!isSub && option.required !== true) sawOptional = true;
  }
  if (sawSub && sawLeaf)
    return formError(path, INVALID_TYPE, "Subcommands cannot be mixed with other options");
  return null;
}

function validateCommand(raw: unknown, path: Path): Reply | null {
  const command = asObject(raw);
  if (!command) return formError(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
  const type = typeof command.type === "number" ? command.type : 1;
  if (type === 1) {
    return (
      validateName(command.name, [...path, "name"], true) ??
      validateDescription(command.description, [...path, "description"]) ??
      validateOptions(command.options, [...path, "options"], 0)
    );
  }
  return validateName(command.name, [...path, "name"], false);
}

/** The body of PUT .../commands, narrowed to a list of command objects, or Discord's refusal. */
export function checkCommandList(body: unknown): RESTPutAPIApplicationCommandsJSONBody | Reply {
  if (!Array.isArray(body)) return formError([], "BASE_TYPE_ARRAY", "Must be an array");
  if (body.length > 100) return formError([], "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.");
  const seen = new Set<string>();
  for (const [index, raw] of body.entries()) {
    const err = validateCommand(raw, [index]);
    if (err) return err;
    const command = asObject(raw) ?? {};
    const key = `${typeof command.type === "number" ? command.type : 1}:${String(command.name)}`;
    if (seen.has(key)) {
      return formError(
        [index, "name"],
        "APPLICATION_COMMANDS_DUPLICATE_NAME",
        "Application command names must be unique",
      );
    }
    seen.add(key);
  }
  // each entry passed the checks Discord applies; the rest is Discord's own schema
  return body as RESTPutAPIApplicationCommandsJSONBody;
}

/**
 * A message payload narrowed to a MessageBody, or Discord's refusal. Only the fields Discord rejects
 * in practice are checked; `creating` adds the empty-message check.
 */
export function checkMessage(
  payload: Json,
  fileCount: number,
  path: string[],
  creating: boolean,
): MessageBody | Reply {
  const content = payload.content;
  if (content !== undefined && content !== null && typeof content !== "string") {
    return formError([...path, "content"], "BASE_TYPE_BAD_TYPE", "Must be a string.");
  }
  if (typeof content === "string" && content.length > 2000) {
    return formError([...path, "content"], "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.");
  }
  for (const [field, max] of [
    ["embeds", 10],
    ["components", 40],
  ] as const) {
    const value = payload[field];
    if (value !== undefined && !Array.isArray(value)) {
      return formError([...path, field], "BASE_TYPE_ARRAY", "Must be an array");
    }
    if (Array.isArray(value) && value.length > max) {
      return formError([...path, field], "BASE_TYPE_MAX_LENGTH", `Must be ${max} or fewer in length.`);
    }
  }
  if (payload.flags !== undefined && typeof payload.flags !== "number") {
    return formError([...path, "flags"], "NUMBER_TYPE_COERCE", "Value is not int.");
  }
  if (creating) {
    const empty =
      !(typeof content === "string" && content.length > 0) &&
      !nonEmptyArray(payload.embeds) &&
      !nonEmptyArray(payload.components) &&
      !nonEmptyArray(payload.sticker_ids) &&
      payload.poll === undefined &&
      fileCount === 0;
    if (empty) return discordError(400, 50006, "Cannot send an empty message");
  }
  // the shape checks above are the ones that matter to the stand-in; the rest is Discord's own schema
  return payload as MessageBody;
}
