import { describe, expect, it } from "vitest";
import {
  analyseItem,
  discrimination,
  facility,
  itemFlags,
  optionChoices,
  type ItemResponse,
  type OptionChoice,
} from "~/models/learning/item-statistics";

/** An answer: [attempt score, question score, chosen options]. */
const answer = (attemptScore: number, itemScore: number, selected: string[] = ["a"]): ItemResponse => ({ attemptScore, itemScore, selected });

/** `right` answers scoring 1 and `wrong` scoring 0, each in an attempt of its own score. */
function answers(right: number, wrong: number): ItemResponse[] {
  return [...Array.from({ length: right }, (_, i) => answer(1 - i / 100, 1)), ...Array.from({ length: wrong }, (_, i) => answer(0.5 - i / 100, 0))];
}

describe("facility", () => {
  it("is the share who answered right: 7 of 10 is 0.7", () => {
    expect(facility(answers(7, 3))).toBeCloseTo(0.7, 10);
  });

  it("is the mean score when several-answer questions earn partial credit: (1 + 0.5 + 0.5 + 0 + 6 × 1) / 10 = 0.8", () => {
    const partial = [answer(0.9, 1), answer(0.8, 0.5), answer(0.7, 0.5), answer(0.6, 0), ...Array.from({ length: 6 }, () => answer(1, 1))];
    expect(facility(partial)).toBeCloseTo(0.8, 10);
  });

  it("is not given below 10 answers", () => {
    expect(facility(answers(9, 0))).toBeNull();
    expect(facility(answers(10, 0))).toBe(1);
  });
});

describe("discrimination (upper third minus lower third)", () => {
  it("15 attempts, thirds of 5: 4 of the best 5 right (0.8) minus 1 of the worst 5 (0.2) is 0.6", () => {
    // Attempt scores 15/15 down to 1/15; the question is right in attempts ranked 1, 2, 3, 5 (top), 8, 9 (middle) and 13 (bottom).
    const rightRanks = new Set([1, 2, 3, 5, 8, 9, 13]);
    const responses = Array.from({ length: 15 }, (_, i) => answer((15 - i) / 15, rightRanks.has(i + 1) ? 1 : 0));
    expect(discrimination(responses)).toBeCloseTo(0.6, 10);
  });

  it("does not depend on the order the answers come in", () => {
    const rightRanks = new Set([1, 2, 3, 5, 8, 9, 13]);
    const responses = Array.from({ length: 15 }, (_, i) => answer((15 - i) / 15, rightRanks.has(i + 1) ? 1 : 0));
    const shuffled = [7, 14, 0, 3, 11, 5, 9, 1, 12, 6, 2, 13, 8, 4, 10].map((i) => responses[i]!);
    expect(discrimination(shuffled)).toBeCloseTo(0.6, 10);
  });

  it("shares the places at the cut among tied attempts: (4 + 2 × 1/3) / 5 − 1/5 = 11/15", () => {
    const responses = [
      // The top four, all right.
      answer(1, 1),
      answer(0.9, 1),
      answer(0.8, 1),
      answer(0.7, 1),
      // Three tied at 0.6 for the fifth place: one of them right, so the place counts 1/3.
      answer(0.6, 1),
      answer(0.6, 0),
      answer(0.6, 0),
      // The middle.
      answer(0.5, 0),
      answer(0.5, 1),
      answer(0.5, 0),
      // The bottom five: one right.
      answer(0.45, 0),
      answer(0.4, 0),
      answer(0.3, 1),
      answer(0.2, 0),
      answer(0.1, 0),
    ];
    // Upper: 4 right + one place shared by three attempts of which one is right = 4 + 1/3 over 5 = 13/15; lower: 1/5 = 3/15.
    expect(discrimination(responses)).toBeCloseTo(13 / 15 - 3 / 15, 10);
  });

  it("counts partial credit in each third", () => {
    // 16 attempts, thirds of 5 (16 / 3 rounded down).
    const top = [1, 1, 0.5, 0.5, 0].map((score, i) => answer(1 - i / 100, score)); // mean 0.6
    const middle = Array.from({ length: 6 }, (_, i) => answer(0.6 - i / 100, 1));
    const bottom = [0.5, 0, 0, 0, 0].map((score, i) => answer(0.2 - i / 100, score)); // mean 0.1
    expect(discrimination([...top, ...middle, ...bottom])).toBeCloseTo(0.5, 10);
  });

  it("is negative when the weaker attempts get it right and the stronger do not", () => {
    const responses = Array.from({ length: 15 }, (_, i) => answer((15 - i) / 15, i >= 10 ? 1 : 0));
    expect(discrimination(responses)).toBeCloseTo(-1, 10);
  });

  it("is 0 when every attempt has the same score", () => {
    const responses = Array.from({ length: 15 }, (_, i) => answer(0.6, i % 2));
    expect(discrimination(responses)).toBeCloseTo(0, 10);
  });

  it("treats attempt scores added in another order as equal", () => {
    // 1/3 + 2/3 and 2/3 + 1/3 as floating point: both are one tie, so the place is shared.
    const a = 1 / 3 + 2 / 3;
    const b = 2 / 3 + 1 / 3 + 1e-12;
    const responses = [answer(a, 1), answer(b, 0), ...Array.from({ length: 13 }, (_, i) => answer(0.5 - i / 100, 0))];
    // Thirds of 5: the two tied at the top both fit, 1 right of 5 places = 0.2; the bottom 0.
    expect(discrimination(responses)).toBeCloseTo(0.2, 10);
  });

  it("is not given below 15 answers", () => {
    expect(discrimination(answers(7, 7))).toBeNull();
    expect(discrimination(answers(8, 7))).not.toBeNull();
  });
});

