import { generateId } from "~/auth/tokens.server";
import type { QuestionResult } from "~/content/grading";
import type { CompiledModule, QuizDefinition } from "~/content/types";
import { getDb, type Db } from "~/db.server";
import type { EvidenceKind } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { recordAudit } from "~/models/organizations/audit.server";
import { MAX_OBSERVATION_NOTE_LENGTH, OBSERVATION_RATINGS, SELF_RATINGS } from "~/models/competencies/competency-level";
import { frameworkInUseBy } from "~/models/competencies/framework.server";
import type { LearnerScope } from "~/models/learning/module-progress.server";

/*
 * Competency evidence is append-only: every function here inserts, none
 * updates or deletes (migration 0004 also makes the database refuse UPDATE).
 * A later rating is a new row, so the history of every rating stays.
 */

/** Ids of the shipped competencies with these codes: modules tag shipped codes only. */
async function shippedCompetencyIds(db: Db, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom("competencies")
    .innerJoin("frameworks", "frameworks.id", "competencies.framework_id")
    .select("competencies.id")
    .where("frameworks.organization_id", "is", null)
    .where("frameworks.source", "=", "content")
    .where("competencies.retired_at", "is", null)
    .where("competencies.code", "in", [...new Set(codes)])
    .execute();
  return rows.map((row) => row.id);
}

async function insertEvidence(
  db: Db,
  input: {
    scope: LearnerScope;
    competencyIds: readonly string[];
    kind: EvidenceKind;
    sourceRef: string;
    recordedBy: string;
    recordedAt: string;
    rating?: number | null;
    note?: string | null;
  },
): Promise<number> {
  if (input.competencyIds.length === 0) return 0;
  await db
    .insertInto("competency_evidence")
    .values(
      input.competencyIds.map((competencyId) => ({
        id: generateId(),
        organization_id: input.scope.organizationId,
        user_id: input.scope.userId,
        competency_id: competencyId,
        kind: input.kind,
        source_ref: input.sourceRef,
        rating: input.rating ?? null,
        note: input.note ?? null,
        recorded_by: input.recordedBy,
        recorded_at: input.recordedAt,
      })),
    )
    .execute();
  return input.competencyIds.length;
}

/**
 * The codes a passed quiz is evidence for: the module's competencies, and a
 * tagged question's own competencies when that question was answered right.
 */
export function quizEvidenceCodes(module: CompiledModule, quiz: QuizDefinition, questions: readonly QuestionResult[]): string[] {
  const codes = new Set(module.frontmatter.competencies);
  for (const result of questions) {
    if (result.score < 1 - 1e-9) continue;
    const question = quiz.questions.find((q) => q.id === result.questionId);
    for (const code of question?.competencies ?? []) codes.add(code);
  }
  return [...codes];
}

/**
 * Every competency code a module can record evidence for: its own (a passed
 * quiz), its reflection prompts' and its quiz questions' (see the two
 * functions around this one). What "a module builds" means to programmes.
 */
export function competencyCodesBuiltBy(module: CompiledModule): string[] {
  const codes = new Set(module.frontmatter.competencies);
  for (const prompt of module.reflections) for (const code of prompt.competencies) codes.add(code);
  for (const quiz of module.quizzes) for (const question of quiz.questions) for (const code of question.competencies) codes.add(code);
  return [...codes];
}

/** Called inside submitQuizAttempt's transaction when the attempt passed. */
export async function recordQuizPassEvidence(
  db: Db,
  input: { scope: LearnerScope; module: CompiledModule; quiz: QuizDefinition; attemptId: string; questions: readonly QuestionResult[]; recordedAt: string },
): Promise<number> {
  const competencyIds = await shippedCompetencyIds(db, quizEvidenceCodes(input.module, input.quiz, input.questions));
  return insertEvidence(db, {
    scope: input.scope,
    competencyIds,
    kind: "quiz",
    sourceRef: `quiz_attempt:${input.attemptId}`,
    recordedBy: input.scope.userId,
    recordedAt: input.recordedAt,
  });
}

/**
 * Called inside saveReflection's transaction the first time a prompt is
 * answered. Only the fact of the answer is evidence; its text stays in the
 * reflection row, private unless the trainee shares it. An untagged prompt
 * counts for its module's competencies.
 */
export async function recordReflectionEvidence(
  db: Db,
  input: { scope: LearnerScope; module: CompiledModule; promptId: string; reflectionId: string; recordedAt: string },
): Promise<number> {
  const prompt = input.module.reflections.find((r) => r.id === input.promptId);
  const codes = prompt && prompt.competencies.length > 0 ? prompt.competencies : input.module.frontmatter.competencies;
  const competencyIds = await shippedCompetencyIds(db, codes);
  return insertEvidence(db, {
    scope: input.scope,
    competencyIds,
    kind: "reflection",
    sourceRef: `reflection:${input.reflectionId}`,
    recordedBy: input.scope.userId,
    recordedAt: input.recordedAt,
  });
}

