import { findModule } from "~/content/catalog.server";
import type { CompiledModule } from "~/content/types";
import { getDb } from "~/db.server";
import { loadCompetencyRecord } from "~/models/competencies/competency.server";
import { listMembers } from "~/models/accounts/membership.server";
import { listModuleOverviews, type LearnerScope } from "~/models/learning/module-progress.server";
import { findCurrentSignOff } from "~/models/records/programme-sign-off.server";
import type { ProgrammeDetail } from "~/models/records/programme.server";
import { getCohortRoster } from "~/models/cohorts/roster.server";
import { decideEligibility, type Eligibility } from "~/models/records/eligibility-rules";

/*
 * Whether a trainee has met a programme's requirements, one requirement at a
 * time, from the same facts their own pages show: module completion
 * (listModuleOverviews), competency levels derived from evidence
 * (loadCompetencyRecord, deriveCompetencyLevel) and a trainer's sign-off.
 */

export { describeMissing, type Eligibility, type RequirementCheck, type RequirementKind } from "~/models/records/eligibility-rules";

export async function checkEligibility(scope: LearnerScope, programme: ProgrammeDetail): Promise<Eligibility> {
  const modules = programme.modules.map((m) => findModule(m.slug)).filter((m): m is CompiledModule => m !== undefined);
  const [overviews, record, signOff] = await Promise.all([
    modules.length > 0 ? listModuleOverviews(scope, modules) : Promise.resolve([]),
    programme.competencies.length > 0 ? loadCompetencyRecord(scope) : Promise.resolve({ frameworks: [] }),
    programme.requiresSignOff
      ? findCurrentSignOff({ organizationId: scope.organizationId, programmeId: programme.id, userId: scope.userId })
      : Promise.resolve(null),
  ]);
  const levels = new Map(record.frameworks.flatMap((f) => f.competencies).map((c) => [c.id, c.derived.level]));
  return decideEligibility(programme, { modules: overviews, levels, signOff });
}

export interface ProgrammeCandidate {
  id: string;
  name: string;
  eligible: boolean;
  missing: string[];
  /** The record they hold now (valid, not revoked), if any. */
  currentRecordId: string | null;
}

/**
 * The organization's trainees (or one cohort's) with where each stands for
 * the programme: who already holds a record, who can get one, and what the
 * others still miss. A few queries per trainee.
 */
export async function listProgrammeCandidates(input: { organizationId: string; programme: ProgrammeDetail; cohortId?: string }): Promise<ProgrammeCandidate[]> {
  const people = input.cohortId
    ? (await getCohortRoster(input.organizationId, input.cohortId)).trainees.map((t) => ({ id: t.id, name: t.name }))
    : (await listMembers(input.organizationId)).filter((m) => m.role === "trainee").map((m) => ({ id: m.id, name: m.display_name }));
  const now = new Date().toISOString();
  const held = await getDb()
    .selectFrom("completion_records")
    .select(["id", "user_id"])
    .where("organization_id", "=", input.organizationId)
    .where("programme_id", "=", input.programme.id)
    .where("revoked_at", "is", null)
    .where((eb) => eb.or([eb("valid_until", "is", null), eb("valid_until", ">", now)]))
    .execute();
  const heldBy = new Map(held.map((r) => [r.user_id, r.id]));
  const candidates: ProgrammeCandidate[] = [];
  for (const person of people) {
    const recordId = heldBy.get(person.id) ?? null;
    if (recordId) {
      candidates.push({ id: person.id, name: person.name, eligible: true, missing: [], currentRecordId: recordId });
      continue;
    }
    const eligibility = await checkEligibility({ organizationId: input.organizationId, userId: person.id }, input.programme);
    candidates.push({ id: person.id, name: person.name, eligible: eligibility.eligible, missing: eligibility.missing, currentRecordId: null });
  }
  return candidates;
}
