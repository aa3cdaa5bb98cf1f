import { getDb } from "~/db.server";
import type { CompletionRecordTable } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { csvDocument } from "~/codecs/csv";
import { buildStatusListCredential } from "~/codecs/credential.server";
import { recordStatus, type RecordStatus, type RecordSummary } from "~/models/records/record-status";
import { formatVerificationCode } from "~/codecs/verification-code.server";

/* Listing, reading and exporting completion records; issuing and revoking are in record-issuing.server.ts. */

export interface RecordListItem {
  id: string;
  holderId: string;
  holderName: string;
  programmeId: string;
  programmeTitle: string;
  issuedAt: string;
  validUntil: string | null;
  status: RecordStatus;
  revokedAt: string | null;
  revokeReason: string | null;
  code: string;
}

function toListItem(row: Pick<CompletionRecordTable, "id" | "user_id" | "holder_name" | "programme_id" | "programme_title" | "issued_at" | "valid_until" | "revoked_at" | "revoke_reason" | "verification_code">, now: Date): RecordListItem {
  return {
    id: row.id,
    holderId: row.user_id,
    holderName: row.holder_name,
    programmeId: row.programme_id,
    programmeTitle: row.programme_title,
    issuedAt: row.issued_at,
    validUntil: row.valid_until,
    status: recordStatus(row, now),
    revokedAt: row.revoked_at,
    revokeReason: row.revoke_reason,
    code: formatVerificationCode(row.verification_code),
  };
}

export interface RecordFilters {
  programmeId?: string;
  cohortId?: string;
  status?: RecordStatus;
}

const LIST_COLUMNS = [
  "completion_records.id",
  "completion_records.user_id",
  "completion_records.holder_name",
  "completion_records.programme_id",
  "completion_records.programme_title",
  "completion_records.issued_at",
  "completion_records.valid_until",
  "completion_records.revoked_at",
  "completion_records.revoke_reason",
  "completion_records.verification_code",
] as const;

/** The organization's records, newest first, filtered by programme, cohort (its trainees) and status. */
export async function listCompletionRecords(organizationId: string, filters: RecordFilters = {}, now = new Date()): Promise<RecordListItem[]> {
  const nowIso = now.toISOString();
  let query = getDb().selectFrom("completion_records").select(LIST_COLUMNS).where("completion_records.organization_id", "=", organizationId);
  if (filters.programmeId) query = query.where("completion_records.programme_id", "=", filters.programmeId);
  if (filters.cohortId) {
    const cohortId = filters.cohortId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("cohort_members")
          .innerJoin("cohorts", "cohorts.id", "cohort_members.cohort_id")
          .select("cohort_members.user_id")
          .whereRef("cohort_members.user_id", "=", "completion_records.user_id")
          .where("cohort_members.cohort_id", "=", cohortId)
          .where("cohort_members.role", "=", "trainee")
          .where("cohorts.organization_id", "=", organizationId),
      ),
    );
  }
  if (filters.status === "revoked") query = query.where("completion_records.revoked_at", "is not", null);
  if (filters.status === "expired") query = query.where("completion_records.revoked_at", "is", null).where("completion_records.valid_until", "<=", nowIso);
  if (filters.status === "valid") {
    query = query
      .where("completion_records.revoked_at", "is", null)
      .where((eb) => eb.or([eb("completion_records.valid_until", "is", null), eb("completion_records.valid_until", ">", nowIso)]));
  }
  const rows = await query.orderBy("completion_records.issued_at", "desc").orderBy("completion_records.id").execute();
  return rows.map((row) => toListItem(row, now));
}

/** The records as CSV for a spreadsheet: UTF-8 with a BOM, one row per record, formulas neutralized. */
export function completionRecordsAsCsv(records: readonly RecordListItem[], origin: string): string {
  const header = ["Holder", "Programme", "Issued (UTC)", "Valid until (UTC)", "Status", "Revoked (UTC)", "Reason for revoking", "Verification code", "Verification page"];
  const lines = records.map((r) => [
    r.holderName,
    r.programmeTitle,
    r.issuedAt.slice(0, 10),
    r.validUntil?.slice(0, 10) ?? "does not expire",
    r.status,
    r.revokedAt?.slice(0, 10) ?? "",
    r.revokeReason ?? "",
    r.code,
    `${origin}/verify/${r.code}`,
  ]);
  return csvDocument([header, ...lines]);
}

/** One person's records in this organization, newest first. */
export async function listRecordsOfHolder(scope: { organizationId: string; userId: string }, now = new Date()): Promise<RecordListItem[]> {
  const rows = await getDb()
    .selectFrom("completion_records")
    .select(LIST_COLUMNS)
    .where("completion_records.organization_id", "=", scope.organizationId)
    .where("completion_records.user_id", "=", scope.userId)
    .orderBy("completion_records.issued_at", "desc")
    .execute();
  return rows.map((row) => toListItem(row, now));
}

export interface RecordDetail extends RecordListItem {
  organizationName: string;
  summary: RecordSummary;
  issuedByName: string;
  revokedByName: string | null;
  credential: string;
  credentialJwt: string;
  verificationCode: string;
}

async function recordDetail(where: { organizationId: string; recordId: string; userId?: string }, now = new Date()): Promise<RecordDetail> {
  let query = getDb()
    .selectFrom("completion_records")
    .innerJoin("users as issuer", "issuer.id", "completion_records.issued_by")
    .leftJoin("users as revoker", "revoker.id", "completion_records.revoked_by")
    .selectAll("completion_records")
    .select(["issuer.display_name as issued_by_name", "revoker.display_name as revoked_by_name"])
    .where("completion_records.id", "=", where.recordId)
    .where("completion_records.organization_id", "=", where.organizationId);
  if (where.userId) query = query.where("completion_records.user_id", "=", where.userId);
  const row = await query.executeTakeFirst();
  if (!row) throw new DomainError("We could not find that record.", 404);
  return {
    ...toListItem(row, now),
    organizationName: row.organization_name,
    summary: JSON.parse(row.summary) as RecordSummary,
    issuedByName: row.issued_by_name,
    revokedByName: row.revoked_by_name,
    credential: row.credential,
    credentialJwt: row.credential_jwt,
    verificationCode: row.verification_code,
  };
}

/** A record of the organization, for its admins. */
export function getCompletionRecord(organizationId: string, recordId: string): Promise<RecordDetail> {
  return recordDetail({ organizationId, recordId });
}

/** A record, only if it is this person's own. */
export function getOwnCompletionRecord(scope: { organizationId: string; userId: string }, recordId: string): Promise<RecordDetail> {
  return recordDetail({ organizationId: scope.organizationId, recordId, userId: scope.userId });
}

/** The organization's revocation list as a BitstringStatusListCredential; undefined for an organization that does not exist. */
export async function loadStatusListCredential(organizationId: string, origin: string) {
  const organization = await getDb().selectFrom("organizations").select(["id", "name"]).where("id", "=", organizationId).executeTakeFirst();
  if (!organization) return undefined;
  const revoked = await getDb()
    .selectFrom("completion_records")
    .select("status_list_index")
    .where("organization_id", "=", organizationId)
    .where("revoked_at", "is not", null)
    .execute();
  return { organization, credential: buildStatusListCredential({ origin, organization, revokedIndexes: revoked.map((r) => r.status_list_index) }) };
}
