import { createHash, randomBytes } from "node:crypto";

/** Identifiers for rows: 80 random bits, lower-case base32. */
export function generateId(): string {
  return toBase32(randomBytes(10));
}

/**
 * A secret for a link (invitation, password reset). Only its hash is stored,
 * so a copy of the database cannot be used to accept invitations.
 */
export function createSecretToken(): { token: string; tokenHash: string } {
  const token = toBase32(randomBytes(20));
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const alphabet = "abcdefghijklmnopqrstuvwxyz234567";

function toBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let output = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += alphabet[(value << (5 - bits)) & 31];
  return output;
}