/** The competencies, among these ids, that the organization uses and that are still current. */
async function usableCompetencies(db: Db, organizationId: string, competencyIds: readonly string[]) {
  if (competencyIds.length === 0) return [];
  return db
    .selectFrom("competencies")
    .innerJoin("frameworks", "frameworks.id", "competencies.framework_id")
    .select(["competencies.id", "competencies.title"])
    .where("competencies.id", "in", [...new Set(competencyIds)])
    .where("competencies.retired_at", "is", null)
    .where("frameworks.retired_at", "is", null)
    .where(frameworkInUseBy(organizationId))
    .execute();
}

function isRating(value: number): value is 1 | 2 | 3 | 4 {
  return Number.isInteger(value) && value >= 1 && value <= 4;
}

/**
 * Saves the trainee's ratings of themselves. Only ratings that differ from
 * their latest one become new rows; earlier ratings are never touched.
 * Refuses the whole form (and writes nothing) if any part of it is wrong.
 */
export async function recordSelfAssessment(input: { scope: LearnerScope; ratings: ReadonlyMap<string, number> }): Promise<{ saved: number }> {
  const { scope } = input;
  if (input.ratings.size === 0) throw new DomainError("Choose a rating for at least one competency, then save.", 400);
  for (const rating of input.ratings.values()) {
    if (!isRating(rating)) throw new DomainError(`Ratings go from 1 to ${SELF_RATINGS.length}. Reload the page and try again.`, 400);
  }
  const ids = [...input.ratings.keys()];
  const now = new Date().toISOString();
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const usable = await usableCompetencies(trx, scope.organizationId, ids);
      if (usable.length !== ids.length) {
        throw new DomainError("The form names a competency that is not in your organization's frameworks any more. Reload the page and try again.", 400);
      }
      const earlier = await trx
        .selectFrom("competency_evidence")
        .select(["competency_id", "rating", "recorded_at"])
        .where("organization_id", "=", scope.organizationId)
        .where("user_id", "=", scope.userId)
        .where("kind", "=", "self_assessment")
        .where("competency_id", "in", ids)
        .orderBy("recorded_at")
        .execute();
      const latest = new Map<string, number | null>();
      for (const row of earlier) latest.set(row.competency_id, row.rating);
      const changed = ids.filter((id) => latest.get(id) !== input.ratings.get(id));
      const sourceRef = `self_assessment:${generateId()}`;
      for (const id of changed) {
        await insertEvidence(trx, {
          scope,
          competencyIds: [id],
          kind: "self_assessment",
          sourceRef,
          rating: input.ratings.get(id)!,
          recordedBy: scope.userId,
          recordedAt: now,
        });
      }
      return { saved: changed.length };
    });
}

/**
 * A trainer's observation of the trainee's practice: a rating and a note.
 * Who may record one is decided by the permission module before this is
 * called (requireLearnerVisible). Written with its audit entry in one
 * transaction.
 */
export async function recordObservation(input: {
  organizationId: string;
  learnerId: string;
  observerId: string;
  competencyId: string;
  rating: number;
  note: string;
}): Promise<{ competencyTitle: string }> {
  if (!isRating(input.rating)) {
    throw new DomainError(`Choose what you saw: a rating from 1 to ${OBSERVATION_RATINGS.length}.`, 400, "rating");
  }
  const note = input.note.trim();
  if (!note) throw new DomainError("Write a short note about what you saw, for example where and how.", 400, "note");
  if (note.length > MAX_OBSERVATION_NOTE_LENGTH) {
    throw new DomainError(`Keep the note to ${MAX_OBSERVATION_NOTE_LENGTH.toLocaleString("en")} characters or fewer.`, 400, "note");
  }
  if (input.learnerId === input.observerId) {
    throw new DomainError("You cannot record an observation of yourself. Use the self-assessment instead.", 403);
  }
  const now = new Date().toISOString();
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const [competency] = await usableCompetencies(trx, input.organizationId, [input.competencyId]);
      if (!competency) throw new DomainError("Choose a competency from the list.", 400, "competencyId");
      const observationId = generateId();
      await insertEvidence(trx, {
        scope: { organizationId: input.organizationId, userId: input.learnerId },
        competencyIds: [competency.id],
        kind: "observation",
        sourceRef: `observation:${observationId}`,
        rating: input.rating,
        note,
        recordedBy: input.observerId,
        recordedAt: now,
      });
      // The note stays out of the log: it is about a person and lives with the evidence.
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.observerId,
        action: "competency.observed",
        subject: `user:${input.learnerId}`,
        data: { competency: competency.title, rating: input.rating },
      });
      return { competencyTitle: competency.title };
    });
}
