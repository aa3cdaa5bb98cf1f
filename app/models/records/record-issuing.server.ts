import { randomBytes, randomInt } from "node:crypto";
import type { Transaction } from "kysely";
import { generateId } from "~/auth/tokens.server";
import { getDb, type Db } from "~/db.server";
import type { Database } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { MAX_REVOKE_REASON } from "~/limits";
import { recordAudit } from "~/models/organizations/audit.server";
import { buildOpenBadgeCredential, credentialUrls, signCredentialAsJwt, STATUS_LIST_SIZE } from "~/codecs/credential.server";
import { checkEligibility, describeMissing, type Eligibility } from "~/models/records/eligibility.server";
import { loadSigningKey, type SigningKey } from "~/models/organizations/organization-key.server";
import { competencyCaseUrl, criteriaNarrative, getProgramme, type ProgrammeDetail } from "~/models/records/programme.server";
import { getCohortRoster } from "~/models/cohorts/roster.server";
import { addMonths, type RecordSummary } from "~/models/records/record-status";
import { formatVerificationCode, generateVerificationCode } from "~/codecs/verification-code.server";

/*
 * Completion records: what an organization gives a trainee who met a
 * programme's requirements. A record is written once, with everything it
 * says (names, programme, competencies, the signed credential) frozen at that
 * moment, and is never edited or deleted: the database refuses both (see
 * migrations/0006_completion_records.ts). The one change is revocation, with
 * who, when and why; a corrected record is a new record.
 */

interface Holder {
  id: string;
  name: string;
  email: string;
}

async function requireHolder(organizationId: string, userId: string): Promise<Holder> {
  const row = await getDb()
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.display_name", "users.email"])
    .where("memberships.organization_id", "=", organizationId)
    .where("memberships.user_id", "=", userId)
    .executeTakeFirst();
  if (!row) throw new DomainError("That person is not a member of this organization.", 404);
  return { id: row.id, name: row.display_name, email: row.email };
}

async function findCurrentRecord(db: Db, organizationId: string, programmeId: string, userId: string) {
  return db
    .selectFrom("completion_records")
    .select(["id", "issued_at"])
    .where("organization_id", "=", organizationId)
    .where("programme_id", "=", programmeId)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .where((eb) => eb.or([eb("valid_until", "is", null), eb("valid_until", ">", new Date().toISOString())]))
    .executeTakeFirst();
}

/** A free position in the organization's revocation list, chosen at random (the spec asks for it: order leaks nothing). */
async function allocateStatusIndex(trx: Transaction<Database>, organizationId: string, taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const index = randomInt(STATUS_LIST_SIZE);
    if (taken.has(index)) continue;
    const used = await trx
      .selectFrom("completion_records")
      .select("id")
      .where("organization_id", "=", organizationId)
      .where("status_list_index", "=", index)
      .executeTakeFirst();
    if (!used) {
      taken.add(index);
      return index;
    }
  }
  throw new Error("The revocation list has no free position left; a second list is needed.");
}

async function uniqueVerificationCode(trx: Transaction<Database>): Promise<string> {
  for (;;) {
    const code = generateVerificationCode();
    const used = await trx.selectFrom("completion_records").select("id").where("verification_code", "=", code).executeTakeFirst();
    if (!used) return code;
  }
}

interface IssueContext {
  organization: { id: string; name: string };
  programme: ProgrammeDetail;
  actorId: string;
  origin: string;
  key: SigningKey;
  /** The issue time; only tests set it, to make records that have already expired. */
  now?: Date;
}

