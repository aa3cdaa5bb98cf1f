import { describe, expect, it } from "vitest";
import { gradeQuiz } from "~/content/grading";
import type { Catalog, CompiledModule, QuestionDefinition } from "~/content/types";
import {
  allButShortest,
  contentWords,
  cueFindings,
  cueMarkdown,
  cueTableText,
  falseOption,
  longestOptionIds,
  middleOption,
  mostPromptWordsOption,
  quizCueProblems,
  quizCueReport,
  TEST_WISE_STRATEGIES,
} from "../../scripts/quiz-cues";

let questionCount = 0;

/** A question from its option labels; a label starting with "*" is a right answer. */
function question(kind: QuestionDefinition["kind"], labels: string[], options: { prompt?: string; competencies?: string[] } = {}): QuestionDefinition {
  questionCount += 1;
  return {
    id: `q${questionCount}`,
    kind,
    prompt: options.prompt ?? "Which fits?",
    explanation: "Because.",
    competencies: options.competencies ?? ["psc.communication"],
    options: labels.map((label, index) => ({
      id: String.fromCharCode(97 + index),
      label: label.replace(/^\*/, ""),
      correct: label.startsWith("*"),
      feedback: null,
    })),
  };
}

function moduleOf(slug: string, questions: QuestionDefinition[], passMark = 0.8): CompiledModule {
  return {
    slug,
    contentHash: "hash",
    frontmatter: {
      title: slug,
      summary: "A module.",
      track: "foundations",
      order: 1,
      minutes: 20,
      passMark,
      competencies: ["psc.communication"],
      contentNotes: [],
      sources: [],
      licence: "CC BY 4.0",
    },
    sections: [],
    keyIdeas: [],
    quizzes: [{ id: `${slug}-check`, title: "Check", questions, draw: null, rules: { maxAttempts: null, waitMinutes: 0, showAnswers: "always" } }],
    reflections: [],
  };
}

function passingStrategies(module: CompiledModule): string[] {
  return quizCueReport(module).outcomes.filter((o) => o.passed).map((o) => o.strategy);
}

function outcome(module: CompiledModule, strategy: string) {
  return quizCueReport(module).outcomes.find((o) => o.strategy === strategy)!;
}

// Right answers at every position, never the longest, prompts sharing no words with any option.
const balancedQuestions = () => [
  question("single", ["*Ask her", "Tell her what to do next", "Call her family", "Wait"]),
  question("single", ["Fix the problem for him", "*Listen first", "Say nothing at all", "Leave"]),
  question("scenario", ["Give advice straight away", "Change the topic", "*Ask what helps", "End"]),
  question("scenario", ["Share every detail of your story", "Keep it all secret", "Go", "*Offer choices"]),
  question("single", ["Decide for the person now", "Promise to keep it", "*Check in later", "Do"]),
];

// The same questions with each right answer made the longest option.
const longestRightQuestions = () => [
  question("single", ["*Ask her what she would like to happen", "Tell her what to do", "Call her family", "Wait"]),
  question("single", ["Fix the problem for him", "*Listen first and ask what he needs", "Say nothing at all", "Leave"]),
  question("scenario", ["Give advice straight away", "Change the topic", "*Ask what has helped her in the past", "End"]),
  question("scenario", ["Share every detail", "Keep it all secret", "Go", "*Offer choices and respect the one she makes"]),
  question("single", ["Decide for the person now", "Promise to keep it", "*Check in later, as you agreed together", "Do"]),
];

