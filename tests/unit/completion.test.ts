import { describe, expect, it } from "vitest";
import { isModuleComplete, moduleProgressFraction } from "~/content/completion";
import type { CompiledModule } from "~/content/types";

const module = {
  slug: "m",
  contentHash: "0123456789abcdef",
  sections: [{ id: "one", title: "One", tree: [] }, { id: "two", title: "Two", tree: [] }],
  quizzes: [{ id: "q1", title: "Q", questions: [] }],
  reflections: [
    { id: "r-required", prompt: "?", competencies: [], required: true },
    { id: "r-optional", prompt: "?", competencies: [], required: false },
  ],
} as unknown as CompiledModule;

const state = (sections: string[], quizzes: string[], reflections: string[]) => ({
  sectionsSeen: new Set(sections),
  passedQuizzes: new Set(quizzes),
  answeredReflections: new Set(reflections),
});

describe("module completion", () => {
  it("needs every quiz passed and every required reflection answered", () => {
    expect(isModuleComplete(module, state([], ["q1"], ["r-required"]))).toBe(true);
    expect(isModuleComplete(module, state(["one", "two"], ["q1"], []))).toBe(false);
    expect(isModuleComplete(module, state(["one", "two"], [], ["r-required", "r-optional"]))).toBe(false);
  });
  it("does not wait for optional reflections", () => {
    expect(isModuleComplete(module, state([], ["q1"], ["r-required"]))).toBe(true);
  });
  it("counts sections, quizzes and required reflections towards progress", () => {
    expect(moduleProgressFraction(module, state([], [], []))).toBe(0);
    expect(moduleProgressFraction(module, state(["one"], [], []))).toBe(0.25);
    expect(moduleProgressFraction(module, state(["one", "two"], ["q1"], ["r-required", "r-optional"]))).toBe(1);
  });
});
