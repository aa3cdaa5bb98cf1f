import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getCredentialKey } from "~/config.server";

/*
 * A queued mail holds live link tokens (an invitation, a password reset),
 * which the database otherwise stores only as hashes so that a copy of it
 * opens nothing. The body is therefore sealed with AES-256-GCM under a key
 * derived from CREDENTIAL_KEY (kept apart from backups), bound to its outbox
 * row, and erased once the mail is delivered (decision 029).
 */

export interface MailBody {
  text: string;
  html: string;
  /** Extra headers, e.g. List-Unsubscribe (its link carries a token too). */
  headers: Record<string, string>;
}

const VERSION = "v1";

function sealingKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", getCredentialKey(), Buffer.alloc(0), "peer-support-training/outbox-body/v1", 32));
}

export function sealMailBody(body: MailBody, outboxId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(), iv);
  cipher.setAAD(Buffer.from(`outbox:${outboxId}`, "utf8"));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(body), "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), sealed.toString("base64url")].join(".");
}

/** The body, or null when it cannot be opened (CREDENTIAL_KEY is not the one it was sealed with). */
export function openMailBody(stored: string, outboxId: string): MailBody | null {
  const [version, iv, tag, sealed] = stored.split(".");
  if (version !== VERSION || !iv || !tag || !sealed) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(`outbox:${outboxId}`, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return JSON.parse(Buffer.concat([decipher.update(Buffer.from(sealed, "base64url")), decipher.final()]).toString("utf8")) as MailBody;
  } catch {
    return null;
  }
}
