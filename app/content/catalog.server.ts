import { readFileSync } from "node:fs";
import { CATALOG_PATH } from "~/content/catalog-path";
import type { Catalog, CompiledModule } from "~/content/types";

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