describe("the longest-option share", () => {
  it("counts a right answer that is strictly the longest, over single and scenario questions only", () => {
    const report = quizCueReport(moduleOf("cued", [...longestRightQuestions(), question("true-false", ["True", "*False"])]));
    expect(report.singleAnswerQuestions).toBe(5);
    expect(report.longestStrict).toBe(5);
    expect(report.longestShare).toBe(1);
    expect(cueFindings(report).join("\n")).toMatch(/longest option in 100% of single and scenario questions \(5 of 5 strictly, 0 tied\)/);
  });
  it("finds no longest cue when right answers are never the longest", () => {
    const report = quizCueReport(moduleOf("balanced", balancedQuestions()));
    expect(report.longestStrict).toBe(0);
    expect(report.longestShare).toBe(0);
    expect(cueFindings(report)).toEqual([]);
  });
  it("counts a tie for longest as one over the number of tied options", () => {
    const tied = question("single", ["*Same size", "Same Size", "Short"]);
    expect(longestOptionIds(tied)).toEqual(["a", "b"]);
    const report = quizCueReport(moduleOf("tied", [tied, question("single", ["*Yes", "Not this one"])]));
    expect(report.longestStrict).toBe(0);
    expect(report.longestTied).toBe(1);
    expect(report.longestShare).toBeCloseTo(0.25);
  });
  it("fails a module just over 40% and passes one at 40%", () => {
    const atLimit = [
      ...longestRightQuestions().slice(0, 2),
      ...balancedQuestions().slice(2),
    ];
    expect(quizCueReport(moduleOf("at-limit", atLimit)).longestShare).toBeCloseTo(0.4);
    expect(cueFindings(quizCueReport(moduleOf("at-limit", atLimit))).some((f) => /longest option in/.test(f))).toBe(false);
    const over = [...longestRightQuestions().slice(0, 3), ...balancedQuestions().slice(3)];
    expect(cueFindings(quizCueReport(moduleOf("over", over))).some((f) => /longest option in 60%/.test(f))).toBe(true);
  });
});

