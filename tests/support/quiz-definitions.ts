import type { QuestionDefinition } from "~/content/types";

/** A question for unit tests: options named by letter, labelled in capitals, the listed ones correct. */
export function question(id: string, kind: QuestionDefinition["kind"], correct: string[], options = ["a", "b", "c", "d"]): QuestionDefinition {
  return {
    id,
    kind,
    prompt: `Prompt ${id}`,
    explanation: null,
    competencies: [],
    options: options.map((option) => ({ id: option, label: option.toUpperCase(), correct: correct.includes(option), feedback: null })),
  };
}
