import { gradeQuiz } from "../app/content/grading";
import type { Catalog, CompiledModule, OptionDefinition, QuestionDefinition } from "../app/content/types";
import type { ContentProblem } from "./content-checks";

/**
 * Quiz cues (issue 15, "Content: remove the cues"): figures that show whether a
 * quiz's right answers can be spotted without the knowledge, and the rules
 * `npm test` enforces on them.
 *
 * How things are measured:
 * - An option's length is its label's characters, with runs of whitespace
 *   counted as one space.
 * - "Longest" share: over the module's single and scenario questions, the
 *   right answer counts 1 when it is strictly the longest option and 1/k when
 *   it ties with k-1 wrong options for longest, which is the chance that
 *   "pick the longest, toss a coin between equals" finds it. The figures also
 *   give the strict count and the number of ties.
 * - Every strategy answers every question and the quiz is scored with the
 *   app's own `gradeQuiz`, partial credit on several-answer questions included,
 *   against the module's pass mark. Ties inside a strategy go to the option
 *   listed first (the order a trainee reads them in).
 */

export const CUE_LIMITS = {
  /** The right answer may be the longest option in at most this share of single and scenario questions. */
  maxLongestShare: 0.4,
};

/**
 * Modules whose quizzes have not been rewritten yet (issue 15, "Content: remove
 * the cues"): their cue findings are shown but do not fail `npm test`. Every
 * module NOT listed must pass every cue rule. The list can only shrink: a
 * listed module that passes every cue rule fails the check until it is
 * removed here, so whoever rewrites a module's quiz removes its line in the
 * same change. Nothing is ever added: a new module passes from the start.
 */
export const QUIZ_CUES_NOT_YET_REWRITTEN: readonly string[] = [];

export interface TestWiseStrategy {
  name: string;
  rule: string;
  answer(question: QuestionDefinition): string[];
}

function labelLength(option: OptionDefinition): number {
  return option.label.replace(/\s+/g, " ").trim().length;
}

/** The ids of the options of greatest length, in the order listed. */
export function longestOptionIds(question: QuestionDefinition): string[] {
  const most = Math.max(...question.options.map(labelLength));
  return question.options.filter((o) => labelLength(o) === most).map((o) => o.id);
}

export function longestOption(question: QuestionDefinition): string {
  return longestOptionIds(question)[0]!;
}

/** The option labelled "False" on a true/false question; otherwise the longest. */
export function falseOption(question: QuestionDefinition): string {
  const labelledFalse = question.options.find((o) => /^false[.!]?$/i.test(o.label.trim()));
  return labelledFalse?.id ?? longestOption(question);
}

/** Every option but the shortest (the first listed of the shortest, when several tie). */
export function allButShortest(question: QuestionDefinition): string[] {
  const least = Math.min(...question.options.map(labelLength));
  const shortest = question.options.find((o) => labelLength(o) === least)!;
  return question.options.filter((o) => o !== shortest).map((o) => o.id);
}

/** For an even number of options, the earlier of the two middle ones: the second of four, the first of two. */
export function middleOption(question: QuestionDefinition): string {
  return question.options[Math.ceil(question.options.length / 2) - 1]!.id;
}

// Words that carry no meaning of their own; sharing them with the prompt is no cue.
const stopWords = new Set(
  (
    "a an the and or but if then so of to in on at by for from with about as into than that this these those " +
    "is are was were be been being am do does did doing have has had having it its they them their you your " +
    "he she him her his we our us i me my who what which when where why how not no can could should would will " +
    "may might must all any some each every more most other such only own same just very too also there here"
  ).split(" "),
);

