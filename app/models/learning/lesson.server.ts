import { attemptStanding } from "~/content/attempt-standing";
import { quizOnPaper } from "~/content/quiz-paper";
import type { CompiledModule, QuizDefinition, RenderNode } from "~/content/types";
import { getAttemptFeedback } from "~/models/learning/attempt-review.server";
import type { AttemptSummary, PaperView, QuizView, ReflectionView } from "~/models/learning/lesson-view";
import { listQuizAttempts } from "~/models/learning/quiz-attempt.server";
import { listOpenPapers, startRefusal, type QuizPaper } from "~/models/learning/quiz-paper.server";
import { listOwnReflections } from "~/models/learning/reflection.server";
import type { LearnerScope } from "~/models/learning/module-progress.server";

function islandIds(nodes: RenderNode[], kind: "Quiz" | "Reflection"): string[] {
  const ids: string[] = [];
  const visit = (node: RenderNode) => {
    if (typeof node === "string") return;
    if (node.t === kind) ids.push(String(node.p?.id));
    node.c?.forEach(visit);
  };
  nodes.forEach(visit);
  return ids;
}

/** What the browser may know of an open paper: no correct flags, no feedback, and places instead of option ids. */
function toPaperView(quiz: QuizDefinition, paper: QuizPaper): PaperView {
  return {
    id: paper.id,
    questions: quizOnPaper(quiz, paper.questions).questions.map((question) => ({
      id: question.id,
      kind: question.kind,
      prompt: question.prompt,
      options: question.options.map((option, index) => ({ value: String(index + 1), label: option.label })),
    })),
  };
}

/**
 * Everything one section page needs about the trainee's quizzes and
 * reflections: each quiz's open paper (no answer keys), their attempts, the
 * result they asked to see, and their saved reflections.
 */
export async function loadSectionActivities(
  scope: LearnerScope,
  module: CompiledModule,
  sectionTree: RenderNode[],
  showAttemptId: string | null,
  options: { extraAttempts?: (quizId: string) => number; now?: Date } = {},
): Promise<{ quizzes: QuizView[]; reflections: ReflectionView[] }> {
  const quizIds = islandIds(sectionTree, "Quiz");
  const promptIds = islandIds(sectionTree, "Reflection");
  const [attempts, openPapers, saved] = await Promise.all([
    quizIds.length ? listQuizAttempts(scope, module.slug) : Promise.resolve([]),
    quizIds.length ? listOpenPapers(scope, module) : Promise.resolve(new Map<string, QuizPaper>()),
    promptIds.length ? listOwnReflections(scope, module.slug) : Promise.resolve([]),
  ]);
  const standings = new Map(
    module.quizzes.map((quiz) => {
      const own = attempts.filter((a) => a.quiz_id === quiz.id).map((a) => ({ submittedAt: a.submitted_at, passed: a.passed === 1 }));
      return [quiz.id, attemptStanding(quiz.rules, own, options.now ?? new Date(), options.extraAttempts?.(quiz.id) ?? 0)];
    }),
  );
  const shownAttempt = showAttemptId
    ? await getAttemptFeedback(scope, module, showAttemptId, { showAnswersFor: (quizId) => standings.get(quizId)?.answersShown ?? false })
    : null;

  const quizzes = quizIds.map((quizId): QuizView => {
    const quiz = module.quizzes.find((q) => q.id === quizId)!;
    const standing = standings.get(quizId)!;
    const own: AttemptSummary[] = attempts
      .filter((a) => a.quiz_id === quizId)
      .map((a) => ({ id: a.id, submittedAt: a.submitted_at, score: a.score, maxScore: a.max_score, passed: a.passed === 1 }));
    const result =
      shownAttempt && shownAttempt.quiz_id === quizId
        ? {
            id: shownAttempt.id,
            submittedAt: shownAttempt.submitted_at,
            score: shownAttempt.score,
            maxScore: shownAttempt.max_score,
            passed: shownAttempt.passed,
            sameVersion: shownAttempt.sameVersion,
            answersShown: shownAttempt.answersShown,
            questions: shownAttempt.questions,
          }
        : null;
    const paper = openPapers.get(quizId);
    return {
      quiz: { id: quiz.id, title: quiz.title, asked: quiz.draw?.count ?? quiz.questions.length, pool: quiz.questions.length },
      paper: paper ? toPaperView(quiz, paper) : null,
      rules: quiz.rules,
      standing: { ...standing, refusal: startRefusal(standing) },
      attempts: own,
      result,
    };
  });

  const reflections = promptIds.map((promptId): ReflectionView => {
    const prompt = module.reflections.find((r) => r.id === promptId)!;
    const row = saved.find((r) => r.prompt_id === promptId);
    return {
      id: prompt.id,
      prompt: prompt.prompt,
      required: prompt.required,
      saved: row ? { id: row.id, body: row.body, visibility: row.visibility, updatedAt: row.updated_at } : null,
    };
  });
  return { quizzes, reflections };
}
