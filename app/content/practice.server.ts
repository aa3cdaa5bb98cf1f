import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { indexPracticeGuides, parsePracticeFile, practiceKey, PracticeFileError, type PracticeFile, type PracticeGuide } from "~/content/practice";

/** Where the build writes the checked practice guides; the server reads them from here once. */
export const PRACTICE_PATH = "build/content/practice.json";

/** Each framework file's id and competency codes: what a practice file may refer to. */
export async function readFrameworkCodes(frameworksDirectory: string): Promise<Map<string, Set<string>>> {
  const frameworks = new Map<string, Set<string>>();
  for (const name of (await readdir(frameworksDirectory)).filter((n) => n.endsWith(".json")).sort()) {
    const framework = JSON.parse(await readFile(join(frameworksDirectory, name), "utf8")) as { id: string; competencies: { code: string }[] };
    frameworks.set(framework.id, new Set(framework.competencies.map((c) => c.code)));
  }
  return frameworks;
}

/**
 * Reads and checks every file in content/practice. A file that cannot be used
 * is reported in `errors` (file and field) and left out; the others load.
 */
export async function loadPracticeFiles(
  practiceDirectory: string,
  frameworks: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<{ files: PracticeFile[]; errors: PracticeFileError[] }> {
  const files: PracticeFile[] = [];
  const errors: PracticeFileError[] = [];
  let names: string[];
  try {
    names = (await readdir(practiceDirectory)).filter((name) => name.endsWith(".json")).sort();
  } catch {
    return { files, errors: [new PracticeFileError(practiceDirectory, "the practice folder is missing")] };
  }
  for (const name of names) {
    const file = join(practiceDirectory, name);
    try {
      let raw: unknown;
      try {
        raw = JSON.parse(await readFile(file, "utf8"));
      } catch (error) {
        throw new PracticeFileError(file, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      }
      const parsed = parsePracticeFile(file, raw, frameworks);
      if (files.some((f) => f.framework === parsed.framework)) throw new PracticeFileError(file, `another file already holds the practice of ${parsed.framework}`);
      files.push(parsed);
    } catch (error) {
      if (error instanceof PracticeFileError) errors.push(error);
      else throw error;
    }
  }
  return { files, errors };
}

let guides: Record<string, PracticeGuide> | undefined;

function allGuides(): Record<string, PracticeGuide> {
  if (!guides) {
    try {
      guides = indexPracticeGuides(JSON.parse(readFileSync(PRACTICE_PATH, "utf8")) as PracticeFile[]);
    } catch {
      throw new Error(`No practice guides at ${PRACTICE_PATH}. Run \`npm run build\` first.`);
    }
  }
  return guides;
}

/**
 * The practice guide of each competency that has one, keyed by competency id.
 * Only frameworks from content/ have guides; an imported framework's competencies get none.
 */
export function practiceGuidesFor(frameworks: readonly { slug: string; source: string; competencies: readonly { id: string; code: string }[] }[]) {
  const all = allGuides();
  const found: Record<string, PracticeGuide> = {};
  for (const framework of frameworks) {
    if (framework.source !== "content") continue;
    for (const competency of framework.competencies) {
      const guide = all[practiceKey(framework.slug, competency.code)];
      if (guide) found[competency.id] = guide;
    }
  }
  return found;
}