/** The meaningful words of a text, lower-cased, possessives and plural "s" dropped. */
export function contentWords(text: string): Set<string> {
  const words = (text.toLowerCase().match(/[a-z0-9]+(?:['’][a-z]+)?/g) ?? [])
    .map((word) => word.replace(/['’]s$/, "").replace(/(?<=[a-z]{3})s$/, ""))
    .filter((word) => !stopWords.has(word));
  return new Set(words);
}

/** The option sharing the most distinct meaningful words with the prompt (first listed on a tie). */
export function mostPromptWordsOption(question: QuestionDefinition): string {
  const promptWords = contentWords(question.prompt);
  let best = question.options[0]!;
  let bestShared = -1;
  for (const option of question.options) {
    const shared = [...contentWords(option.label)].filter((word) => promptWords.has(word)).length;
    if (shared > bestShared) {
      best = option;
      bestShared = shared;
    }
  }
  return best.id;
}

// A strategy that picks one option ticks that option alone on a several-answer
// question (partial credit when it is right). The strategies named after one
// question kind answer the other kinds with the longest option.
export const TEST_WISE_STRATEGIES: readonly TestWiseStrategy[] = [
  {
    name: "longest",
    rule: "the longest option (on a several-answer question, the longest alone)",
    answer: (q) => [longestOption(q)],
  },
  {
    name: "always False",
    rule: '"False" on true/false questions, the longest option elsewhere',
    answer: (q) => [q.kind === "true-false" ? falseOption(q) : longestOption(q)],
  },
  {
    name: "all but shortest",
    rule: "every option but the shortest on several-answer questions, the longest option elsewhere",
    answer: (q) => (q.kind === "multiple" ? allButShortest(q) : [longestOption(q)]),
  },
  {
    name: "every cue",
    rule: '"False" on true/false, all but the shortest on several-answer, the longest elsewhere',
    answer: (q) => (q.kind === "multiple" ? allButShortest(q) : q.kind === "true-false" ? [falseOption(q)] : [longestOption(q)]),
  },
  {
    name: "prompt words",
    rule: "the option sharing the most meaningful words with the question",
    answer: (q) => [mostPromptWordsOption(q)],
  },
  {
    name: "middle",
    rule: "the middle option (of an even number, the earlier middle one: second of four, first of two)",
    answer: (q) => [middleOption(q)],
  },
  { name: "first", rule: "the first option", answer: (q) => [q.options[0]!.id] },
  { name: "last", rule: "the last option", answer: (q) => [q.options[q.options.length - 1]!.id] },
];

export interface StrategyOutcome {
  strategy: string;
  quiz: string;
  score: number;
  maxScore: number;
  passed: boolean;
}

export interface QuizCueReport {
  module: string;
  passMark: number;
  questions: number;
  /** Single and scenario questions: the ones the "longest" share is measured over. */
  singleAnswerQuestions: number;
  longestStrict: number;
  /** Right answers tied for longest with at least one wrong option. */
  longestTied: number;
  /** (strict + each tie counted 1/k) / singleAnswerQuestions; 0 without such questions. */
  longestShare: number;
  /** How many right answers of single and scenario questions sit at each position (index 0 = first). */
  rightPositions: number[];
  trueFalse: { trueRight: number; falseRight: number };
  multipleQuestions: number;
  /** Several-answer questions whose every option but one is right. */
  allButOneMultiples: number;
  /** Questions with no competencies of their own (module-level ones do not count: every question must be tagged). */
  untaggedQuestions: string[];
  moduleCompetencies: number;
  outcomes: StrategyOutcome[];
}

export function strategyOutcomes(module: CompiledModule, strategies: readonly TestWiseStrategy[] = TEST_WISE_STRATEGIES): StrategyOutcome[] {
  return module.quizzes.flatMap((quiz) =>
    strategies.map((strategy) => {
      const answers = Object.fromEntries(quiz.questions.map((q) => [q.id, strategy.answer(q)]));
      const result = gradeQuiz(quiz, answers, module.frontmatter.passMark);
      return { strategy: strategy.name, quiz: quiz.id, score: result.score, maxScore: result.maxScore, passed: result.passed };
    }),
  );
}

export function quizCueReport(module: CompiledModule): QuizCueReport {
  const questions = module.quizzes.flatMap((quiz) => quiz.questions);
  const singleAnswer = questions.filter((q) => q.kind === "single" || q.kind === "scenario");
  let longestStrict = 0;
  let longestTied = 0;
  let longestWeight = 0;
  const rightPositions: number[] = [];
  for (const question of singleAnswer) {
    const rightIndex = question.options.findIndex((o) => o.correct);
    rightPositions[rightIndex] = (rightPositions[rightIndex] ?? 0) + 1;
    const longest = longestOptionIds(question);
    if (!longest.includes(question.options[rightIndex]!.id)) continue;
    if (longest.length === 1) longestStrict += 1;
    else longestTied += 1;
    longestWeight += 1 / longest.length;
  }
  const trueFalse = { trueRight: 0, falseRight: 0 };
  for (const question of questions.filter((q) => q.kind === "true-false")) {
    const right = question.options.find((o) => o.correct)!;
    if (/^true/i.test(right.label.trim())) trueFalse.trueRight += 1;
    else if (/^false/i.test(right.label.trim())) trueFalse.falseRight += 1;
  }
  const multiples = questions.filter((q) => q.kind === "multiple");
  return {
    module: module.slug,
    passMark: module.frontmatter.passMark,
    questions: questions.length,
    singleAnswerQuestions: singleAnswer.length,
    longestStrict,
    longestTied,
    longestShare: singleAnswer.length === 0 ? 0 : longestWeight / singleAnswer.length,
    rightPositions: Array.from(rightPositions, (count) => count ?? 0),
    trueFalse,
    multipleQuestions: multiples.length,
    allButOneMultiples: multiples.filter((q) => q.options.filter((o) => o.correct).length === q.options.length - 1).length,
    untaggedQuestions: questions.filter((q) => q.competencies.length === 0).map((q) => q.id),
    moduleCompetencies: module.frontmatter.competencies.length,
    outcomes: strategyOutcomes(module),
  };
}

/** The cue rules a report breaks, as reasons a content author can act on. */
export function cueFindings(report: QuizCueReport): string[] {
  const findings: string[] = [];
  if (report.longestShare > CUE_LIMITS.maxLongestShare) {
    findings.push(
      `the right answer is the longest option in ${percent(report.longestShare)} of single and scenario questions ` +
        `(${report.longestStrict} of ${report.singleAnswerQuestions} strictly, ${report.longestTied} tied); keep it at ${percent(CUE_LIMITS.maxLongestShare)} or below`,
    );
  }
  for (const quiz of new Set(report.outcomes.filter((o) => o.passed).map((o) => o.quiz))) {
    const passes = report.outcomes.filter((o) => o.passed && o.quiz === quiz);
    findings.push(
      `quiz "${quiz}" can be passed at its pass mark of ${percent(report.passMark)} without the knowledge, by test-wise strategies ` +
        `(see scripts/quiz-cues.ts): ${passes.map((o) => `${o.strategy} ${formatScore(o.score)} of ${o.maxScore}`).join(", ")}`,
    );
  }
  if (report.untaggedQuestions.length > 0) {
    findings.push(
      `question(s) with no competencies of their own (the module's competencies do not tag a question): ${report.untaggedQuestions.join(", ")}`,
    );
  }
  return findings;
}

/**
 * The problems `npm test` and `npm run check:content` report: every cue rule a
 * module outside the not-yet-rewritten list breaks, a listed module that
 * already passes (so the list shrinks), and a listed name that is no module.
 */
export function quizCueProblems(catalog: Catalog, notYetRewritten: readonly string[] = QUIZ_CUES_NOT_YET_REWRITTEN): ContentProblem[] {
  const listed = new Set(notYetRewritten);
  const problems: ContentProblem[] = [];
  for (const module of catalog.modules) {
    const findings = cueFindings(quizCueReport(module));
    if (!listed.has(module.slug)) {
      problems.push(...findings.map((reason) => ({ module: module.slug, reason })));
    } else if (findings.length === 0) {
      problems.push({
        module: module.slug,
        reason: "passes every quiz cue rule but is still in QUIZ_CUES_NOT_YET_REWRITTEN (scripts/quiz-cues.ts): remove it from the list",
      });
    }
  }
  const slugs = new Set(catalog.modules.map((m) => m.slug));
  for (const slug of listed) {
    if (!slugs.has(slug)) problems.push({ module: slug, reason: "is in QUIZ_CUES_NOT_YET_REWRITTEN but there is no such module" });
  }
  return problems;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(2);
}

interface TableRow {
  module: string;
  cells: string[];
}

const columns = [
  "module",
  "S+Sc",
  "longest",
  "ties",
  "share",
  "passable by (best score)",
  "untagged",
  "right at a/b/c/d",
  "T/F right",
  "all-but-1",
];

function tableRows(reports: QuizCueReport[], notYetRewritten: ReadonlySet<string>): TableRow[] {
  return reports.map((report) => {
    const passedBy = [...new Set(report.outcomes.filter((o) => o.passed).map((o) => o.strategy))];
    const best = report.outcomes.reduce((top, o) => Math.max(top, o.score / o.maxScore), 0);
    const flag = cueFindings(report).length === 0 ? "" : notYetRewritten.has(report.module) ? " (not yet rewritten)" : " (FAILS)";
    return {
      module: report.module + flag,
      cells: [
        String(report.singleAnswerQuestions),
        String(report.longestStrict),
        String(report.longestTied),
        percent(report.longestShare) + (report.longestShare > CUE_LIMITS.maxLongestShare ? "!" : ""),
        `${passedBy.length === 0 ? "none" : passedBy.join(", ")} (${percent(best)}; pass ${percent(report.passMark)})`,
        String(report.untaggedQuestions.length),
        report.rightPositions.join("/"),
        `${report.trueFalse.trueRight}T ${report.trueFalse.falseRight}F`,
        `${report.allButOneMultiples} of ${report.multipleQuestions}`,
      ],
    };
  });
}

export interface CueTotals {
  modules: number;
  singleAnswerQuestions: number;
  longestStrict: number;
  longestTied: number;
  longestShare: number;
  overLongestLimit: number;
  passableModules: number;
  passableBy: Record<string, number>;
  modulesWithUntagged: number;
  untaggedQuestions: number;
  trueRight: number;
  falseRight: number;
  multipleQuestions: number;
  allButOneMultiples: number;
  failingModules: number;
}

export function cueTotals(reports: QuizCueReport[]): CueTotals {
  const sum = (pick: (r: QuizCueReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
  const singleAnswerQuestions = sum((r) => r.singleAnswerQuestions);
  const passableBy: Record<string, number> = {};
  for (const strategy of TEST_WISE_STRATEGIES) {
    passableBy[strategy.name] = reports.filter((r) => r.outcomes.some((o) => o.passed && o.strategy === strategy.name)).length;
  }
  return {
    modules: reports.length,
    singleAnswerQuestions,
    longestStrict: sum((r) => r.longestStrict),
    longestTied: sum((r) => r.longestTied),
    longestShare: singleAnswerQuestions === 0 ? 0 : sum((r) => r.longestShare * r.singleAnswerQuestions) / singleAnswerQuestions,
    overLongestLimit: reports.filter((r) => r.longestShare > CUE_LIMITS.maxLongestShare).length,
    passableModules: reports.filter((r) => r.outcomes.some((o) => o.passed)).length,
    passableBy,
    modulesWithUntagged: reports.filter((r) => r.untaggedQuestions.length > 0).length,
    untaggedQuestions: sum((r) => r.untaggedQuestions.length),
    trueRight: sum((r) => r.trueFalse.trueRight),
    falseRight: sum((r) => r.trueFalse.falseRight),
    multipleQuestions: sum((r) => r.multipleQuestions),
    allButOneMultiples: sum((r) => r.allButOneMultiples),
    failingModules: reports.filter((r) => cueFindings(r).length > 0).length,
  };
}

function totalsLines(totals: CueTotals): string[] {
  const byStrategy = Object.entries(totals.passableBy)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${name} ${count}`)
    .join(", ");
  return [
    `${totals.failingModules} of ${totals.modules} modules break at least one cue rule.`,
    `Right answer is the longest option: ${percent(totals.longestShare)} of ${totals.singleAnswerQuestions} single and scenario questions ` +
      `(${totals.longestStrict} strictly, ${totals.longestTied} tied); ${totals.overLongestLimit} module(s) over ${percent(CUE_LIMITS.maxLongestShare)}.`,
    `Passable by a test-wise strategy: ${totals.passableModules} module(s)${byStrategy ? ` (${byStrategy})` : ""}.`,
    `Questions without competencies of their own: ${totals.untaggedQuestions}, in ${totals.modulesWithUntagged} module(s).`,
    `True/false: "True" right ${totals.trueRight}, "False" right ${totals.falseRight}. ` +
      `Several-answer questions where all but one option is right: ${totals.allButOneMultiples} of ${totals.multipleQuestions}.`,
  ];
}

const legend = [
  "S+Sc: single and scenario questions. longest: right answer strictly the longest option; ties: right answer tied for longest.",
  `share: longest share, a tie of k options counting 1/k; over ${percent(CUE_LIMITS.maxLongestShare)} fails (marked !).`,
  "passable by: strategies that pass a quiz of the module at its pass mark (best strategy score, pass mark).",
  "untagged: questions with no competencies of their own; the module's competencies still count as evidence when the quiz is passed, but every question must carry its own.",
  "right at a/b/c/d: how many right answers of single and scenario questions sit at each position.",
  "T/F right: true/false questions whose right answer is True / False. all-but-1: several-answer questions where every option but one is right.",
];

/** The figures as a fixed-width table for the terminal, one line per module, then the totals. */
export function cueTableText(reports: QuizCueReport[], notYetRewritten: readonly string[] = QUIZ_CUES_NOT_YET_REWRITTEN): string {
  const rows = tableRows(reports, new Set(notYetRewritten));
  const lines = [columns, ...rows.map((row) => [row.module, ...row.cells])];
  const widths = columns.map((_, i) => Math.max(...lines.map((line) => line[i]!.length)));
  const text = lines.map((line) => line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ").trimEnd());
  const rules = TEST_WISE_STRATEGIES.map((s) => `  ${s.name}: ${s.rule}`);
  return ["Quiz cues per module (issue 15):", ...text, "", ...totalsLines(cueTotals(reports)), "", ...legend, "Strategies:", ...rules].join("\n");
}

/** The figures as a Markdown document (docs/quiz-cues-baseline.md). */
export function cueMarkdown(reports: QuizCueReport[], notYetRewritten: readonly string[] = QUIZ_CUES_NOT_YET_REWRITTEN): string {
  const rows = tableRows(reports, new Set(notYetRewritten));
  const escape = (cell: string) => cell.replace(/\|/g, "\\|");
  return [
    "# Quiz cues per module",
    "",
    "Generated by `npm run check:content -- --cues-markdown`; the rules and how each figure is measured are in",
    "`scripts/quiz-cues.ts` (issue 15). Strategies tried on every quiz, scored with the app's own grading at the module's pass mark:",
    "",
    ...TEST_WISE_STRATEGIES.map((s) => `- **${s.name}**: ${s.rule}`),
    "",
    `| ${columns.join(" | ")} |`,
    `| ${columns.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
    ...rows.map((row) => `| ${[row.module, ...row.cells].map(escape).join(" | ")} |`),
    "",
    ...totalsLines(cueTotals(reports)).map((line) => `- ${line}`),
    "",
    ...legend.map((line) => `- ${line}`),
    "",
  ].join("\n");
}
