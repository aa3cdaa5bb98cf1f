import { describe, expect, it } from "vitest";
import {
  deriveCompetencyLevel,
  LEVEL_DESCRIPTIONS,
  LEVEL_LABELS,
  LEVELS,
  OBSERVATION_RATINGS,
  observationRatingLabel,
  SELF_RATINGS,
  selfRatingLabel,
  summarizeSelfAssessment,
  type RatingStep,
  type CompetencyLevel,
  type LevelEvidence,
} from "~/models/competencies/competency-level";

let clock = 0;
/** Evidence recorded one minute after the previous piece, in the order written. */
function at(): string {
  clock += 1;
  return new Date(Date.UTC(2026, 0, 1, 9, clock)).toISOString();
}
const quiz = (attempt = `a${clock}`): LevelEvidence => ({ kind: "quiz", sourceRef: `quiz_attempt:${attempt}`, rating: null, recordedAt: at() });
const reflection = (id = `r${clock}`): LevelEvidence => ({ kind: "reflection", sourceRef: `reflection:${id}`, rating: null, recordedAt: at() });
const observation = (rating: number): LevelEvidence => ({ kind: "observation", sourceRef: `observation:o${clock}`, rating, recordedAt: at() });
const self = (rating: number): LevelEvidence => ({ kind: "self_assessment", sourceRef: `self_assessment:s${clock}`, rating, recordedAt: at() });

const level = (evidence: LevelEvidence[]) => deriveCompetencyLevel(evidence).level;

describe("deriveCompetencyLevel: every path from not yet to verified", () => {
  it("is not yet with no evidence at all", () => {
    expect(deriveCompetencyLevel([])).toMatchObject({ level: "not-yet", step: 0, quizPasses: 0, reflections: 0, observations: 0 });
  });

  it.each<[string, () => LevelEvidence[], CompetencyLevel]>([
    ["not yet → developing by a passed quiz", () => [quiz()], "developing"],
    ["not yet → developing by an answered reflection", () => [reflection()], "developing"],
    ["not yet → developing by an observation rated 2 (with support)", () => [observation(2)], "developing"],
    ["not yet stays not yet with an observation rated 1 (not seen yet)", () => [observation(1)], "not-yet"],
    ["developing (quiz) → demonstrated by a reflection", () => [quiz(), reflection()], "demonstrated"],
    ["developing (reflection) → demonstrated by a quiz", () => [reflection(), quiz()], "demonstrated"],
    ["developing stays developing with a second quiz pass and no reflection", () => [quiz("a"), quiz("b")], "developing"],
    ["developing stays developing with a second reflection and no quiz", () => [reflection("x"), reflection("y")], "developing"],
    ["demonstrated → verified by an observation rated 3", () => [quiz(), reflection(), observation(3)], "verified"],
    ["demonstrated → verified by an observation rated 4", () => [quiz(), reflection(), observation(4)], "verified"],
    ["developing → verified by an observation, skipping demonstrated", () => [quiz(), observation(3)], "verified"],
    ["not yet → verified by an observation alone", () => [observation(4)], "verified"],
    ["demonstrated stays demonstrated with an observation rated 2", () => [quiz(), reflection(), observation(2)], "demonstrated"],
    ["demonstrated stays demonstrated with an observation rated 1", () => [quiz(), reflection(), observation(1)], "demonstrated"],
  ])("%s", (_, evidence, expected) => {
    expect(level(evidence())).toBe(expected);
  });

  it("follows the latest observation: verified falls back when a later observation rates lower", () => {
    expect(level([quiz(), reflection(), observation(3), observation(2)])).toBe("demonstrated");
    expect(level([quiz(), observation(4), observation(1)])).toBe("developing");
    expect(level([observation(3), observation(1)])).toBe("not-yet");
  });

  it("follows the latest observation by time, not by the order given", () => {
    const earlier = { kind: "observation" as const, sourceRef: "observation:early", rating: 2, recordedAt: "2026-01-01T09:00:00.000Z" };
    const later = { kind: "observation" as const, sourceRef: "observation:late", rating: 3, recordedAt: "2026-01-02T09:00:00.000Z" };
    expect(level([later, earlier])).toBe("verified");
    expect(level([earlier, later])).toBe("verified");
  });

  it("comes back to verified when a later observation rates 3 again", () => {
    expect(level([observation(3), observation(2), observation(3)])).toBe("verified");
  });

  it("never moves for self-assessment, however high", () => {
    expect(level([self(4)])).toBe("not-yet");
    expect(level([quiz(), self(4), self(4)])).toBe("developing");
    expect(level([quiz(), reflection(), self(1)])).toBe("demonstrated");
  });

  it("counts the same attempt or reflection once, however many competencies or rows point at it", () => {
    const attempt = quiz("same");
    const derived = deriveCompetencyLevel([attempt, { ...attempt, recordedAt: at() }, reflection("one")]);
    expect(derived).toMatchObject({ quizPasses: 1, reflections: 1, level: "demonstrated" });
  });

  it("gives each level its step, in the order of LEVELS", () => {
    expect(LEVELS).toEqual(["not-yet", "developing", "demonstrated", "verified"]);
    expect(deriveCompetencyLevel([observation(3)]).step).toBe(3);
    expect(deriveCompetencyLevel([quiz(), reflection()]).step).toBe(2);
    expect(deriveCompetencyLevel([quiz()]).step).toBe(1);
  });

  it("says what the next step is, and nothing at the top", () => {
    expect(deriveCompetencyLevel([]).next).toBe("Next step: pass a quiz about it or answer a reflection about it in a module.");
    expect(deriveCompetencyLevel([quiz()]).next).toBe("Next step: answer a reflection about it in a module.");
    expect(deriveCompetencyLevel([reflection()]).next).toBe("Next step: pass a quiz about it in a module.");
    expect(deriveCompetencyLevel([quiz(), reflection()]).next).toBe("Next step: a trainer sees you do it in practice.");
    expect(deriveCompetencyLevel([observation(3)]).next).toBeNull();
  });

  it("from an observation with support alone, asks for both a quiz and a reflection", () => {
    expect(deriveCompetencyLevel([observation(2)]).next).toBe("Next step: pass a quiz about it and answer a reflection about it in a module.");
  });

  it("counts different attempts and reflections apart, and every observation", () => {
    const derived = deriveCompetencyLevel([quiz("one"), quiz("two"), reflection("x"), reflection("y"), reflection("z"), observation(1), observation(2), self(4)]);
    expect(derived).toMatchObject({ quizPasses: 2, reflections: 3, observations: 2, latestObservationRating: 2 });
    expect(deriveCompetencyLevel([quiz(), self(3)])).toMatchObject({ observations: 0, latestObservationRating: null });
  });

  it("between observations recorded at the same moment, follows the one given last", () => {
    const moment = "2026-02-01T09:00:00.000Z";
    const rated = (rating: number): LevelEvidence => ({ kind: "observation", sourceRef: `observation:${rating}`, rating, recordedAt: moment });
    expect(level([rated(2), rated(3)])).toBe("verified");
    expect(level([rated(3), rated(2)])).toBe("developing");
  });

  it("points to a trainer's observation for a competency no module teaches", () => {
    expect(deriveCompetencyLevel([], { taughtInModules: false }).next).toBe("Next step: a trainer sees you do it in practice.");
  });
});

