import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { drawQuestions, fillCompetencyPlaces } from "~/content/question-draw";
import type { QuizDefinition } from "~/content/types";
import { question } from "../support/quiz-definitions";

const tagged = (id: string, ...competencies: string[]) => ({ ...question(id, "single", ["a"]), competencies });

const quiz: QuizDefinition = {
  id: "pool",
  title: "Pool",
  questions: [tagged("q1", "x"), tagged("q2", "x", "y"), tagged("q3", "y"), tagged("q4", "z"), tagged("q5", "z"), tagged("q6", "x")],
  draw: { count: 4, perCompetency: { x: 1, y: 2 } },
  rules: { maxAttempts: null, waitMinutes: 0, showAnswers: "always" },
};

describe("drawing questions from a pool", () => {
  it("asks every question of a quiz without a draw", () => {
    expect(drawQuestions({ ...quiz, draw: null }, randomInt).map((q) => q.id)).toEqual(["q1", "q2", "q3", "q4", "q5", "q6"]);
  });

  it("draws the stated number, in the author's order, at least as many on each competency as asked", () => {
    for (let i = 0; i < 300; i++) {
      const drawn = drawQuestions(quiz, randomInt);
      expect(drawn).toHaveLength(4);
      const ids = drawn.map((q) => q.id);
      expect([...ids].sort()).toEqual(ids);
      // y is carried by q2 and q3 only, so both are asked every time; x by one more of q1 and q6.
      expect(ids).toContain("q2");
      expect(ids).toContain("q3");
      expect(ids.filter((id) => id === "q1" || id === "q6").length).toBeGreaterThanOrEqual(1);
    }
  });

  it("gives every question a chance: retakes are not the same paper", () => {
    const seen = new Map<string, number>();
    const papers = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const ids = drawQuestions(quiz, randomInt).map((q) => q.id);
      papers.add(ids.join());
      for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(["q1", "q2", "q3", "q4", "q5", "q6"]);
    expect(papers.size).toBeGreaterThan(3);
  });

  it("fills places by competency only when distinct questions can fill them all", () => {
    expect(fillCompetencyPlaces(quiz.questions, { x: 3, y: 1 })?.size).toBe(4);
    expect(fillCompetencyPlaces(quiz.questions, { x: 3, y: 2 })).toBeNull();
    expect(fillCompetencyPlaces(quiz.questions, { z: 3 })).toBeNull();
  });
});