/** Writes one record, inside the caller's transaction, with its audit entry. */
async function writeRecord(trx: Transaction<Database>, context: IssueContext, holder: Holder, eligibility: Eligibility, takenIndexes: Set<number>) {
  const { organization, programme, origin, key } = context;
  const issuedAt = (context.now ?? new Date()).toISOString();
  const validUntil = programme.validityMonths ? addMonths(issuedAt, programme.validityMonths) : null;
  const code = await uniqueVerificationCode(trx);
  const statusListIndex = await allocateStatusIndex(trx, organization.id, takenIndexes);
  const narrative = criteriaNarrative(programme);
  const summary: RecordSummary = {
    programmeVersion: programme.version,
    description: programme.description,
    criteria: narrative,
    modules: programme.modules.map((m) => ({ slug: m.slug, title: m.title })),
    competencies: programme.competencies.map((c) => ({
      code: c.code,
      title: c.title,
      frameworkTitle: c.frameworkTitle,
      minLevel: c.minLevel,
      level: eligibility.levels[c.id] ?? "not-yet",
      caseUrl: competencyCaseUrl(origin, c),
    })),
    signOff: eligibility.signOff ? { by: eligibility.signOff.signedBy, at: eligibility.signOff.signedAt } : null,
  };
  const credential = buildOpenBadgeCredential({
    origin,
    organization,
    programme,
    holder,
    verificationCode: code,
    criteriaNarrative: narrative,
    competencies: summary.competencies.map((c) => ({ code: c.code, title: c.title, frameworkTitle: c.frameworkTitle, caseUrl: c.caseUrl })),
    issuedAt,
    validUntil,
    statusListIndex,
    identitySalt: randomBytes(16).toString("hex"),
  });
  const jwt = signCredentialAsJwt(credential, { privateKey: key.privateKey, kid: credentialUrls.key(origin, organization.id, key.id) });
  const id = generateId();
  await trx
    .insertInto("completion_records")
    .values({
      id,
      organization_id: organization.id,
      user_id: holder.id,
      programme_id: programme.id,
      verification_code: code,
      issued_at: issuedAt,
      issued_by: context.actorId,
      valid_until: validUntil,
      holder_name: holder.name,
      programme_title: programme.title,
      organization_name: organization.name,
      summary: JSON.stringify(summary),
      credential: JSON.stringify(credential),
      credential_jwt: jwt,
      key_id: key.id,
      status_list_index: statusListIndex,
      revoked_at: null,
      revoked_by: null,
      revoke_reason: null,
    })
    .execute();
  // The code is not a secret once printed, but the audit log has no use for it.
  await recordAudit(trx, {
    organizationId: organization.id,
    actorId: context.actorId,
    action: "record.issued",
    subject: `record:${id}`,
    data: { holder: holder.name, programme: programme.title, version: programme.version },
  });
  return { id, code };
}

async function issueContext(input: { organizationId: string; organizationName: string; actorId: string; programmeId: string; appOrigin: string; now?: Date }): Promise<IssueContext> {
  const programme = await getProgramme(input.organizationId, input.programmeId);
  if (programme.archivedAt) throw new DomainError("This programme is archived: it issues no new records. Bring it back first.", 409);
  return {
    organization: { id: input.organizationId, name: input.organizationName },
    programme,
    actorId: input.actorId,
    origin: input.appOrigin,
    key: await loadSigningKey(input.organizationId),
    now: input.now,
  };
}

export class NotEligibleError extends DomainError {
  constructor(
    holderName: string,
    readonly missing: string[],
  ) {
    super(`${holderName} cannot get this record yet. Still missing: ${describeMissing(missing)}.`, 409);
    this.name = "NotEligibleError";
  }
}

/**
 * Issues a record to one trainee who meets every requirement. Refuses, with
 * what is missing, a trainee who does not; refuses a second record while one
 * for the same programme is still valid (revoke it first to reissue).
 */
export async function issueCompletionRecord(input: {
  organizationId: string;
  organizationName: string;
  actorId: string;
  programmeId: string;
  learnerId: string;
  appOrigin: string;
  /** Only for tests: issue as if at this time. */
  now?: Date;
}): Promise<{ id: string; code: string }> {
  const holder = await requireHolder(input.organizationId, input.learnerId);
  const programme = await getProgramme(input.organizationId, input.programmeId);
  if (programme.archivedAt) throw new DomainError("This programme is archived: it issues no new records. Bring it back first.", 409);
  if (await findCurrentRecord(getDb(), input.organizationId, input.programmeId, holder.id)) {
    throw new DomainError(`${holder.name} already has a valid record for this programme. To issue a new one, revoke the current one first.`, 409);
  }
  const eligibility = await checkEligibility({ organizationId: input.organizationId, userId: holder.id }, programme);
  if (!eligibility.eligible) throw new NotEligibleError(holder.name, eligibility.missing);
  const context = await issueContext(input);
  return getDb()
    .transaction()
    .execute(async (trx) => {
      // Checked again inside the transaction: two admins clicking at once still make one record.
      if (await findCurrentRecord(trx, input.organizationId, input.programmeId, holder.id)) {
        throw new DomainError(`${holder.name} already has a valid record for this programme.`, 409);
      }
      return writeRecord(trx, context, holder, eligibility, new Set());
    });
}

