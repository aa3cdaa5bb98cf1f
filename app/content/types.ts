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

/** How many questions each attempt draws from a quiz's pool, and how many of them must carry each competency. */
export interface QuizDraw {
  count: number;
  perCompetency: Record<string, number>;
}

/** When a quiz shows which options were right: after every attempt, once passed, or once no attempt is left. */
export type ShowAnswers = "always" | "after-passing" | "after-last-attempt";

/** How often and how soon a quiz can be taken again. */
export interface AttemptRules {
  /** Null: as many attempts as the trainee likes. */
  maxAttempts: number | null;
  /** Minutes between handing in an attempt and starting the next; 0 for none. */
  waitMinutes: number;
  showAnswers: ShowAnswers;
}

/** A quiz with its answer key: stays on the server. */
export interface QuizDefinition {
  id: string;
  title: string;
  /** The pool: every question the quiz can ask. */
  questions: QuestionDefinition[];
  /** Null: every attempt asks every question. */
  draw: QuizDraw | null;
  rules: AttemptRules;
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