describe("how often each option was chosen", () => {
  it("counts each option by id, several-answer ticks once each, in the question's order, unknown ids after", () => {
    const responses = [answer(1, 1, ["a"]), answer(1, 1, ["a"]), answer(1, 0, ["b"]), answer(1, 0, ["b"]), answer(1, 0.5, ["a", "d"]), answer(1, 0, ["z"])];
    expect(optionChoices(["a", "b", "c", "d"], responses)).toEqual([
      { optionId: "a", chosen: 3 },
      { optionId: "b", chosen: 2 },
      { optionId: "c", chosen: 0 },
      { optionId: "d", chosen: 1 },
      { optionId: "z", chosen: 1 },
    ]);
  });
});

describe("flags", () => {
  const chosen: OptionChoice[] = [
    { optionId: "a", chosen: 5 },
    { optionId: "b", chosen: 5 },
  ];
  const flagsOf = (f: number | null, d: number | null, options = chosen, optionsKnown = true) =>
    itemFlags({ facility: f, discrimination: d, options, optionsKnown }).map((flag) => flag.kind);

  it("too easy above 0.95, too hard below 0.2; the limits themselves pass", () => {
    expect(flagsOf(0.96, 0.3)).toEqual(["too-easy"]);
    expect(flagsOf(0.95, 0.3)).toEqual([]);
    expect(flagsOf(0.19, 0.3)).toEqual(["too-hard"]);
    expect(flagsOf(0.2, 0.3)).toEqual([]);
  });

  it("weak discrimination below 0.1; negative discrimination on its own flag", () => {
    expect(flagsOf(0.5, 0.09)).toEqual(["weak-discrimination"]);
    expect(flagsOf(0.5, 0.1)).toEqual([]);
    expect(flagsOf(0.5, -0.05)).toEqual(["negative-discrimination"]);
  });

  it("names the options nobody chose, once there are enough answers and the options are known", () => {
    const unchosen: OptionChoice[] = [...chosen, { optionId: "c", chosen: 0 }];
    expect(itemFlags({ facility: 0.5, discrimination: null, options: unchosen, optionsKnown: true })).toEqual([
      { kind: "option-never-chosen", optionIds: ["c"] },
    ]);
    expect(flagsOf(null, null, unchosen)).toEqual([]);
    expect(flagsOf(0.5, null, unchosen, false)).toEqual([]);
  });

  it("raises nothing before there are enough answers", () => {
    expect(flagsOf(null, null)).toEqual([]);
  });
});

describe("one question's analysis", () => {
  it("12 answers: facility 9/12 = 0.75, no discrimination yet, option c never chosen", () => {
    const responses = [...Array.from({ length: 9 }, (_, i) => answer(1 - i / 100, 1, ["b"])), ...Array.from({ length: 3 }, (_, i) => answer(0.3 - i / 100, 0, ["a"]))];
    expect(analyseItem(["a", "b", "c"], responses)).toEqual({
      answered: 12,
      facility: 0.75,
      discrimination: null,
      options: [
        { optionId: "a", chosen: 3 },
        { optionId: "b", chosen: 9 },
        { optionId: "c", chosen: 0 },
      ],
      flags: [{ kind: "option-never-chosen", optionIds: ["c"] }],
    });
  });

  it("an older version's question (options not known) lists the ids found in the answers and flags no unchosen option", () => {
    const responses = Array.from({ length: 10 }, (_, i) => answer(1, i < 8 ? 1 : 0, [i < 8 ? "q2-b" : "q2-a"]));
    const analysis = analyseItem(null, responses);
    expect(analysis.options).toEqual([
      { optionId: "q2-a", chosen: 2 },
      { optionId: "q2-b", chosen: 8 },
    ]);
    expect(analysis.facility).toBeCloseTo(0.8, 10);
    expect(analysis.flags).toEqual([]);
  });
});
