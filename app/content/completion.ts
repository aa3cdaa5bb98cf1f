import type { CompiledModule } from "~/content/types";

export interface LearnerState {
  sectionsSeen: ReadonlySet<string>;
  passedQuizzes: ReadonlySet<string>;
  answeredReflections: ReadonlySet<string>;
}

/** Complete means: every quiz passed at least once and every required reflection answered. */
export function isModuleComplete(module: CompiledModule, state: LearnerState): boolean {
  return (
    module.quizzes.every((quiz) => state.passedQuizzes.has(quiz.id)) &&
    module.reflections.filter((r) => r.required).every((r) => state.answeredReflections.has(r.id))
  );
}

/** Share of the module done, 0 to 1: sections opened, quizzes passed, required reflections answered. */
export function moduleProgressFraction(module: CompiledModule, state: LearnerState): number {
  const required = module.reflections.filter((r) => r.required);
  const total = module.sections.length + module.quizzes.length + required.length;
  const done =
    module.sections.filter((s) => state.sectionsSeen.has(s.id)).length +
    module.quizzes.filter((q) => state.passedQuizzes.has(q.id)).length +
    required.filter((r) => state.answeredReflections.has(r.id)).length;
  return total === 0 ? 0 : done / total;
}
