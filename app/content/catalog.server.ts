import { readFileSync } from "node:fs";
import { CATALOG_PATH } from "~/content/catalog-path";
import type { Catalog, CompiledModule, PublicQuiz, QuizDefinition } from "~/content/types";

let catalog: Catalog | undefined;
let bySlug: Map<string, CompiledModule> | undefined;

/**
 * The compiled modules, read once per process from the build output and kept
 * in memory: no request compiles or reads MDX.
 */
export function getCatalog(): Catalog {
  if (!catalog) {
    try {
      catalog = JSON.parse(readFileSync(CATALOG_PATH, "utf8")) as Catalog;
    } catch {
      throw new Error(`No compiled modules at ${CATALOG_PATH}. Run \`npm run build\` first.`);
    }
    bySlug = new Map(catalog.modules.map((module) => [module.slug, module]));
  }
  return catalog;
}

export function findModule(slug: string): CompiledModule | undefined {
  getCatalog();
  return bySlug!.get(slug);
}

export function listModules(): CompiledModule[] {
  return getCatalog().modules;
}

/** What the browser may know of a quiz before submitting: no correct flags, no feedback. */
export function toPublicQuiz(quiz: QuizDefinition): PublicQuiz {
  return {
    id: quiz.id,
    title: quiz.title,
    questions: quiz.questions.map((question) => ({
      id: question.id,
      kind: question.kind,
      prompt: question.prompt,
      options: question.options.map((option) => ({ id: option.id, label: option.label })),
    })),
  };
}