export interface CohortIssueOutcome {
  issued: { name: string; code: string }[];
  alreadyHeld: { name: string }[];
  notEligible: { name: string; missing: string }[];
}

/**
 * Issues a record to every eligible trainee of a cohort, all in one
 * transaction: either every eligible trainee gets one or nobody does. Says
 * who was left out and why.
 */
export async function issueToCohort(input: {
  organizationId: string;
  organizationName: string;
  actorId: string;
  programmeId: string;
  cohortId: string;
  appOrigin: string;
}): Promise<CohortIssueOutcome> {
  const roster = await getCohortRoster(input.organizationId, input.cohortId);
  const programme = await getProgramme(input.organizationId, input.programmeId);
  if (programme.archivedAt) throw new DomainError("This programme is archived: it issues no new records. Bring it back first.", 409);
  if (roster.trainees.length === 0) throw new DomainError("This cohort has no trainees yet.", 409, "cohortId");
  const outcome: CohortIssueOutcome = { issued: [], alreadyHeld: [], notEligible: [] };
  const ready: { holder: Holder; eligibility: Eligibility }[] = [];
  for (const trainee of roster.trainees) {
    if (await findCurrentRecord(getDb(), input.organizationId, input.programmeId, trainee.id)) {
      outcome.alreadyHeld.push({ name: trainee.name });
      continue;
    }
    const eligibility = await checkEligibility({ organizationId: input.organizationId, userId: trainee.id }, programme);
    if (eligibility.eligible) ready.push({ holder: { id: trainee.id, name: trainee.name, email: trainee.email }, eligibility });
    else outcome.notEligible.push({ name: trainee.name, missing: describeMissing(eligibility.missing) });
  }
  if (ready.length === 0) return outcome;
  const context = await issueContext(input);
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const taken = new Set<number>();
      for (const { holder, eligibility } of ready) {
        const written = await writeRecord(trx, context, holder, eligibility, taken);
        outcome.issued.push({ name: holder.name, code: formatVerificationCode(written.code) });
      }
    });
  return outcome;
}

/** Revokes a record, once, with a reason that the public verification page shows. */
export async function revokeCompletionRecord(input: { organizationId: string; actorId: string; recordId: string; reason: string }): Promise<void> {
  const reason = input.reason.trim();
  if (reason.length < 3) throw new DomainError("Write the reason for revoking. The verification page shows it to anyone who checks the record.", 400, "reason");
  if (reason.length > MAX_REVOKE_REASON) throw new DomainError(`Keep the reason to ${MAX_REVOKE_REASON} characters or fewer.`, 400, "reason");
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const record = await trx
        .selectFrom("completion_records")
        .select(["id", "holder_name", "programme_title", "revoked_at"])
        .where("id", "=", input.recordId)
        .where("organization_id", "=", input.organizationId)
        .executeTakeFirst();
      if (!record) throw new DomainError("We could not find that record.", 404);
      if (record.revoked_at) throw new DomainError("This record is already revoked.", 409);
      await trx
        .updateTable("completion_records")
        .set({ revoked_at: new Date().toISOString(), revoked_by: input.actorId, revoke_reason: reason })
        .where("id", "=", record.id)
        .where("revoked_at", "is", null)
        .execute();
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: "record.revoked",
        subject: `record:${record.id}`,
        data: { holder: record.holder_name, programme: record.programme_title, reason },
      });
    });
}
