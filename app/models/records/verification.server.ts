import { createHash } from "node:crypto";
import { getDb } from "~/db.server";
import { VERIFICATION_MISS_LIMIT } from "~/limits";
import { recordStatus, type RecordStatus, type RecordSummary } from "~/models/records/record-status";
import { formatVerificationCode, normalizeVerificationCode } from "~/codecs/verification-code.server";

/*
 * The public side of completion records: anyone with a code sees what the
 * record says and whether it still holds. Codes are 80 random bits, so
 * guessing one is hopeless; the limit below makes trying also slow and
 * visible. Counts live in the database (table verification_misses), so they
 * hold across restarts and for every server process. See
 * docs/decisions/017-verification-codes.md.
 */

export const VERIFICATION_WINDOW_MINUTES = 15;

/** Addresses are kept only as a hash: the count needs to tell them apart, not to know them. */
function addressKey(address: string): string {
  return `address:${createHash("sha256").update(`verification-miss:${address}`).digest("hex").slice(0, 32)}`;
}

function windowStart(now: Date): string {
  return new Date(now.getTime() - VERIFICATION_WINDOW_MINUTES * 60_000).toISOString();
}

/** Minutes until the address may try again, or 0 when it may now. */
export async function verificationWaitMinutes(address: string, now = new Date()): Promise<number> {
  const rows = await getDb()
    .selectFrom("verification_misses")
    .select("at")
    .where("key", "=", addressKey(address))
    .where("at", ">", windowStart(now))
    .orderBy("at", "desc")
    .limit(VERIFICATION_MISS_LIMIT)
    .execute();
  if (rows.length < VERIFICATION_MISS_LIMIT) return 0;
  // The oldest miss that still counts leaves the window first.
  const oldest = new Date(rows.at(-1)!.at).getTime();
  return Math.max(1, Math.ceil((oldest + VERIFICATION_WINDOW_MINUTES * 60_000 - now.getTime()) / 60_000));
}

export async function recordVerificationMiss(address: string, now = new Date()): Promise<void> {
  await getDb().insertInto("verification_misses").values({ key: addressKey(address), at: now.toISOString() }).execute();
  await getDb().deleteFrom("verification_misses").where("at", "<=", windowStart(now)).execute();
}

export interface PublicRecord {
  code: string;
  status: RecordStatus;
  holderName: string;
  programmeTitle: string;
  programmeDescription: string;
  organizationName: string;
  organizationId: string;
  issuedAt: string;
  validUntil: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  criteria: string;
  competencies: RecordSummary["competencies"];
  modules: RecordSummary["modules"];
  signedOff: boolean;
}

/** What the verification page shows of the record with this stored code. Nothing private: no email, no evidence. */
export async function findPublicRecord(code: string, now = new Date()): Promise<PublicRecord | undefined> {
  const row = await getDb()
    .selectFrom("completion_records")
    .select([
      "verification_code",
      "holder_name",
      "programme_title",
      "organization_name",
      "organization_id",
      "issued_at",
      "valid_until",
      "revoked_at",
      "revoke_reason",
      "summary",
    ])
    .where("verification_code", "=", code)
    .executeTakeFirst();
  if (!row) return undefined;
  const summary = JSON.parse(row.summary) as RecordSummary;
  return {
    code: formatVerificationCode(row.verification_code),
    status: recordStatus(row, now),
    holderName: row.holder_name,
    programmeTitle: row.programme_title,
    programmeDescription: summary.description,
    organizationName: row.organization_name,
    organizationId: row.organization_id,
    issuedAt: row.issued_at,
    validUntil: row.valid_until,
    revokedAt: row.revoked_at,
    revokeReason: row.revoke_reason,
    criteria: summary.criteria,
    competencies: summary.competencies,
    modules: summary.modules,
    signedOff: summary.signOff !== null,
  };
}

export type VerificationOutcome =
  | { kind: "found"; record: PublicRecord }
  | { kind: "not-found"; malformed: boolean }
  | { kind: "wait"; minutes: number };

/**
 * Looks a typed code up for one address. An address that asked for too many
 * unknown codes lately must wait, whatever it asks for next: otherwise a hit
 * among its guesses would still show.
 */
export async function verifyCode(input: { code: string; address: string }, now = new Date()): Promise<VerificationOutcome> {
  const minutes = await verificationWaitMinutes(input.address, now);
  if (minutes > 0) return { kind: "wait", minutes };
  const code = normalizeVerificationCode(input.code);
  // Something that cannot be a code is a typing slip, not a guess: it finds nothing and costs nothing.
  if (code === null) return { kind: "not-found", malformed: true };
  const record = await findPublicRecord(code, now);
  if (record) return { kind: "found", record };
  await recordVerificationMiss(input.address, now);
  return { kind: "not-found", malformed: false };
}
