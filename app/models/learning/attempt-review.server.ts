import type { PaperQuestion } from "~/content/quiz-paper";
import type { CompiledModule, QuestionDefinition } from "~/content/types";
import { getDb } from "~/db.server";
import type { ReviewQuestion } from "~/models/learning/lesson-view";
import type { LearnerScope } from "~/models/learning/module-progress.server";

function reviewQuestion(question: QuestionDefinition, shownOrder: readonly string[], selected: string[], score: number, answersShown: boolean): ReviewQuestion {
  const options = shownOrder.map((id) => question.options.find((o) => o.id === id)).filter((o) => o !== undefined);
  return {
    id: question.id,
    kind: question.kind,
    prompt: question.prompt,
    outcome: answersShown ? (score === 1 ? "right" : score > 0 ? "partly" : "wrong") : null,
    options: options.map((o) => ({ label: o.label, chosen: selected.includes(o.id), right: answersShown ? o.correct : null })),
    messages: answersShown
      ? [...options.filter((o) => selected.includes(o.id) && o.feedback).map((o) => o.feedback!), ...(question.explanation ? [question.explanation] : [])]
      : [],
  };
}

/**
 * The trainee's own attempt, question by question as its paper showed them
 * (attempts from before papers: in the author's order). Which options were
 * right, and the feedback, only when `showAnswersFor` its quiz says so
 * (always, when left out): a quiz that withholds its answers must not send them. Feedback comes from the version they
 * answered; an attempt on an older version shows its score only. Another
 * person's attempt id is simply not found.
 */
export async function getAttemptFeedback(
  scope: LearnerScope,
  module: CompiledModule,
  attemptId: string,
  options: { showAnswersFor?: (quizId: string) => boolean } = {},
) {
  const attempt = await getDb()
    .selectFrom("quiz_attempts as a")
    .leftJoin("quiz_papers as p", "p.id", "a.paper_id")
    .select(["a.id", "a.quiz_id", "a.content_hash", "a.score", "a.max_score", "a.passed", "a.submitted_at", "p.questions as paper"])
    .where("a.id", "=", attemptId)
    .where("a.organization_id", "=", scope.organizationId)
    .where("a.user_id", "=", scope.userId)
    .where("a.module_slug", "=", module.slug)
    .executeTakeFirst();
  if (!attempt) return null;
  const answersShown = options.showAnswersFor?.(attempt.quiz_id) ?? true;
  const answers = await getDb().selectFrom("quiz_answers").select(["question_id", "answer", "score"]).where("attempt_id", "=", attempt.id).execute();
  const quiz = attempt.content_hash === module.contentHash ? module.quizzes.find((q) => q.id === attempt.quiz_id) : undefined;
  const byQuestion = new Map(answers.map((answer) => [answer.question_id, answer]));
  const paper: PaperQuestion[] = attempt.paper
    ? (JSON.parse(attempt.paper) as PaperQuestion[])
    : (quiz?.questions.filter((q) => byQuestion.has(q.id)).map((q) => ({ id: q.id, options: q.options.map((o) => o.id) })) ?? []);
  const questions: ReviewQuestion[] = [];
  for (const drawn of quiz ? paper : []) {
    const question = quiz!.questions.find((q) => q.id === drawn.id);
    const answer = byQuestion.get(drawn.id);
    if (!question || !answer) continue;
    questions.push(reviewQuestion(question, drawn.options, JSON.parse(answer.answer) as string[], answer.score, answersShown));
  }
  const { paper: _paper, ...summary } = attempt;
  return { ...summary, passed: attempt.passed === 1, sameVersion: !!quiz, answersShown, questions };
}
