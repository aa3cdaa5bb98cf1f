/**
 * How a competency's level follows from its evidence. The one place these
 * rules live: pages, exports and the benchmark all call deriveCompetencyLevel,
 * and the level is never stored. Pure (no database, no dates from the clock),
 * so the browser bundle may use the labels too. The rules are explained in
 * README.md ("Competency levels") and docs/decisions/010-competency-levels.md.
 *
 *   verified      the latest trainer observation rates the competency 3 or 4
 *   demonstrated  at least one passed quiz and at least one answered reflection
 *   developing    a passed quiz, an answered reflection, or a latest observation of 2
 *   not yet       none of these
 *
 * Self-assessment is recorded as evidence but never moves the level: it is
 * shown beside the level so the two can be compared.
 */

export const LEVELS = ["not-yet", "developing", "demonstrated", "verified"] as const;
export type CompetencyLevel = (typeof LEVELS)[number];

export const LEVEL_LABELS: Record<CompetencyLevel, string> = {
  "not-yet": "Not yet",
  developing: "Developing",
  demonstrated: "Demonstrated",
  verified: "Verified",
};

export const LEVEL_DESCRIPTIONS: Record<CompetencyLevel, string> = {
  "not-yet": "No evidence yet.",
  developing: "You have started: you passed a quiz or answered a reflection about it.",
  demonstrated: "You passed a quiz and answered a reflection about it.",
  verified: "A trainer saw you do it in practice, for example in a role-play or supervised practice.",
};

export type EvidenceKind = "quiz" | "reflection" | "observation" | "self_assessment";

/** What the rules need to know of one piece of evidence. */
export interface LevelEvidence {
  kind: EvidenceKind;
  /** What it points at ("quiz_attempt:<id>", ...): the same attempt counted twice is still one. */
  sourceRef: string;
  /** 1 to 4 for observations and self-assessments. */
  rating: number | null;
  /** ISO-8601 time; ties keep the order given. */
  recordedAt: string;
}

export interface RatingStep {
  value: 1 | 2 | 3 | 4;
  label: string;
  description: string;
}

/** The trainee's own 4-point scale, in the first person. */
export const SELF_RATINGS: readonly RatingStep[] = [
  { value: 1, label: "New to me", description: "I am just starting to learn about this." },
  { value: 2, label: "Learning", description: "I understand it and I am trying it, with help." },
  { value: 3, label: "Doing it", description: "I can do this most of the time on my own." },
  { value: 4, label: "Confident", description: "I do this well and could help someone else learn it." },
];

/** The trainer's 4-point scale for what they saw. 3 or 4 verifies the competency. */
export const OBSERVATION_RATINGS: readonly RatingStep[] = [
  { value: 1, label: "Not seen yet", description: "The trainee did not show this yet." },
  { value: 2, label: "With support", description: "The trainee showed this with prompting or help." },
  { value: 3, label: "On their own", description: "The trainee showed this well, without help." },
  { value: 4, label: "Could teach it", description: "The trainee showed this with skill and could model it for others." },
];

/** The longest note a trainer may write with an observation. */
export const MAX_OBSERVATION_NOTE_LENGTH = 2000;

/** The lowest observation rating that verifies a competency. */
export const VERIFYING_RATING = 3;

export function selfRatingLabel(rating: number | null | undefined): string | null {
  return SELF_RATINGS.find((step) => step.value === rating)?.label ?? null;
}

export function observationRatingLabel(rating: number | null | undefined): string | null {
  return OBSERVATION_RATINGS.find((step) => step.value === rating)?.label ?? null;
}

export interface DerivedLevel {
  level: CompetencyLevel;
  /** 0 (not yet) to 3 (verified). */
  step: number;
  quizPasses: number;
  reflections: number;
  observations: number;
  /** The rating of the latest trainer observation, if any. */
  latestObservationRating: number | null;
  /** What would move the level up, in plain words; null at the top. */
  next: string | null;
}

function latest(evidence: readonly LevelEvidence[], kind: EvidenceKind): LevelEvidence | undefined {
  let found: LevelEvidence | undefined;
  for (const item of evidence) {
    if (item.kind === kind && (!found || item.recordedAt >= found.recordedAt)) found = item;
  }
  return found;
}

function distinctSources(evidence: readonly LevelEvidence[], kind: EvidenceKind): number {
  return new Set(evidence.filter((item) => item.kind === kind).map((item) => item.sourceRef)).size;
}

/**
 * `taughtInModules` is false for a competency no module teaches (an imported
 * framework's): only a trainer's observation can move it, and `next` says so.
 */
export function deriveCompetencyLevel(evidence: readonly LevelEvidence[], options: { taughtInModules?: boolean } = {}): DerivedLevel {
  const quizPasses = distinctSources(evidence, "quiz");
  const reflections = distinctSources(evidence, "reflection");
  const observations = evidence.filter((item) => item.kind === "observation").length;
  const latestObservationRating = latest(evidence, "observation")?.rating ?? null;

  let level: CompetencyLevel;
  if ((latestObservationRating ?? 0) >= VERIFYING_RATING) level = "verified";
  else if (quizPasses > 0 && reflections > 0) level = "demonstrated";
  else if (quizPasses > 0 || reflections > 0 || latestObservationRating === 2) level = "developing";
  else level = "not-yet";

  let next: string | null = null;
  if (level !== "verified") {
    const missing: string[] = [];
    if (quizPasses === 0) missing.push("pass a quiz about it");
    if (reflections === 0) missing.push("answer a reflection about it");
    // Nothing missing below verified is demonstrated: only a trainer's observation is left.
    if (missing.length === 0 || options.taughtInModules === false) next = "Next step: a trainer sees you do it in practice.";
    else if (level === "not-yet") next = `Next step: ${missing.join(" or ")} in a module.`;
    else next = `Next step: ${missing.join(" and ")} in a module.`;
  }
  return { level, step: LEVELS.indexOf(level), quizPasses, reflections, observations, latestObservationRating, next };
}

export interface SelfAssessmentSummary {
  first: { rating: number; recordedAt: string } | null;
  latest: { rating: number; recordedAt: string } | null;
  /** Latest minus first, in steps of the scale; null with fewer than two ratings. */
  change: number | null;
  count: number;
}

/** The trainee's first and latest rating of themselves, and how far they moved. */
export function summarizeSelfAssessment(evidence: readonly LevelEvidence[]): SelfAssessmentSummary {
  let first: LevelEvidence | undefined;
  let last: LevelEvidence | undefined;
  let count = 0;
  for (const item of evidence) {
    if (item.kind !== "self_assessment" || item.rating === null) continue;
    count += 1;
    if (!first || item.recordedAt < first.recordedAt) first = item;
    if (!last || item.recordedAt >= last.recordedAt) last = item;
  }
  return {
    first: first ? { rating: first.rating!, recordedAt: first.recordedAt } : null,
    latest: last ? { rating: last.rating!, recordedAt: last.recordedAt } : null,
    change: first && last && count > 1 ? last.rating! - first.rating! : null,
    count,
  };
}
