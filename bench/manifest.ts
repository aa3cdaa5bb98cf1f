/** What bench/seed.ts hands to bench/run.ts, and what both need to know of the modules. */
import type { PaperQuestion } from "~/content/quiz-paper";
import type { CompiledModule, RenderNode } from "~/content/types";

export interface BenchLearner {
  sessionId: string;
  organizationSlug: string;
}

export interface BenchManifest {
  trainees: number;
  seconds: number;
  counts: Record<string, number>;
  /** Signed-in trainees of every organization, for the pages and forms of a learner. */
  learners: BenchLearner[];
  /** Open papers of those trainees (each module's first quiz), each to be handed in once. */
  quizPapers: (BenchLearner & { moduleSlug: string; paperId: string; questions: PaperQuestion[] })[];
  /** A trainer's session with one of the trainer's cohorts. */
  cohortViews: { sessionId: string; organizationSlug: string; cohortId: string }[];
  /** Verification codes of issued records, as people type them. */
  verificationCodes: string[];
}

/** The id of the section whose render tree holds this quiz or reflection. */
export function sectionOf(module: CompiledModule, kind: "Quiz" | "Reflection", id: string): string {
  const holds = (node: RenderNode): boolean =>
    typeof node !== "string" && ((node.t === kind && String(node.p?.id) === id) || (node.c ?? []).some(holds));
  const section = module.sections.find((s) => s.tree.some(holds));
  if (!section) throw new Error(`${kind} ${id} of ${module.slug} is in no section`);
  return section.id;
}

