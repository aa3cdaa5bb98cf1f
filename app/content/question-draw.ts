import type { QuestionDefinition, QuizDefinition, QuizDraw } from "~/content/types";

/** A whole number from 0 up to (not including) `bound`; node:crypto's randomInt on the server, a seeded one in tests. */
export type RandomInt = (bound: number) => number;

export function shuffled<T>(items: readonly T[], randomInt: RandomInt): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * Fills each competency's places with distinct questions that carry it
 * (a question may carry several competencies but fills one place), by
 * augmenting paths over the pool in the order given. Returns the questions
 * chosen, or null when the pool cannot fill every place.
 */
export function fillCompetencyPlaces(pool: readonly QuestionDefinition[], perCompetency: QuizDraw["perCompetency"]): Set<QuestionDefinition> | null {
  const places = Object.entries(perCompetency).flatMap(([code, count]) => Array<string>(count).fill(code));
  const holder = new Map<QuestionDefinition, number>();
  const assign = (place: number, tried: Set<QuestionDefinition>): boolean => {
    for (const question of pool) {
      if (tried.has(question) || !question.competencies.includes(places[place]!)) continue;
      tried.add(question);
      const previous = holder.get(question);
      if (previous === undefined || assign(previous, tried)) {
        holder.set(question, place);
        return true;
      }
    }
    return false;
  };
  for (let place = 0; place < places.length; place++) if (!assign(place, new Set())) return null;
  return new Set(holder.keys());
}

/**
 * The questions one attempt asks, in the author's order: the whole quiz, or
 * `draw.count` drawn at random from the pool with at least the stated number
 * on each competency. The build refuses a draw the pool cannot fill, so this
 * never fails on a compiled quiz.
 */
export function drawQuestions(quiz: QuizDefinition, randomInt: RandomInt): QuestionDefinition[] {
  if (!quiz.draw) return quiz.questions;
  const pool = shuffled(quiz.questions, randomInt);
  const chosen = fillCompetencyPlaces(pool, quiz.draw.perCompetency);
  if (!chosen) throw new Error(`quiz "${quiz.id}" cannot draw its competency places from its pool`);
  for (const question of pool) {
    if (chosen.size >= quiz.draw.count) break;
    chosen.add(question);
  }
  return quiz.questions.filter((question) => chosen.has(question));
}
