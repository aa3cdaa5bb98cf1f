import type { QuestionDefinition, QuizDefinition } from "~/content/types";

export interface QuestionResult {
  questionId: string;
  selected: string[];
  /** 0 to 1: partial credit for several-answer questions. */
  score: number;
}

export interface QuizResult {
  score: number;
  maxScore: number;
  passed: boolean;
  questions: QuestionResult[];
}

export class QuizSubmissionError extends Error {}

/**
 * One question's score. Several-answer questions give partial credit: each
 * right option chosen counts, each wrong option chosen takes one back, never
 * below zero, so ticking everything earns nothing.
 */
export function scoreQuestion(question: QuestionDefinition, selected: string[]): number {
  const correct = new Set(question.options.filter((o) => o.correct).map((o) => o.id));
  if (question.kind !== "multiple") return selected.length === 1 && correct.has(selected[0]!) ? 1 : 0;
  const right = selected.filter((id) => correct.has(id)).length;
  const wrong = selected.length - right;
  return Math.max(0, (right - wrong) / correct.size);
}

/** The answers that score full marks on every question: for the demo data and test factories, never for a page. */
export function rightAnswers(quiz: QuizDefinition): Record<string, string[]> {
  return Object.fromEntries(
    quiz.questions.map((question) => {
      const right = question.options.filter((option) => option.correct).map((option) => option.id);
      return [question.id, question.kind === "multiple" ? right : right.slice(0, 1)];
    }),
  );
}

/**
 * Grades a whole submission. Refuses (rather than guesses at) answers to
 * unknown questions, unknown or repeated options, a missing answer, or
 * several answers to a one-answer question.
 */
export function gradeQuiz(
  quiz: QuizDefinition,
  answers: Record<string, string[]>,
  passMark: number,
): QuizResult {
  const known = new Set(quiz.questions.map((q) => q.id));
  for (const questionId of Object.keys(answers)) {
    if (!known.has(questionId)) throw new QuizSubmissionError("The form has an answer to a question this quiz does not have. Reload the page and try again.");
  }
  const questions = quiz.questions.map((question, index) => {
    const selected = answers[question.id] ?? [];
    const label = `question ${index + 1}`;
    if (selected.length === 0) throw new QuizSubmissionError(`Answer every question before you submit: ${label} has no answer.`);
    if (new Set(selected).size !== selected.length) throw new QuizSubmissionError(`Choose each option once: ${label} has an option chosen twice.`);
    const optionIds = new Set(question.options.map((o) => o.id));
    if (selected.some((id) => !optionIds.has(id))) throw new QuizSubmissionError(`The form has an answer that ${label} does not offer. Reload the page and try again.`);
    if (question.kind !== "multiple" && selected.length > 1) throw new QuizSubmissionError(`Choose only one answer for ${label}.`);
    return { questionId: question.id, selected, score: scoreQuestion(question, selected) };
  });
  const score = questions.reduce((sum, q) => sum + q.score, 0);
  const maxScore = quiz.questions.length;
  // Compare with a small tolerance so 4/5 against a pass mark of 0.8 passes.
  return { score, maxScore, passed: score / maxScore >= passMark - 1e-9, questions };
}
