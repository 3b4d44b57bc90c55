/**
 * An error the user can fix. Its message is shown to them verbatim (ephemerally),
 * so it must say what was wrong and how to fix it. Anything that is not a UserError
 * is treated as unexpected by the interaction boundary and never shown.
 */
export class UserError extends Error {
  override readonly name = "UserError";
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/**
 * Discord sent something this version does not handle: a command or subcommand from a
 * stale registration, an old button, a menu or form shiplog no longer has. Answered
 * with its message like a user error, never with the error-id apology.
 */
export class Outdated extends UserError {}

export const OUTDATED_COMMAND =
  "This command is outdated — Discord is still showing an old version of shiplog's commands. Reload Discord (Ctrl+R, or reopen the app) and run `/help` to see the current ones.";
export const OUTDATED_COMPONENT = "This menu or form is outdated — run the command again.";
