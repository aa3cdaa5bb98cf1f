/**
 * A module's content as the browser receives it: plain data, rendered by
 * app/components/lesson/render-node.tsx. No code is evaluated in the browser,
 * which keeps 'unsafe-eval' out of the CSP.
 */
export type RenderNode = string | RenderElement;
export interface RenderElement {
  /** A lower-case HTML tag, or the name of an author component (Section, KeyIdea, Quiz, ...). */
  t: string;
  p?: Record<string, string | number | boolean | string[]>;
  c?: RenderNode[];
}

export type QuestionKind = "single" | "multiple" | "true-false" | "scenario";

export interface OptionDefinition {
  id: string;
  label: string;
  correct: boolean;
  feedback: string | null;
}

export interface QuestionDefinition {
  id: string;
  kind: QuestionKind;
  prompt: string;
  explanation: string | null;
  competencies: string[];
  options: OptionDefinition[];
}

/** A quiz with its answer key: stays on the server. */
export interface QuizDefinition {
  id: string;
  title: string;
  questions: QuestionDefinition[];
}

/** The same quiz without anything that tells which options are right. */
export interface PublicQuiz {
  id: string;
  title: string;
  questions: { id: string; kind: QuestionKind; prompt: string; options: { id: string; label: string }[] }[];
}

export interface ReflectionPrompt {
  id: string;
  prompt: string;
  competencies: string[];
  required: boolean;
}

export interface ModuleSource {
  title: string;
  publisher: string;
  /** Absent when the source carries no date. */
  year?: number;
  url?: string;
  licence: string;
}

export interface ModuleFrontmatter {
  title: string;
  summary: string;
  track: "who-qualityrights" | "peer-support-canada" | "foundations";
  order: number;
  minutes: number;
  passMark: number;
  competencies: string[];
  contentNotes: string[];
  sources: ModuleSource[];
  licence: string;
  attribution?: string;
}

export interface CompiledModule {
  slug: string;
  contentHash: string;
  frontmatter: ModuleFrontmatter;
  sections: { id: string; title: string; tree: RenderNode[] }[];
  keyIdeas: RenderNode[][];
  quizzes: QuizDefinition[];
  reflections: ReflectionPrompt[];
}

export interface Catalog {
  builtAt: string;
  modules: CompiledModule[];
}
