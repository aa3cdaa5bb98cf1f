import type { AttemptStanding } from "~/content/attempt-standing";
import type { AttemptRules, QuestionKind } from "~/content/types";

export interface AttemptSummary {
  id: string;
  submittedAt: string;
  score: number;
  maxScore: number;
  passed: boolean;
}

/** One question of a handed-in attempt, as it was shown. `right` and `outcome` are null while the quiz withholds its answers. */
export interface ReviewQuestion {
  id: string;
  kind: QuestionKind;
  prompt: string;
  outcome: "right" | "partly" | "wrong" | null;
  options: { label: string; chosen: boolean; right: boolean | null }[];
  /** Feedback for each chosen option, then the question's explanation; empty while answers are withheld. */
  messages: string[];
}

export interface AttemptResult extends AttemptSummary {
  sameVersion: boolean;
  answersShown: boolean;
  questions: ReviewQuestion[];
}

/** An open paper as the form shows it: each option's value is its place on the page, not its id. */
export interface PaperView {
  id: string;
  questions: { id: string; kind: QuestionKind; prompt: string; options: { value: string; label: string }[] }[];
}

export interface QuizView {
  /** `asked` of the `pool` on each attempt: fewer when the quiz draws from a pool. */
  quiz: { id: string; title: string; asked: number; pool: number };
  paper: PaperView | null;
  rules: AttemptRules;
  /** `refusal` says why a new attempt cannot start now; null when it can. */
  standing: AttemptStanding & { refusal: string | null };
  attempts: AttemptSummary[];
  result: AttemptResult | null;
}

export interface ReflectionView {
  id: string;
  prompt: string;
  required: boolean;
  saved: { id: string; body: string; visibility: "private" | "shared"; updatedAt: string } | null;
}

export function percent(score: number, maxScore: number): number {
  return maxScore === 0 ? 0 : Math.round((score / maxScore) * 100);
}
