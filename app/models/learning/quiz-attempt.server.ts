import { gradeQuiz, QuizSubmissionError } from "~/content/grading";
import { optionIdsFromPlaces, quizOnPaper } from "~/content/quiz-paper";
import type { CompiledModule } from "~/content/types";
import { generateId } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import { DomainError } from "~/domain-error";
import { recordQuizPassEvidence } from "~/models/competencies/competency-evidence.server";
import { completeModuleIfDone, ensureProgressRow, type LearnerScope } from "~/models/learning/module-progress.server";
import { findPaper, findQuiz, startQuizPaper } from "~/models/learning/quiz-paper.server";

export const STALE_VERSION_MESSAGE =
  "This module was updated after you opened it. Reload the page to see the new version, then answer again.";
export const PAPER_NOT_FOUND_MESSAGE = "We could not find that attempt. Start the quiz again.";
export const PAPER_HANDED_IN_MESSAGE = "You have already handed in this attempt, so it cannot be answered again. Its result is on the quiz.";

/**
 * Grades a paper on the server and stores the attempt with all its answers
 * in one transaction; completes the module when this was the last step.
 * Answers come as option ids, or (from the page's form) as the places the
 * options had on the paper. A paper is handed in once: the check below and
 * the unique index on quiz_attempts.paper_id both say so.
 */
export async function submitQuizAttempt(input: {
  scope: LearnerScope;
  module: CompiledModule;
  paperId: string;
  contentHash: string;
  answers: Record<string, string[]>;
  answersAre?: "option-ids" | "places";
  /** When given, the paper must belong to this quiz (the form names the quiz it shows). */
  quizId?: string;
}) {
  const { scope, module } = input;
  if (input.contentHash !== module.contentHash) throw new DomainError(STALE_VERSION_MESSAGE, 409);
  const attemptId = generateId();
  const submittedAt = new Date().toISOString();
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const paper = await findPaper(trx, scope, module.slug, input.paperId);
      if (!paper || (input.quizId !== undefined && paper.quizId !== input.quizId)) throw new DomainError(PAPER_NOT_FOUND_MESSAGE, 404);
      if (paper.attemptId) throw new DomainError(PAPER_HANDED_IN_MESSAGE, 409);
      if (paper.contentHash !== module.contentHash) throw new DomainError(STALE_VERSION_MESSAGE, 409);
      const quiz = quizOnPaper(findQuiz(module, paper.quizId), paper.questions);
      let result;
      try {
        const answers = input.answersAre === "places" ? optionIdsFromPlaces(paper.questions, input.answers) : input.answers;
        result = gradeQuiz(quiz, answers, module.frontmatter.passMark);
      } catch (error) {
        if (error instanceof QuizSubmissionError) throw new DomainError(error.message, 400);
        throw error;
      }
      await ensureProgressRow(trx, scope, module.slug);
      await trx
        .insertInto("quiz_attempts")
        .values({
          id: attemptId,
          organization_id: scope.organizationId,
          user_id: scope.userId,
          module_slug: module.slug,
          quiz_id: quiz.id,
          content_hash: module.contentHash,
          submitted_at: submittedAt,
          score: result.score,
          max_score: result.maxScore,
          passed: result.passed ? 1 : 0,
          paper_id: paper.id,
        })
        .execute();
      await trx
        .insertInto("quiz_answers")
        .values(
          result.questions.map((q) => ({
            attempt_id: attemptId,
            question_id: q.questionId,
            answer: JSON.stringify(q.selected),
            score: q.score,
          })),
        )
        .execute();
      if (result.passed) {
        await recordQuizPassEvidence(trx, { scope, module, quiz, attemptId, questions: result.questions, recordedAt: submittedAt });
      }
      await completeModuleIfDone(trx, scope, module);
      return { attemptId, ...result };
    });
}

/**
 * Starts a paper and hands it in with the given answers (by option id), as a
 * trainee who presses "Start" and then submits would. Answers to questions
 * the paper did not draw are left out. For the demo data, test factories and
 * benchmarks; pages go through the two steps themselves.
 */
export async function takeQuizAttempt(input: { scope: LearnerScope; module: CompiledModule; quizId: string; answers: Record<string, string[]> }) {
  const paper = await startQuizPaper(input);
  const drawn = new Set(paper.questions.map((q) => q.id));
  const answers = Object.fromEntries(Object.entries(input.answers).filter(([questionId]) => drawn.has(questionId)));
  return submitQuizAttempt({ scope: input.scope, module: input.module, paperId: paper.id, contentHash: paper.contentHash, answers });
}

export async function listQuizAttempts(scope: LearnerScope, moduleSlug: string) {
  return getDb()
    .selectFrom("quiz_attempts")
    .select(["id", "quiz_id", "submitted_at", "score", "max_score", "passed", "content_hash"])
    .where("organization_id", "=", scope.organizationId)
    .where("user_id", "=", scope.userId)
    .where("module_slug", "=", moduleSlug)
    .orderBy("submitted_at", "desc")
    .execute();
}
