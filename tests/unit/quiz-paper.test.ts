import { describe, expect, it } from "vitest";
import { QuizSubmissionError } from "~/content/grading";
import { drawPaper, optionIdsFromPlaces, quizOnPaper } from "~/content/quiz-paper";
import type { QuizDefinition } from "~/content/types";
import { question } from "../support/quiz-definitions";

/** A small seeded generator (mulberry32), so that the counts below are the same on every run. */
function seededRandomInt(seed: number) {
  let state = seed >>> 0;
  return (bound: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * bound);
  };
}

const quiz: QuizDefinition = {
  id: "check",
  title: "Check",
  draw: null,
  rules: { maxAttempts: null, waitMinutes: 0, showAnswers: "always" },
  questions: [question("one", "single", ["b"]), question("truth", "true-false", ["b"], ["a", "b"]), question("many", "multiple", ["a", "c"], ["a", "b", "c"])],
};

describe("drawing a paper", () => {
  it("asks every question in the author's order, each option once", () => {
    const paper = drawPaper(quiz, seededRandomInt(1));
    expect(paper.map((q) => q.id)).toEqual(["one", "truth", "many"]);
    for (const drawn of paper) expect([...drawn.options].sort()).toEqual(quiz.questions.find((q) => q.id === drawn.id)!.options.map((o) => o.id));
  });

  it("puts the right option in every place about equally often, so place tells nothing", () => {
    const random = seededRandomInt(42);
    const rightAt = [0, 0, 0, 0];
    const draws = 8000;
    for (let i = 0; i < draws; i++) rightAt[drawPaper(quiz, random)[0]!.options.indexOf("b")]!++;
    for (const count of rightAt) expect(Math.abs(count - draws / 4)).toBeLessThan(draws * 0.03);
  });

  it("keeps True before False", () => {
    const random = seededRandomInt(7);
    for (let i = 0; i < 50; i++) expect(drawPaper(quiz, random)[1]!.options).toEqual(["a", "b"]);
  });

  it("gives the quiz as the paper asks it: drawn questions only, options in the order shown", () => {
    const asked = quizOnPaper(quiz, [{ id: "many", options: ["c", "a", "b"] }]);
    expect(asked.questions.map((q) => q.id)).toEqual(["many"]);
    expect(asked.questions[0]!.options.map((o) => o.id)).toEqual(["c", "a", "b"]);
  });
});

describe("reading answers sent by place", () => {
  const paper = [
    { id: "one", options: ["d", "b", "a", "c"] },
    { id: "many", options: ["c", "a", "b"] },
  ];
  it("turns places back into option ids", () => {
    expect(optionIdsFromPlaces(paper, { one: ["2"], many: ["1", "2"] })).toEqual({ one: ["b"], many: ["c", "a"] });
  });
  it.each([
    ["a question the paper did not draw", { truth: ["1"] }, /not on this attempt's paper/],
    ["a place past the last option", { one: ["5"] }, /question 1 does not offer/],
    ["place zero", { many: ["0"] }, /question 2 does not offer/],
    ["an option id instead of a place", { one: ["b"] }, /does not offer/],
    ["a place with extra characters", { one: ["1 "] }, /does not offer/],
  ])("refuses %s", (_, places, message) => {
    expect(() => optionIdsFromPlaces(paper, places)).toThrow(QuizSubmissionError);
    expect(() => optionIdsFromPlaces(paper, places)).toThrow(message);
  });
});
