import type { CompiledModule, QuizDefinition } from "~/content/types";
import { takeQuizAttempt } from "~/models/learning/quiz-attempt.server";

/**
 * Answers to a quiz with a shape a test can compute by hand: `first` chosen
 * for its first question, the next `rightOthers` questions answered right,
 * the rest with their first wrong option (a several-answer question: "c").
 */
export function answersWith(quiz: QuizDefinition, first: string, rightOthers: number): Record<string, string[]> {
  return Object.fromEntries(
    quiz.questions.map((question, index) => {
      if (index === 0) return [question.id, [first]];
      const right = index <= rightOthers;
      if (question.kind === "multiple") return [question.id, right ? question.options.filter((o) => o.correct).map((o) => o.id) : ["c"]];
      return [question.id, [question.options.find((o) => o.correct === right)!.id]];
    }),
  );
}

/** Submits the module's first quiz through the model the quiz page uses. */
export async function submitFirstQuiz(scope: { organizationId: string; userId: string }, module: CompiledModule, answers: Record<string, string[]>) {
  await takeQuizAttempt({ scope, module, quizId: module.quizzes[0]!.id, answers });
}
