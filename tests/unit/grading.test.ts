import { describe, expect, it } from "vitest";
import { gradeQuiz, QuizSubmissionError, rightAnswers, scoreQuestion } from "~/content/grading";
import type { QuizDefinition } from "~/content/types";
import { question } from "../support/quiz-definitions";

const quiz: QuizDefinition = {
  id: "check",
  title: "Check",
  draw: null,
  rules: { maxAttempts: null, waitMinutes: 0, showAnswers: "always" },
  questions: [
    question("single", "single", ["b"], ["a", "b", "c"]),
    question("several", "multiple", ["a", "c"]),
    question("truth", "true-false", ["b"], ["a", "b"]),
    question("story", "scenario", ["c"], ["a", "b", "c"]),
    question("last", "single", ["a"], ["a", "b"]),
  ],
};

const allRight = { single: ["b"], several: ["a", "c"], truth: ["b"], story: ["c"], last: ["a"] };

describe("scoring one question", () => {
  it("gives 1 or 0 for one-answer kinds", () => {
    expect(scoreQuestion(quiz.questions[0]!, ["b"])).toBe(1);
    expect(scoreQuestion(quiz.questions[0]!, ["a"])).toBe(0);
    expect(scoreQuestion(quiz.questions[2]!, ["b"])).toBe(1);
    expect(scoreQuestion(quiz.questions[3]!, ["a"])).toBe(0);
  });
  it("gives nothing for a one-answer question with two ticked, even when one of them is right", () => {
    expect(scoreQuestion(quiz.questions[0]!, ["b", "a"])).toBe(0);
    expect(scoreQuestion(quiz.questions[0]!, [])).toBe(0);
  });
  it("gives partial credit for several answers, minus wrong ticks, never below zero", () => {
    const several = quiz.questions[1]!;
    expect(scoreQuestion(several, ["a", "c"])).toBe(1);
    expect(scoreQuestion(several, ["a"])).toBe(0.5);
    expect(scoreQuestion(several, ["a", "b"])).toBe(0);
    expect(scoreQuestion(several, ["a", "b", "c"])).toBe(0.5);
    expect(scoreQuestion(several, ["a", "b", "c", "d"])).toBe(0);
    expect(scoreQuestion(several, ["b", "d"])).toBe(0);
  });
});

describe("grading a quiz", () => {
  it("passes with every answer right", () => {
    const result = gradeQuiz(quiz, allRight, 0.8);
    expect(result).toMatchObject({ score: 5, maxScore: 5, passed: true });
  });
  it("passes exactly at the pass mark (4 of 5 at 80%) and fails just under it", () => {
    expect(gradeQuiz(quiz, { ...allRight, last: ["b"] }, 0.8).passed).toBe(true);
    const under = gradeQuiz(quiz, { ...allRight, last: ["b"], several: ["a"] }, 0.8);
    expect(under.score).toBe(3.5);
    expect(under.passed).toBe(false);
  });
  it("honours a module's own pass mark", () => {
    expect(gradeQuiz(quiz, { ...allRight, last: ["b"] }, 1).passed).toBe(false);
  });
  it("records each question's chosen options and score", () => {
    const result = gradeQuiz(quiz, { ...allRight, several: ["c"] }, 0.8);
    expect(result.questions.find((q) => q.questionId === "several")).toEqual({ questionId: "several", selected: ["c"], score: 0.5 });
  });
  it.each([
    ["an unknown question", { ...allRight, ghost: ["a"] }, /does not have/],
    ["a missing answer", { ...allRight, story: [] }, /no answer/],
    ["an omitted question", { single: ["b"], several: ["a"], truth: ["b"], story: ["c"] }, /question 5 has no answer/],
    ["a repeated option", { ...allRight, several: ["a", "a"] }, /chosen twice/],
    ["an option the question does not offer", { ...allRight, single: ["z"] }, /does not offer/],
    ["an offered option beside one not offered", { ...allRight, several: ["a", "z"] }, /question 2 does not offer/],
    ["two answers to a one-answer question", { ...allRight, single: ["a", "b"] }, /only one answer/],
  ])("refuses %s", (_, answers, message) => {
    expect(() => gradeQuiz(quiz, answers, 0.8)).toThrow(QuizSubmissionError);
    expect(() => gradeQuiz(quiz, answers, 0.8)).toThrow(message);
  });
});

describe("the right answers (for demo data and test factories)", () => {
  it("are every correct option of a several-answer question and the one correct option of the others", () => {
    expect(rightAnswers(quiz)).toEqual(allRight);
  });
  it("score full marks", () => {
    expect(gradeQuiz(quiz, rightAnswers(quiz), 1)).toMatchObject({ score: 5, maxScore: 5, passed: true });
  });
});
