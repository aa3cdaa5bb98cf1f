import { text as alexText } from "alex";
import { fleschKincaid } from "flesch-kincaid";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { syllable } from "syllable";
import { practiceGaps, practiceTextBlocks } from "../app/content/practice";
import { loadPracticeFiles, readFrameworkCodes } from "../app/content/practice.server";
import type { Catalog, CompiledModule, RenderNode } from "../app/content/types";
import { cueMarkdown, cueTableText, quizCueProblems, quizCueReport } from "./quiz-cues";

export const LIMITS = {
  minMinutes: 15,
  maxMinutes: 40,
  minSections: 2,
  minQuestions: 6,
  minScenarioQuestions: 2,
  minReflections: 2,
  maxGrade: 9,
  minModulesPerCompetency: 2,
};

export interface ContentProblem {
  module: string;
  reason: string;
}

const distressing = /suicid|self-harm|self harm|restrain|restraint|abus|violen|coerc/i;
const blockTags = new Set(["p", "li", "blockquote", "h3", "h4", "td", "th"]);

/**
 * The module's prose as blocks of text (paragraphs, list items), leaving out
 * quizzes, reflection prompts and passages marked as closed-language examples.
 */
export function bodyBlocks(nodes: RenderNode[]): string[] {
  const blocks: string[] = [];
  const textOf = (node: RenderNode): string =>
    typeof node === "string" ? node : node.t === "ClosedLanguageExample" ? "" : (node.c ?? []).map(textOf).join("");
  const visit = (node: RenderNode) => {
    if (typeof node === "string") return;
    if (node.t === "Quiz" || node.t === "Reflection" || node.t === "ClosedLanguageExample") return;
    if (blockTags.has(node.t) && !(node.c ?? []).some((child) => typeof child !== "string" && blockTags.has(child.t))) {
      const text = textOf(node).replace(/\s+/g, " ").trim();
      if (text) blocks.push(text);
      return;
    }
    node.c?.forEach(visit);
  };
  nodes.forEach(visit);
  return blocks;
}

