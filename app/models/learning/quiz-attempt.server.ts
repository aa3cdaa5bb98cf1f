import { gradeQuiz, QuizSubmissionError } from "~/content/grading";
import type { CompiledModule } from "~/content/types";
import { generateId } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import { DomainError } from "~/domain-error";
import { recordQuizPassEvidence } from "~/models/competencies/competency-evidence.server";
import { completeModuleIfDone, ensureProgressRow, type LearnerScope } from "~/models/learning/module-progress.server";

export const STALE_VERSION_MESSAGE =
  "This module was updated after you opened it. Reload the page to see the new version, then answer again.";

/**
 * Grades a submission on the server and stores the attempt with all its
 * answers in one transaction; completes the module when this was the last step.
 */
export async function submitQuizAttempt(input: {
  scope: LearnerScope;
  module: CompiledModule;
  quizId: string;
  contentHash: string;
  answers: Record<string, string[]>;
}) {
  const { scope, module } = input;
  if (input.contentHash !== module.contentHash) throw new DomainError(STALE_VERSION_MESSAGE, 409);
  const quiz = module.quizzes.find((q) => q.id === input.quizId);
  if (!quiz) throw new DomainError("That quiz is not part of this module. Reload the page and try again.", 404);
  let result;
  try {
    result = gradeQuiz(quiz, input.answers, module.frontmatter.passMark);
  } catch (error) {
    if (error instanceof QuizSubmissionError) throw new DomainError(error.message, 400);
    throw error;
  }
  const attemptId = generateId();
  const submittedAt = new Date().toISOString();
  await getDb()
    .transaction()
    .execute(async (trx) => {
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
    });
  return { attemptId, ...result };
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

export interface QuestionFeedback {
  questionId: string;
  selected: string[];
  score: number;
  correctOptions: string[];
  /** Feedback for each chosen option, then the question's explanation. */
  messages: string[];
}

/**
 * The trainee's own attempt with feedback on each question. Feedback comes
 * from the version they answered; an attempt on an older version shows its
 * score only. Another person's attempt id is simply not found.
 */
export async function getAttemptFeedback(scope: LearnerScope, module: CompiledModule, attemptId: string) {
  const attempt = await getDb()
    .selectFrom("quiz_attempts")
    .select(["id", "quiz_id", "content_hash", "score", "max_score", "passed", "submitted_at"])
    .where("id", "=", attemptId)
    .where("organization_id", "=", scope.organizationId)
    .where("user_id", "=", scope.userId)
    .where("module_slug", "=", module.slug)
    .executeTakeFirst();
  if (!attempt) return null;
  const answers = await getDb()
    .selectFrom("quiz_answers")
    .select(["question_id", "answer", "score"])
    .where("attempt_id", "=", attempt.id)
    .execute();
  const quiz = attempt.content_hash === module.contentHash ? module.quizzes.find((q) => q.id === attempt.quiz_id) : undefined;
  const questions: QuestionFeedback[] = answers.map((answer) => {
    const selected = JSON.parse(answer.answer) as string[];
    const question = quiz?.questions.find((q) => q.id === answer.question_id);
    const messages = [
      ...(question?.options.filter((o) => selected.includes(o.id) && o.feedback).map((o) => o.feedback!) ?? []),
      ...(question?.explanation ? [question.explanation] : []),
    ];
    return {
      questionId: answer.question_id,
      selected,
      score: answer.score,
      correctOptions: question?.options.filter((o) => o.correct).map((o) => o.id) ?? [],
      messages,
    };
  });
  return { ...attempt, passed: attempt.passed === 1, sameVersion: !!quiz, questions };
}
