import type { z } from "zod";
import { UserError } from "./errors";

/**
 * Validates user input with a zod schema whose messages are written for users;
 * the first problem becomes a UserError (shown ephemerally, nothing stored).
 */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new UserError(result.error.issues[0]?.message ?? "That input is not valid.");
}
