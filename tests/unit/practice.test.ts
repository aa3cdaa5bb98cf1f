import { describe, expect, it } from "vitest";
import { indexPracticeGuides, parsePracticeFile, practiceGaps, practiceKey, PracticeFileError, RUBRIC_STEPS } from "~/content/practice";
import { deriveCompetencyLevel, OBSERVATION_RATINGS } from "~/models/competencies/competency-level";

const frameworks = new Map([["demo", new Set(["demo.listening", "demo.hope"])]]);

const entry = (competency: string, rubric: Record<string, string[]> = {}) => ({
  competency,
  kind: "role-play",
  title: "A first meeting",
  setup: "Sam comes to the drop-in for the first time.",
  steps: ["Say hello and who you are."],
  rubric: {
    "not-seen-yet": ["Gives advice before asking"],
    "with-support": ["Asks what Sam wants after a prompt"],
    "on-their-own": ["Asks what Sam wants"],
    "could-teach-it": ["Shows others how to ask"],
    ...rubric,
  },
});

const file = (practice: unknown[], framework = "demo") => ({
  framework,
  sources: [{ title: "A guide", publisher: "Someone", licence: "Licence unknown" }],
  practice,
});

const problemOf = (raw: unknown) => {
  try {
    parsePracticeFile("demo.json", raw, frameworks);
  } catch (error) {
    if (error instanceof PracticeFileError) return error.problem;
    throw error;
  }
  return null;
};

describe("reading a practice file", () => {
  it("accepts a complete file and keeps each rubric step's behaviours", () => {
    const parsed = parsePracticeFile("demo.json", file([entry("demo.listening"), entry("demo.hope")]), frameworks);
    expect(parsed.practice.map((e) => e.competency)).toEqual(["demo.listening", "demo.hope"]);
    expect(parsed.practice[0]!.rubric["on-their-own"]).toEqual(["Asks what Sam wants"]);
  });

  it("refuses a practice task for a competency the framework does not have, naming the field", () => {
    expect(problemOf(file([entry("demo.unknown")]))).toBe('field "practice.0.competency": demo.unknown is not a competency of demo');
  });

  it("refuses a framework no framework file defines", () => {
    expect(problemOf(file([entry("demo.hope")], "elsewhere"))).toMatch(/"elsewhere", which no file in content\/frameworks defines/);
  });

  it("refuses two tasks for one competency, a misspelled rubric step and a missing setup", () => {
    expect(problemOf(file([entry("demo.hope"), entry("demo.hope")]))).toMatch(/demo.hope has two practice tasks/);
    expect(problemOf(file([entry("demo.hope", { "on-own": ["x"] })]))).toMatch(/^field "practice.0.rubric"/);
    const { setup: _setup, ...withoutSetup } = entry("demo.hope");
    expect(problemOf(file([withoutSetup]))).toMatch(/^field "practice.0.setup"/);
  });
});

describe("what the content check reports", () => {
  it("reports a competency with no practice task and a rubric step with no behaviours", () => {
    const parsed = parsePracticeFile("demo.json", file([entry("demo.listening", { "with-support": [] })]), frameworks);
    expect(practiceGaps([parsed], frameworks)).toEqual([
      'competency demo.listening: the rubric has no behaviours for "With support" (with-support)',
      "competency demo.hope has no practice task; add one to content/practice/demo.json",
    ]);
  });

  it("reports nothing for complete files", () => {
    const parsed = parsePracticeFile("demo.json", file([entry("demo.listening"), entry("demo.hope")]), frameworks);
    expect(practiceGaps([parsed], frameworks)).toEqual([]);
  });
});

describe("rubric steps and levels", () => {
  it("follows the observation scale, and each step's level is what the level rules give for that rating", () => {
    expect(RUBRIC_STEPS.map((s) => [s.rating, s.label])).toEqual(OBSERVATION_RATINGS.map((r) => [r.value, r.label]));
    for (const step of RUBRIC_STEPS) {
      const alone = deriveCompetencyLevel([{ kind: "observation", sourceRef: "o", rating: step.rating, recordedAt: "2026-01-01T00:00:00Z" }]);
      expect(step.level).toBe(alone.level);
    }
    expect(RUBRIC_STEPS.map((s) => s.level)).toEqual(["not-yet", "developing", "verified", "verified"]);
  });

  it("keys guides by framework and code, so an imported framework reusing a code gets none", () => {
    const guides = indexPracticeGuides([parsePracticeFile("demo.json", file([entry("demo.hope")]), frameworks)]);
    expect(guides[practiceKey("demo", "demo.hope")]?.title).toBe("A first meeting");
    expect(guides[practiceKey("imported", "demo.hope")]).toBeUndefined();
  });
});