/** Flesch-Kincaid grade of prose blocks; each block counts as at least one sentence. */
export function readingGrade(blocks: string[]): number {
  let sentences = 0;
  let words = 0;
  let syllables = 0;
  for (const block of blocks) {
    sentences += Math.max(1, (block.match(/[.!?]+(\s|$)/g) ?? []).length);
    const blockWords = block.match(/[A-Za-z0-9'’-]+/g) ?? [];
    words += blockWords.length;
    for (const word of blockWords) syllables += Math.max(1, syllable(word));
  }
  if (words === 0) return 0;
  return fleschKincaid({ sentence: sentences, word: words, syllable: syllables });
}

// Rules left out, and why: pronouns and family words describe the named people
// in scenarios ("her dad", "his landlord"); "just", "simple", "easy", "clearly"
// and "of course" are style advice, not stigma; profanity lists flag words a
// mental-health course must say plainly, so only sure profanity counts.
const alexOptions = {
  allow: [
    "he-she", "her-him", "hers-his", "herself-himself", "boy-girl", "gal-guy", "gals-man", "husband-wife",
    "brother-sister", "brothers-sisters", "dad-mom", "dads-moms", "nephew-niece", "landlady-landlord",
    "just", "simple", "easy", "clearly", "of-course", "welfare",
  ],
  profanitySureness: 2 as const,
};

// alex reads "mental" alone as a slur; in "mental health" it is the field's own name.
const fieldTerms = /\bmental(?=[ -](health|distress|illness|disorders?|wellbeing|well-being|wellness|health's))/gi;

export function languageFindings(blocks: string[]): string[] {
  const text = blocks.join("\n\n").replace(fieldTerms, "emotional");
  return alexText(text, alexOptions).messages.map((message) => `"${message.actual}" [${message.ruleId}]: ${message.reason}`);
}

export function checkModule(module: CompiledModule): ContentProblem[] {
  const problems: string[] = [];
  const { minutes, contentNotes } = module.frontmatter;
  if (minutes < LIMITS.minMinutes || minutes > LIMITS.maxMinutes) {
    problems.push(`takes ${minutes} minutes; modules take ${LIMITS.minMinutes} to ${LIMITS.maxMinutes}`);
  }
  if (module.frontmatter.track === "who-qualityrights" && !/World Health Organization/.test(module.frontmatter.attribution ?? "")) {
    problems.push("adapts the WHO module but has no attribution naming the World Health Organization (CC BY-NC-SA 3.0 IGO requires it)");
  }
  if (module.sections.length < LIMITS.minSections) problems.push(`has ${module.sections.length} section(s); needs ${LIMITS.minSections}`);
  const fullQuiz = module.quizzes.find(
    (quiz) =>
      quiz.questions.length >= LIMITS.minQuestions &&
      quiz.questions.filter((q) => q.kind === "scenario").length >= LIMITS.minScenarioQuestions,
  );
  if (!fullQuiz) {
    problems.push(`needs a quiz of ${LIMITS.minQuestions}+ questions with ${LIMITS.minScenarioQuestions}+ scenario questions`);
  }
  for (const quiz of module.quizzes) {
    for (const question of quiz.questions) {
      const explained = question.explanation || question.options.some((o) => o.correct && o.feedback);
      if (!explained) problems.push(`question "${question.id}" does not explain why its answer is right`);
    }
  }
  if (module.reflections.length < LIMITS.minReflections) {
    problems.push(`has ${module.reflections.length} reflection prompt(s); needs ${LIMITS.minReflections}`);
  }
  const blocks = module.sections.flatMap((section) => bodyBlocks(section.tree));
  const allText = [...blocks, ...module.quizzes.flatMap((q) => q.questions.map((x) => x.prompt))].join(" ");
  if (distressing.test(allText) && contentNotes.length === 0) {
    problems.push("mentions suicide, self-harm, coercion, restraint, abuse or violence but has no contentNotes");
  }
  const grade = readingGrade(blocks);
  if (grade > LIMITS.maxGrade) problems.push(`reads at grade ${grade.toFixed(1)}; keep it at ${LIMITS.maxGrade} or below`);
  for (const finding of languageFindings(blocks)) problems.push(`wording: ${finding}`);
  return problems.map((reason) => ({ module: module.slug, reason }));
}

/** Every competency of every framework is built by enough modules and asked about by at least one reflection. */
export async function checkCompetencyCoverage(catalog: Catalog, frameworksDirectory = "content/frameworks"): Promise<ContentProblem[]> {
  const problems: ContentProblem[] = [];
  for (const name of await readdir(frameworksDirectory)) {
    if (!name.endsWith(".json")) continue;
    const framework = JSON.parse(await readFile(join(frameworksDirectory, name), "utf8")) as { competencies: { code: string }[] };
    for (const { code } of framework.competencies) {
      const count = catalog.modules.filter((m) => m.frontmatter.competencies.includes(code)).length;
      if (count < LIMITS.minModulesPerCompetency) {
        problems.push({ module: name, reason: `competency ${code} is built by ${count} module(s); needs ${LIMITS.minModulesPerCompetency}` });
      }
      // A competency is practised in words, not only tested: some reflection prompt must ask about it.
      const reflections = catalog.modules.flatMap((m) => m.reflections).filter((r) => r.competencies.includes(code)).length;
      if (reflections === 0) problems.push({ module: name, reason: `competency ${code} has no reflection prompt; tag one with it` });
    }
  }
  return problems;
}

// Practice tasks name distress more widely than modules do: a role-play of a crisis needs its note even without the word "suicide".
const distressingPractice = new RegExp(`${distressing.source}|crisis|distress|harm|overdose`, "i");

/**
 * Every competency of every framework in content/frameworks has a practice task with
 * behaviours at each rubric step; practice files name only known competencies, read at
 * grade 9 or below, use respectful language, and put a content note before distress.
 */
export async function checkPractice(practiceDirectory = "content/practice", frameworksDirectory = "content/frameworks"): Promise<ContentProblem[]> {
  const frameworks = await readFrameworkCodes(frameworksDirectory);
  const { files, errors } = await loadPracticeFiles(practiceDirectory, frameworks);
  const problems: ContentProblem[] = errors.map((error) => ({ module: error.file, reason: error.problem }));
  for (const gap of practiceGaps(files, frameworks)) problems.push({ module: practiceDirectory, reason: gap });
  for (const file of files) {
    const where = join(practiceDirectory, `${file.framework}.json`);
    for (const entry of file.practice) {
      const blocks = practiceTextBlocks(entry);
      const grade = readingGrade(blocks);
      if (grade > LIMITS.maxGrade) problems.push({ module: where, reason: `${entry.competency} reads at grade ${grade.toFixed(1)}; keep it at ${LIMITS.maxGrade} or below` });
      for (const finding of languageFindings(blocks)) problems.push({ module: where, reason: `${entry.competency} wording: ${finding}` });
      if (!entry.contentNote && distressingPractice.test(blocks.join(" "))) {
        problems.push({ module: where, reason: `${entry.competency} involves distress or harm but has no contentNote (shown with the crisis lines)` });
      }
    }
  }
  return problems;
}

export function gradeReport(catalog: Catalog): { module: string; grade: number }[] {
  return catalog.modules.map((module) => ({
    module: module.slug,
    grade: Math.round(readingGrade(module.sections.flatMap((s) => bodyBlocks(s.tree))) * 10) / 10,
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { buildCatalog } = await import("../app/content/compile.server");
  const { stop } = await import("esbuild");
  const { catalog, errors } = await buildCatalog("content");
  await stop();
  const cueReports = catalog.modules.map(quizCueReport);
  if (process.argv.includes("--cues-markdown")) {
    process.stdout.write(cueMarkdown(cueReports));
    process.exit(errors.length > 0 ? 1 : 0);
  }
  const problems = [...catalog.modules.flatMap(checkModule), ...(await checkCompetencyCoverage(catalog)), ...quizCueProblems(catalog), ...(await checkPractice())];
  console.log(`${cueTableText(cueReports)}\n`);
  for (const error of errors) console.log(`${error.file}: ${error.problem}`);
  for (const problem of problems) console.log(`${problem.module}: ${problem.reason}`);
  console.log("\nReading grade (Flesch-Kincaid) per module:");
  for (const row of gradeReport(catalog)) console.log(`  ${row.grade.toFixed(1).padStart(5)}  ${row.module}`);
  console.log(`\n${catalog.modules.length} modules, ${problems.length + errors.length} problem(s).`);
  process.exitCode = problems.length + errors.length > 0 ? 1 : 0;
}
