import { LEVEL_LABELS, LEVELS, type CompetencyLevel } from "~/models/competencies/competency-level";
import type { ModuleOverview } from "~/models/learning/module-progress.server";
import type { SignOffView } from "~/models/records/programme-sign-off.server";
import type { ProgrammeDetail } from "~/models/records/programme.server";
// UTC days, as the record issued from these checks will carry them (decision 024).
import { formatDay as day } from "~/time-format";

/*
 * The rules of eligibility, apart from the queries that gather the facts
 * (eligibility.server.ts): whether each of a programme's requirements is met,
 * and what the trainee is told about it. Pure, so every edge (started vs
 * completed, a level just below the minimum) is tested without a database,
 * and mutation-tested (docs/testing.md).
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

/** What is known of the trainee: their progress in the programme's modules, their derived levels by competency id, their current sign-off. */
export interface EligibilityFacts {
  modules: readonly Pick<ModuleOverview, "slug" | "status" | "fraction" | "completedAt">[];
  levels: ReadonlyMap<string, CompetencyLevel>;
  signOff: SignOffView | null;
}

export function decideEligibility(programme: Pick<ProgrammeDetail, "modules" | "competencies" | "requiresSignOff">, facts: EligibilityFacts): Eligibility {
  const checks: RequirementCheck[] = [];
  const missing: string[] = [];

  for (const module of programme.modules) {
    const overview = facts.modules.find((o) => o.slug === module.slug);
    const met = module.available && overview?.status === "completed";
    checks.push({
      kind: "module",
      key: module.slug,
      label: `Complete the module “${module.title}”`,
      met,
      status: !module.available
        ? "This module is no longer offered. Ask an admin to update the programme."
        : met && overview?.completedAt
          ? `Completed ${day(overview.completedAt)}`
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

  const signOff = facts.signOff;
  if (programme.requiresSignOff) {
    checks.push({
      kind: "sign-off",
      key: "sign-off",
      label: "Signed off as ready by a trainer",
      met: signOff !== null,
      status: signOff ? `Signed off by ${signOff.signedBy}, ${day(signOff.signedAt)}` : "Not signed off yet",
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