describe("test-wise strategies", () => {
  it("a quiz whose right answer is always the longest is passed by choosing the longest", () => {
    const module = moduleOf("cued", longestRightQuestions());
    expect(outcome(module, "longest")).toMatchObject({ score: 5, maxScore: 5, passed: true });
    expect(cueFindings(quizCueReport(module)).join("\n")).toMatch(/quiz "cued-check" can be passed at its pass mark of 80%.*longest 5 of 5/);
  });
  it("a balanced quiz cannot be passed by any strategy", () => {
    const module = moduleOf("balanced", balancedQuestions());
    expect(passingStrategies(module)).toEqual([]);
    expect(quizCueReport(module).outcomes).toHaveLength(TEST_WISE_STRATEGIES.length);
    expect(Math.max(...quizCueReport(module).outcomes.map((o) => o.score))).toBe(1);
  });
  it("judges against the module's own pass mark", () => {
    const threeOfFive = [...longestRightQuestions().slice(0, 3), ...balancedQuestions().slice(3)];
    expect(passingStrategies(moduleOf("strict", threeOfFive, 0.8))).not.toContain("longest");
    expect(passingStrategies(moduleOf("lenient", threeOfFive, 0.6))).toContain("longest");
  });
  it('"always False" picks the option labelled False wherever it is listed', () => {
    expect(falseOption(question("true-false", ["*True", "False"]))).toBe("b");
    expect(falseOption(question("true-false", ["False", "*True"]))).toBe("a");
  });
  it('a true/false quiz where False is always right is passed by "always False"; a balanced one is not', () => {
    const allFalse = moduleOf("false", Array.from({ length: 5 }, () => question("true-false", ["True", "*False"])));
    expect(outcome(allFalse, "always False")).toMatchObject({ score: 5, passed: true });
    const mixed = moduleOf("mixed", [
      ...Array.from({ length: 3 }, () => question("true-false", ["*True", "False"])),
      ...Array.from({ length: 2 }, () => question("true-false", ["True", "*False"])),
    ]);
    expect(outcome(mixed, "always False")).toMatchObject({ score: 2, passed: false });
    expect(quizCueReport(mixed).trueFalse).toEqual({ trueRight: 3, falseRight: 2 });
  });
  it("ticks every option but the shortest on several-answer questions", () => {
    expect(allButShortest(question("multiple", ["*Listen well", "*Ask questions", "No", "*Respect choices"]))).toEqual(["a", "b", "d"]);
    // Of two equally short options, the first listed is left out.
    expect(allButShortest(question("multiple", ["*Yes", "Nah", "*Maybe"]))).toEqual(["b", "c"]);
  });
  it('an "all but the absurd one" quiz is passed by ticking all but the shortest; two right of four is not', () => {
    const allButOne = () => question("multiple", ["*Listen well", "*Ask questions", "Shout", "*Respect choices"]);
    const module = moduleOf("all-but-one", Array.from({ length: 5 }, allButOne));
    expect(outcome(module, "all but shortest")).toMatchObject({ score: 5, passed: true });
    // Ticking the longest alone earns a third of each question: partial credit, not a pass.
    expect(outcome(module, "longest").score).toBeCloseTo(5 / 3);
    expect(outcome(module, "longest").passed).toBe(false);
    expect(quizCueReport(module).allButOneMultiples).toBe(5);
    const twoOfFour = () => question("multiple", ["*Listen well", "Give advice", "*Ask", "Decide for them"]);
    expect(passingStrategies(moduleOf("two-of-four", Array.from({ length: 5 }, twoOfFour)))).toEqual([]);
  });
  it("scores several-answer questions exactly as the app grades them, wrong ticks taking credit back", () => {
    const shortestRight = question("multiple", ["*Listen well", "*Ask questions", "*Be", "Decide for them"]);
    const module = moduleOf("partial", [shortestRight]);
    const graded = gradeQuiz(module.quizzes[0]!, { [shortestRight.id]: allButShortest(shortestRight) }, 0.8);
    expect(outcome(module, "all but shortest").score).toBeCloseTo(1 / 3);
    expect(outcome(module, "all but shortest").score).toBe(graded.score);
  });
  it("finds the option sharing the most meaningful words with the question, ignoring words like 'when' and 'your'", () => {
    expect(contentWords("When is it right to share your story?")).toEqual(new Set(["right", "share", "story"]));
    const echo = question("single", ["When it is your turn", "*Share the story if it helps", "Never"], { prompt: "When is it right to share your story?" });
    expect(mostPromptWordsOption(echo)).toBe("b");
  });
  it("a quiz whose right answers echo the question is passed by choosing the option sharing most words", () => {
    const echoes = [
      question("single", ["Keep quiet", "*Name the feeling you hear", "Give advice"], { prompt: "How do you name a feeling you hear?" }),
      question("single", ["*Ask about their hopes", "Tell them about yours", "Change topic"], { prompt: "What do you ask about a person's hopes?" }),
      question("single", ["Wait a week", "Call their family", "*Follow the safety plan"], { prompt: "Which step follows the safety plan?" }),
      question("single", ["Say yes", "*Check the boundary policy", "Say nothing"], { prompt: "What does the boundary policy say to check?" }),
      question("single", ["Agree", "Argue", "*Respect the person's choice"], { prompt: "How do you respect a choice the person makes?" }),
    ];
    expect(outcome(moduleOf("echo", echoes), "prompt words")).toMatchObject({ score: 5, passed: true });
  });
  it("takes the middle option, the earlier one of an even number", () => {
    expect(middleOption(question("single", ["*A", "B", "C"]))).toBe("b");
    expect(middleOption(question("single", ["*A", "B", "C", "D"]))).toBe("b");
    expect(middleOption(question("true-false", ["*True", "False"]))).toBe("a");
    expect(middleOption(question("single", ["*A", "B", "C", "D", "E"]))).toBe("c");
  });
  it("a quiz whose right answer always sits second is passed by the middle option; first and last are not", () => {
    const second = () => question("scenario", ["Go", "*Ok", "No", "Up"]);
    const module = moduleOf("second", Array.from({ length: 5 }, second));
    expect(outcome(module, "middle")).toMatchObject({ score: 5, passed: true });
    expect(outcome(module, "first").passed).toBe(false);
    expect(outcome(module, "last").passed).toBe(false);
    expect(quizCueReport(module).rightPositions).toEqual([0, 5]);
  });
  it("a quiz whose right answer always comes first, or always last, is passed by that position", () => {
    expect(outcome(moduleOf("first", Array.from({ length: 5 }, () => question("single", ["*Go", "No", "Up"]))), "first").passed).toBe(true);
    expect(outcome(moduleOf("last", Array.from({ length: 5 }, () => question("single", ["Go", "No", "*Up"]))), "last").passed).toBe(true);
  });
  it('"every cue" combines False, all but the shortest and the longest where no single cue is enough', () => {
    const mix = [
      question("true-false", ["True", "*False"]),
      question("true-false", ["True", "*False"]),
      question("multiple", ["*Listen well", "*Ask questions", "Shout", "*Respect choices"]),
      question("multiple", ["*Listen well", "*Ask questions", "Shout", "*Respect choices"]),
      question("single", ["*Ask her what she would like to happen", "Tell her what to do", "Wait"]),
    ];
    const module = moduleOf("mix", mix);
    expect(outcome(module, "every cue")).toMatchObject({ score: 5, passed: true });
    expect(outcome(module, "longest").passed).toBe(false);
  });
});

