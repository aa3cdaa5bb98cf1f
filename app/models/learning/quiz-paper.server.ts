import { randomInt } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { attemptStanding, type AttemptStanding } from "~/content/attempt-standing";
import { drawPaper, type PaperQuestion } from "~/content/quiz-paper";
import type { CompiledModule, QuizDefinition } from "~/content/types";
import { generateId } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import type { Database } from "~/db/schema";
import { DomainError } from "~/domain-error";
import type { LearnerScope } from "~/models/learning/module-progress.server";
import { formatDateTime } from "~/time-format";

type Db = Kysely<Database> | Transaction<Database>;

export interface QuizPaper {
  id: string;
  quizId: string;
  contentHash: string;
  startedAt: string;
  questions: PaperQuestion[];
  /** The attempt that handed this paper in; null while it is open. */
  attemptId: string | null;
}

export const QUIZ_NOT_IN_MODULE = "That quiz is not part of this module. Reload the page and try again.";

export function findQuiz(module: CompiledModule, quizId: string): QuizDefinition {
  const quiz = module.quizzes.find((q) => q.id === quizId);
  if (!quiz) throw new DomainError(QUIZ_NOT_IN_MODULE, 404);
  return quiz;
}

function papersOf(db: Db, scope: LearnerScope) {
  return db
    .selectFrom("quiz_papers as p")
    .leftJoin("quiz_attempts as a", "a.paper_id", "p.id")
    .select(["p.id", "p.quiz_id", "p.module_slug", "p.content_hash", "p.started_at", "p.questions", "a.id as attempt_id"])
    .where("p.organization_id", "=", scope.organizationId)
    .where("p.user_id", "=", scope.userId);
}

function toPaper(row: { id: string; quiz_id: string; content_hash: string; started_at: string; questions: string; attempt_id: string | null }): QuizPaper {
  return {
    id: row.id,
    quizId: row.quiz_id,
    contentHash: row.content_hash,
    startedAt: row.started_at,
    questions: JSON.parse(row.questions) as PaperQuestion[],
    attemptId: row.attempt_id,
  };
}

/** The trainee's own paper by id, open or handed in; another person's id is not found. */
export async function findPaper(db: Db, scope: LearnerScope, moduleSlug: string, paperId: string): Promise<QuizPaper | undefined> {
  const row = await papersOf(db, scope).where("p.id", "=", paperId).where("p.module_slug", "=", moduleSlug).executeTakeFirst();
  return row ? toPaper(row) : undefined;
}

/** The papers the trainee started on this version of the module and has not handed in, by quiz id. */
export async function listOpenPapers(scope: LearnerScope, module: CompiledModule): Promise<Map<string, QuizPaper>> {
  const rows = await papersOf(getDb(), scope)
    .where("p.module_slug", "=", module.slug)
    .where("p.content_hash", "=", module.contentHash)
    .where("a.id", "is", null)
    .orderBy("p.started_at", "desc")
    .execute();
  const open = new Map<string, QuizPaper>();
  for (const row of rows) if (!open.has(row.quiz_id)) open.set(row.quiz_id, toPaper(row));
  return open;
}

/** Why a new attempt cannot start now, in words the trainee can act on; null when it can. */
export function startRefusal(standing: AttemptStanding): string | null {
  if (standing.allowed !== null && standing.used >= standing.allowed) {
    return `You have used all ${standing.allowed} attempts at this quiz. Ask your trainer if you need another.`;
  }
  if (standing.nextOpensAt) return `Your next attempt at this quiz opens on ${formatDateTime(standing.nextOpensAt)}.`;
  return null;
}

/** The attempts handed in on one quiz, any version of the module, for its rules. */
export async function listHandedIn(db: Db, scope: LearnerScope, moduleSlug: string, quizId: string) {
  const rows = await db
    .selectFrom("quiz_attempts")
    .select(["submitted_at", "passed"])
    .where("organization_id", "=", scope.organizationId)
    .where("user_id", "=", scope.userId)
    .where("module_slug", "=", moduleSlug)
    .where("quiz_id", "=", quizId)
    .execute();
  return rows.map((row) => ({ submittedAt: row.submitted_at, passed: row.passed === 1 }));
}

/**
 * Starts an attempt: draws its paper on the server and stores it before the
 * trainee sees a question. An open paper of the same quiz and version is
 * handed back instead of a new draw, so reloading or pressing "Start" again
 * cannot be used to fish for an easier paper. A new paper must fit the
 * quiz's attempt rules (with any extra attempts granted).
 */
export async function startQuizPaper(input: {
  scope: LearnerScope;
  module: CompiledModule;
  quizId: string;
  extraAttempts?: number;
  now?: Date;
}): Promise<QuizPaper> {
  const { scope, module } = input;
  const quiz = findQuiz(module, input.quizId);
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const open = await papersOf(trx, scope)
        .where("p.module_slug", "=", module.slug)
        .where("p.quiz_id", "=", quiz.id)
        .where("p.content_hash", "=", module.contentHash)
        .where("a.id", "is", null)
        .orderBy("p.started_at", "desc")
        .executeTakeFirst();
      if (open) return toPaper(open);
      const now = input.now ?? new Date();
      const refusal = startRefusal(attemptStanding(quiz.rules, await listHandedIn(trx, scope, module.slug, quiz.id), now, input.extraAttempts));
      if (refusal) throw new DomainError(refusal, 409);
      const paper: QuizPaper = {
        id: generateId(),
        quizId: quiz.id,
        contentHash: module.contentHash,
        startedAt: now.toISOString(),
        questions: drawPaper(quiz, randomInt),
        attemptId: null,
      };
      await trx
        .insertInto("quiz_papers")
        .values({
          id: paper.id,
          organization_id: scope.organizationId,
          user_id: scope.userId,
          module_slug: module.slug,
          quiz_id: quiz.id,
          content_hash: module.contentHash,
          questions: JSON.stringify(paper.questions),
          started_at: paper.startedAt,
        })
        .execute();
      return paper;
    });
}
