import { findModule } from "~/content/catalog.server";
import type { CompiledModule } from "~/content/types";
import { getDb } from "~/db.server";
import { LEVEL_LABELS, LEVELS, type CompetencyLevel } from "~/models/competencies/competency-level";
import { loadCompetencyRecord } from "~/models/competencies/competency.server";
import { listMembers } from "~/models/accounts/membership.server";
import { listModuleOverviews, type LearnerScope, type ModuleOverview } from "~/models/learning/module-progress.server";
import { listCurrentSignOffs, type SignOffView } from "~/models/records/programme-sign-off.server";
import type { ProgrammeDetail } from "~/models/records/programme.server";
import { getCohortRoster } from "~/models/cohorts/roster.server";
import { formatUtcDay } from "~/time-format";

/*
 * Whether a trainee has met a programme's requirements, one requirement at a
 * time, from the same facts their own pages show: module completion
 * (listModuleOverviews), competency levels derived from evidence
 * (loadCompetencyRecord, deriveCompetencyLevel) and a trainer's sign-off.
 */

export type RequirementKind = "module" | "competency" | "sign-off";

export interface RequirementCheck {
  kind: RequirementKind;
  key: string;
  /** What is required, e.g. "Complete the module What is peer support?". */
  label: string;
  met: boolean;
  /** Where the trainee stands, e.g. "Completed 3 May 2026" or "Now: Developing". */
  status: string;
}

export interface Eligibility {
  eligible: boolean;
  checks: RequirementCheck[];
  /** One short phrase per unmet requirement, for refusals: "the module X", "Y at Demonstrated (now Developing)". */
  missing: string[];
  /** Levels reached, by competency id, for the record's snapshot. */
  levels: Record<string, CompetencyLevel>;
  signOff: SignOffView | null;
}


/** What a trainee has done, loaded once for any number of programmes. */
interface LearnerFacts {
  modules: Map<string, ModuleOverview>;
  levels: Map<string, CompetencyLevel>;
  signOffs: Map<string, SignOffView>;
}

/** The facts the given programmes ask about, in the same few queries whatever the number of programmes. */
async function loadLearnerFacts(scope: LearnerScope, programmes: readonly ProgrammeDetail[]): Promise<LearnerFacts> {
  const slugs = [...new Set(programmes.flatMap((p) => p.modules.map((m) => m.slug)))];
  const modules = slugs.map((slug) => findModule(slug)).filter((m): m is CompiledModule => m !== undefined);
  const signOffIds = programmes.filter((p) => p.requiresSignOff).map((p) => p.id);
  const [overviews, record, signOffs] = await Promise.all([
    modules.length > 0 ? listModuleOverviews(scope, modules) : Promise.resolve([]),
    programmes.some((p) => p.competencies.length > 0) ? loadCompetencyRecord(scope) : Promise.resolve({ frameworks: [] }),
    listCurrentSignOffs({ organizationId: scope.organizationId, userId: scope.userId, programmeIds: signOffIds }),
  ]);
  return {
    modules: new Map(overviews.map((o) => [o.slug, o])),
    levels: new Map(record.frameworks.flatMap((f) => f.competencies).map((c) => [c.id, c.derived.level])),
    signOffs,
  };
}

export async function checkEligibility(scope: LearnerScope, programme: ProgrammeDetail): Promise<Eligibility> {
  return judgeEligibility(programme, await loadLearnerFacts(scope, [programme]));
}

/** Where one trainee stands for each of the given programmes, in as many queries as for one. */
export async function checkEligibilities(scope: LearnerScope, programmes: readonly ProgrammeDetail[]): Promise<Eligibility[]> {
  const facts = await loadLearnerFacts(scope, programmes);
  return programmes.map((programme) => judgeEligibility(programme, facts));
}

function judgeEligibility(programme: ProgrammeDetail, facts: LearnerFacts): Eligibility {
  const signOff = programme.requiresSignOff ? (facts.signOffs.get(programme.id) ?? null) : null;
  const checks: RequirementCheck[] = [];
  const missing: string[] = [];

  for (const module of programme.modules) {
    const overview = facts.modules.get(module.slug);
    const met = module.available && overview?.status === "completed";
    checks.push({
      kind: "module",
      key: module.slug,
      label: `Complete the module “${module.title}”`,
      met,
      status: !module.available
        ? "This module is no longer offered. Ask an admin to update the programme."
        : met && overview?.completedAt
          ? `Completed ${formatUtcDay(overview.completedAt)}`
          : overview?.status === "in-progress"
            ? `Started, ${Math.round(overview.fraction * 100)}% done`
            : "Not started",
    });
    if (!met) missing.push(`the module “${module.title}”`);
  }

  const levels: Record<string, CompetencyLevel> = {};
  for (const required of programme.competencies) {
    const level = facts.levels.get(required.id) ?? "not-yet";
    levels[required.id] = level;
    const met = LEVELS.indexOf(level) >= LEVELS.indexOf(required.minLevel);
    checks.push({
      kind: "competency",
      key: required.id,
      label: `Reach ${LEVEL_LABELS[required.minLevel]} in “${required.title}”`,
      met,
      status: `Now: ${LEVEL_LABELS[level]}`,
    });
    if (!met) missing.push(`“${required.title}” at ${LEVEL_LABELS[required.minLevel]} (now ${LEVEL_LABELS[level]})`);
  }

  if (programme.requiresSignOff) {
    checks.push({
      kind: "sign-off",
      key: "sign-off",
      label: "Signed off as ready by a trainer",
      met: signOff !== null,
      status: signOff ? `Signed off by ${signOff.signedBy}, ${formatUtcDay(signOff.signedAt)}` : "Not signed off yet",
    });
    if (!signOff) missing.push("a trainer's sign-off");
  }

  return { eligible: missing.length === 0, checks, missing, levels, signOff };
}

/** "the module X, Y at Demonstrated (now Developing) and a trainer's sign-off". */
export function describeMissing(missing: readonly string[]): string {
  if (missing.length <= 1) return missing[0] ?? "";
  return `${missing.slice(0, -1).join(", ")} and ${missing.at(-1)}`;
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