describe("competency tags", () => {
  it("reports a question with no competencies of its own even when the module has some", () => {
    const untagged = question("single", ["*Ask her", "Tell her what to do next", "Wait"], { competencies: [] });
    const report = quizCueReport(moduleOf("untagged", [...balancedQuestions(), untagged]));
    expect(report.untaggedQuestions).toEqual([untagged.id]);
    expect(cueFindings(report)).toEqual([expect.stringContaining(`no competencies of their own (the module's competencies do not tag a question): ${untagged.id}`)]);
  });
});

describe("the not-yet-rewritten list", () => {
  const catalog: Catalog = {
    builtAt: "2024-01-01T00:00:00.000Z",
    modules: [moduleOf("cued", longestRightQuestions()), moduleOf("balanced", balancedQuestions())],
  };
  it("fails a module outside the list that breaks a cue rule", () => {
    const problems = quizCueProblems(catalog, []);
    expect(problems.map((p) => p.module)).toEqual(["cued", "cued"]);
  });
  it("lets a listed module break the cue rules", () => {
    expect(quizCueProblems(catalog, ["cued"])).toEqual([]);
  });
  it("fails a listed module that already passes every cue rule, so the list only shrinks", () => {
    expect(quizCueProblems(catalog, ["cued", "balanced"])).toEqual([
      { module: "balanced", reason: expect.stringMatching(/passes every quiz cue rule but is still in QUIZ_CUES_NOT_YET_REWRITTEN.*remove it/) },
    ]);
  });
  it("fails a listed name that is no module", () => {
    expect(quizCueProblems(catalog, ["cued", "renamed-module"])).toEqual([
      { module: "renamed-module", reason: expect.stringMatching(/no such module/) },
    ]);
  });
});

describe("the figures", () => {
  const reports = [quizCueReport(moduleOf("cued", longestRightQuestions())), quizCueReport(moduleOf("balanced", balancedQuestions()))];
  it("prints one line per module, marking the failing one, then the totals", () => {
    const lines = cueTableText(reports, []).split("\n");
    expect(lines.filter((line) => line.startsWith("cued (FAILS)"))).toHaveLength(1);
    expect(lines.filter((line) => /^balanced\s/.test(line))).toHaveLength(1);
    expect(lines).toContain("1 of 2 modules break at least one cue rule.");
    expect(lines.some((line) => line.startsWith("Right answer is the longest option: 50% of 10 single and scenario questions (5 strictly, 0 tied)"))).toBe(true);
  });
  it("marks a listed module as not yet rewritten rather than failing", () => {
    expect(cueTableText(reports, ["cued"])).toMatch(/^cued \(not yet rewritten\)/m);
  });
  it("writes the same rows as a Markdown table", () => {
    const markdown = cueMarkdown(reports, []);
    expect(markdown).toMatch(/^\| cued \(FAILS\) \| 5 \| 5 \| 0 \| 100%! \| longest, always False, all but shortest, every cue \(100%; pass 80%\) \|/m);
    expect(markdown).toMatch(/^\| balanced \| 5 \| 0 \| 0 \| 0% \| none \(20%; pass 80%\) \|/m);
  });
});
