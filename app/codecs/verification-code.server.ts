import { randomBytes } from "node:crypto";

/*
 * Verification codes: 80 random bits written as 16 characters of Crockford's
 * base32 (digits and upper-case letters without I, L, O and U), shown in four
 * groups of four: 7K3M-Q9TX-2HCR-VW8P. Typing is forgiving: case, spaces and
 * dashes do not matter, and the letters people mix up with digits (O, I, L)
 * are read as the digits. See docs/decisions/017-verification-codes.md.
 */

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const VERIFICATION_CODE_LENGTH = 16;

/** A new code: 10 random bytes, 5 bits per character. */
export function generateVerificationCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let code = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      code += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return code;
}

const LOOKALIKES: Record<string, string> = { O: "0", I: "1", L: "1" };

/**
 * The code as stored (16 characters, upper case, no dashes), or null when
 * what was typed cannot be a code: wrong length or a character outside the
 * alphabet.
 */
export function normalizeVerificationCode(input: string): string | null {
  if (input.length > 64) return null;
  const compact = input
    .toUpperCase()
    .replace(/[\s\-–—.]/g, "")
    .replace(/[OIL]/g, (c) => LOOKALIKES[c]!);
  if (compact.length !== VERIFICATION_CODE_LENGTH) return null;
  for (const c of compact) if (!ALPHABET.includes(c)) return null;
  return compact;
}

/** The code as people read it: four groups of four. */
export function formatVerificationCode(code: string): string {
  return code.match(/.{1,4}/g)!.join("-");
}

/** What is wrong with a typed code, in words, for the page that asks for one. */
export function describeCodeProblem(input: string): string {
  const compact = input.toUpperCase().replace(/[\s\-–—.]/g, "");
  if (compact.length === 0) return "Enter the verification code from the certificate.";
  const outside = [...new Set([...compact].filter((c) => !ALPHABET.includes(c) && !(c in LOOKALIKES)))];
  if (outside.length > 0) {
    return `A verification code has only digits and the letters A to Z (without U). Check these characters: ${outside.slice(0, 5).join(" ")}.`;
  }
  return `A verification code has ${VERIFICATION_CODE_LENGTH} letters and digits, in four groups of four. You entered ${compact.length}.`;
}