describe("summarizeSelfAssessment: first and latest compared", () => {
  it("has nothing to compare before any rating", () => {
    expect(summarizeSelfAssessment([quiz()])).toEqual({ first: null, latest: null, change: null, count: 0 });
  });

  it("has a first and latest but no change after one rating", () => {
    const one = self(2);
    expect(summarizeSelfAssessment([one])).toEqual({
      first: { rating: 2, recordedAt: one.recordedAt },
      latest: { rating: 2, recordedAt: one.recordedAt },
      change: null,
      count: 1,
    });
  });

  it("compares the first rating with the latest, whatever came between", () => {
    const first = self(1);
    const between = self(4);
    const last = self(3);
    const summary = summarizeSelfAssessment([last, between, quiz(), first]);
    expect(summary.first).toEqual({ rating: 1, recordedAt: first.recordedAt });
    expect(summary.latest).toEqual({ rating: 3, recordedAt: last.recordedAt });
    expect(summary.change).toBe(2);
    expect(summary.count).toBe(3);
  });

  it("counts only the trainee's own ratings: not a trainer's observation, not a self-assessment without a rating", () => {
    const unrated: LevelEvidence = { kind: "self_assessment", sourceRef: "self_assessment:none", rating: null, recordedAt: at() };
    const summary = summarizeSelfAssessment([self(1), observation(4), unrated, self(2)]);
    expect(summary).toMatchObject({ count: 2, change: 1, latest: { rating: 2 } });
  });

  it("between ratings given at the same moment, takes the first given as first and the last given as latest", () => {
    const moment = "2026-02-01T09:00:00.000Z";
    const rated = (rating: number): LevelEvidence => ({ kind: "self_assessment", sourceRef: `self_assessment:${rating}`, rating, recordedAt: moment });
    expect(summarizeSelfAssessment([rated(1), rated(3), rated(4)])).toMatchObject({ first: { rating: 1 }, latest: { rating: 4 }, change: 3 });
  });

  it("shows a step down as a negative change", () => {
    expect(summarizeSelfAssessment([self(3), self(2)]).change).toBe(-1);
  });
});

describe("the words for levels and ratings", () => {
  it("give every level its own label and description, so a page never shows a blank", () => {
    const labels = LEVELS.map((l) => LEVEL_LABELS[l]);
    const descriptions = LEVELS.map((l) => LEVEL_DESCRIPTIONS[l]);
    for (const text of [...labels, ...descriptions]) expect(text).toMatch(/\w/);
    expect(new Set(labels).size).toBe(LEVELS.length);
    expect(new Set(descriptions).size).toBe(LEVELS.length);
  });

  it.each<[string, readonly RatingStep[], (rating: number | null | undefined) => string | null]>([
    ["self-assessment", SELF_RATINGS, selfRatingLabel],
    ["observation", OBSERVATION_RATINGS, observationRatingLabel],
  ])("%s: four steps, 1 to 4, each with its own label and description, and the label found by its value", (_, scale, labelOf) => {
    expect(scale.map((step) => step.value)).toEqual([1, 2, 3, 4]);
    for (const step of scale) {
      expect(step.label).toMatch(/\w/);
      expect(step.description).toMatch(/\w/);
      expect(labelOf(step.value)).toBe(step.label);
    }
    expect(new Set(scale.map((step) => step.label)).size).toBe(4);
    expect(new Set(scale.map((step) => step.description)).size).toBe(4);
    for (const outside of [0, 5, null, undefined]) expect(labelOf(outside)).toBeNull();
  });
});
