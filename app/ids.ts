/*
 * The shape of every row id (`generateId` in auth/tokens.server.ts: 80 random
 * bits as 16 lower-case base32 characters), written once. Forms, filters and
 * public endpoints check a value against it before any query runs.
 */

/** The id as a piece of a larger pattern. */
export const ID_SOURCE = "[a-z2-7]{16}";

export const ID_PATTERN = new RegExp(`^${ID_SOURCE}$`);

export function isId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}
