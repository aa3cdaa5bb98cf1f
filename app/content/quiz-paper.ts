import { QuizSubmissionError } from "~/content/grading";
import { drawQuestions, shuffled, type RandomInt } from "~/content/question-draw";
import type { QuizDefinition } from "~/content/types";

/** One question as a paper holds it: its option ids in the order the trainee saw them. */
export interface PaperQuestion {
  id: string;
  options: string[];
}

/**
 * Draws one attempt's paper: the quiz's questions, or those drawn from its
 * pool, in the author's order, each one's options shuffled so that where an
 * option sits says nothing about whether it is right. True/false keeps
 * "True" before "False": the labels carry the meaning and a swapped pair
 * only trips readers up.
 */
export function drawPaper(quiz: QuizDefinition, randomInt: RandomInt): PaperQuestion[] {
  return drawQuestions(quiz, randomInt).map((question) => {
    const ids = question.options.map((option) => option.id);
    return { id: question.id, options: question.kind === "true-false" ? ids : shuffled(ids, randomInt) };
  });
}

/** The quiz as one paper asks it: only the drawn questions, in the paper's order, options as shown. */
export function quizOnPaper(quiz: QuizDefinition, paper: readonly PaperQuestion[]): QuizDefinition {
  return {
    ...quiz,
    questions: paper.map((drawn) => {
      const question = quiz.questions.find((q) => q.id === drawn.id);
      if (!question) throw new Error(`paper names question "${drawn.id}", which quiz "${quiz.id}" does not have`);
      return { ...question, options: drawn.options.map((id) => question.options.find((o) => o.id === id)!) };
    }),
  };
}

/**
 * The form sends each answer as the option's place on the page (1, 2, 3…),
 * never the option's own id, so nothing in the page hints at the author's
 * order. This turns places back into option ids, refusing a question that
 * is not on the paper or a place it does not have.
 */
export function optionIdsFromPlaces(paper: readonly PaperQuestion[], places: Record<string, string[]>): Record<string, string[]> {
  const answers: Record<string, string[]> = {};
  for (const [questionId, chosen] of Object.entries(places)) {
    const index = paper.findIndex((q) => q.id === questionId);
    if (index < 0) {
      throw new QuizSubmissionError("The form has an answer to a question that is not on this attempt's paper. Reload the page and try again.");
    }
    const options = paper[index]!.options;
    answers[questionId] = chosen.map((place) => {
      const position = /^[1-9][0-9]?$/.test(place) ? Number(place) : 0;
      if (position < 1 || position > options.length) {
        throw new QuizSubmissionError(`The form has an answer that question ${index + 1} does not offer. Reload the page and try again.`);
      }
      return options[position - 1]!;
    });
  }
  return answers;
}
