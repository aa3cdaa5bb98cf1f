/**
 * Classical item analysis of quiz questions, as pure functions over the
 * answers of one question: how many answered, facility, the upper-lower
 * discrimination index, how often each option was chosen, and the flags that
 * tell an author a question does not work. No database here; the model in
 * item-statistics.server.ts feeds it.
 */

/** One person's answer to one question, with the score of the whole attempt it was part of. */
export interface ItemResponse {
  /** The attempt's score as a share of its maximum, 0 to 1: what "upper" and "lower" third are ranked by. */
  attemptScore: number;
  /** The question's score, 0 to 1 (several-answer questions earn partial credit). */
  itemScore: number;
  /** The chosen option ids: ids, never display positions, so a shuffled order does not matter. */
  selected: readonly string[];
}

/** Below this many answers a share right says more about who happened to answer than about the question. */
export const FACILITY_MIN_ANSWERS = 10;
/** Five people in each third at least: with fewer, one person moves the index by 0.2 or more. */
export const DISCRIMINATION_MIN_ANSWERS = 15;

export const TOO_EASY_ABOVE = 0.95;
export const TOO_HARD_BELOW = 0.2;
export const WEAK_DISCRIMINATION_BELOW = 0.1;

export type ItemFlag =
  | { kind: "too-easy" }
  | { kind: "too-hard" }
  | { kind: "weak-discrimination" }
  | { kind: "negative-discrimination" }
  | { kind: "option-never-chosen"; optionIds: string[] };

/** Attempt shares are sums of fractions; rounding keeps equal scores equal when they were added in another order. */
const rank = (share: number) => Math.round(share * 1e9) / 1e9;

/** The mean score on the question (for one-answer questions, the share who answered right), or null below the minimum. */
export function facility(responses: readonly ItemResponse[]): number | null {
  if (responses.length < FACILITY_MIN_ANSWERS) return null;
  return responses.reduce((sum, r) => sum + r.itemScore, 0) / responses.length;
}

/**
 * The mean question score of the `size` best (or worst) attempts, ranked by
 * attempt score. Attempts tied at the cut share the places left: each
 * counts with the same weight, so the result does not depend on the order
 * the rows came in.
 */
function groupMean(ranked: readonly ItemResponse[], size: number): number {
  let taken = 0;
  let sum = 0;
  for (let start = 0; taken < size; ) {
    const score = rank(ranked[start]!.attemptScore);
    let end = start;
    let tiedSum = 0;
    while (end < ranked.length && rank(ranked[end]!.attemptScore) === score) tiedSum += ranked[end++]!.itemScore;
    const places = Math.min(end - start, size - taken);
    sum += (places * tiedSum) / (end - start);
    taken += places;
    start = end;
  }
  return sum / size;
}

/**
 * The classic upper-lower discrimination index: the mean question score in
 * the top third of attempts (by attempt score) minus that in the bottom
 * third. +1: only the strongest get it right; 0: it does not tell them
 * apart; negative: the weaker do better. Null below the minimum.
 */
export function discrimination(responses: readonly ItemResponse[]): number | null {
  if (responses.length < DISCRIMINATION_MIN_ANSWERS) return null;
  const size = Math.floor(responses.length / 3);
  const best = [...responses].sort((a, b) => rank(b.attemptScore) - rank(a.attemptScore));
  const worst = [...best].reverse();
  return groupMean(best, size) - groupMean(worst, size);
}

export interface OptionChoice {
  optionId: string;
  /** How many answers chose it (several-answer questions: each ticked option counts once per answer). */
  chosen: number;
}

/**
 * How often each option was chosen: the options the question offers, in its
 * own order, then any other id found in the answers (an option of an older
 * version whose text is not kept), in id order.
 */
export function optionChoices(offered: readonly string[], responses: readonly ItemResponse[]): OptionChoice[] {
  const counts = new Map<string, number>(offered.map((id) => [id, 0]));
  const others = new Set<string>();
  for (const response of responses) {
    for (const id of response.selected) {
      if (!counts.has(id)) others.add(id);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return [...offered, ...[...others].sort()].map((optionId) => ({ optionId, chosen: counts.get(optionId)! }));
}

/**
 * What tells an author to look again at a question. Each flag waits for
 * enough answers to mean something: facility and unchosen options from
 * FACILITY_MIN_ANSWERS, discrimination from DISCRIMINATION_MIN_ANSWERS (the
 * functions above return null before that). Unchosen options are named only
 * when the question's options are known (`optionsKnown`).
 */
export function itemFlags(input: {
  facility: number | null;
  discrimination: number | null;
  options: readonly OptionChoice[];
  optionsKnown: boolean;
}): ItemFlag[] {
  const flags: ItemFlag[] = [];
  if (input.facility !== null && input.facility > TOO_EASY_ABOVE) flags.push({ kind: "too-easy" });
  if (input.facility !== null && input.facility < TOO_HARD_BELOW) flags.push({ kind: "too-hard" });
  if (input.discrimination !== null && input.discrimination < 0) flags.push({ kind: "negative-discrimination" });
  else if (input.discrimination !== null && input.discrimination < WEAK_DISCRIMINATION_BELOW) flags.push({ kind: "weak-discrimination" });
  const unchosen = input.options.filter((o) => o.chosen === 0).map((o) => o.optionId);
  if (input.optionsKnown && input.facility !== null && unchosen.length > 0) flags.push({ kind: "option-never-chosen", optionIds: unchosen });
  return flags;
}

export interface ItemAnalysis {
  answered: number;
  facility: number | null;
  discrimination: number | null;
  options: OptionChoice[];
  flags: ItemFlag[];
}

/** Everything about one question. `offered` is null when the question's options are not known (an older version). */
export function analyseItem(offered: readonly string[] | null, responses: readonly ItemResponse[]): ItemAnalysis {
  const result = {
    answered: responses.length,
    facility: facility(responses),
    discrimination: discrimination(responses),
    options: optionChoices(offered ?? [], responses),
  };
  return { ...result, flags: itemFlags({ ...result, optionsKnown: offered !== null }) };
}

/** Words for a flag, the same on the page and in the CSV. */
export function describeFlag(flag: ItemFlag): string {
  switch (flag.kind) {
    case "too-easy":
      return "Almost everyone gets it right (more than 95%): it may not test anything.";
    case "too-hard":
      return "Fewer than 1 in 5 get it right: check the answer key and the wording, and whether the module teaches it.";
    case "weak-discrimination":
      return "It hardly tells apart trainees who did well on the quiz from those who did not (discrimination below 0.1).";
    case "negative-discrimination":
      return "Trainees who did worse on the quiz get it right more often than those who did well: check the answer key and the wording.";
    case "option-never-chosen":
      return `${flag.optionIds.length === 1 ? "Option" : "Options"} ${flag.optionIds.join(", ")} never chosen: ${flag.optionIds.length === 1 ? "it draws" : "they draw"} nobody, so ${flag.optionIds.length === 1 ? "it does" : "they do"} not test anything.`;
  }
}

/** A share as a decimal with two places, the way item statistics are usually written. */
export const twoPlaces = (value: number) => (Math.round(value * 100) / 100).toFixed(2);
