import { expect } from "vitest";
import { UserError } from "../../src/errors";

/** Runs `fn` and checks it refused with a UserError whose message matches. */
export async function expectUserError(fn: () => unknown, message: RegExp): Promise<void> {
  let thrown: unknown;
  try {
    await fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(UserError);
  expect((thrown as UserError).message).toMatch(message);
}
