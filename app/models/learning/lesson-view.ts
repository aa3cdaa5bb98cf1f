import type { PublicQuiz } from "~/content/types";

export interface AttemptSummary {
  id: string;
  submittedAt: string;
  score: number;
  maxScore: number;
  passed: boolean;
}

export interface AttemptResult extends AttemptSummary {
  sameVersion: boolean;
  questions: { questionId: string; selected: string[]; score: number; correctOptions: string[]; messages: string[] }[];
}

export interface QuizView {
  quiz: PublicQuiz;
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
