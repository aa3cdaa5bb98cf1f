import { hash, verify } from "@node-rs/argon2";
import { commonPasswords } from "~/auth/common-passwords";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "~/limits";

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH };

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. Algorithm 2 is
// Argon2id (the library's enum is a const enum, which isolated modules cannot import).
const argon2Options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a password nobody has, verified when an email has no account so
 * that a sign-in takes as long whether or not the account exists.
 */
let decoyHash: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<void> {
  decoyHash ??= hashPassword("decoy password that no account has");
  await verifyPassword(await decoyHash, password);
}

/** Returns what is wrong with a new password, in words a person can act on, or null. */
export function describePasswordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters. A short sentence you can remember works well.`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  }
  const lowered = password.toLowerCase();
  if (commonPasswords.has(lowered)) {
    return "That password is too common and easy to guess. Choose another one.";
  }
  if (email && lowered === email.toLowerCase()) {
    return "Your password cannot be your email address.";
  }
  if (new Set(password).size < 4) {
    return "That password repeats too few characters. Choose one that is harder to guess.";
  }
  return null;
}
