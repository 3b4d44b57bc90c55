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
