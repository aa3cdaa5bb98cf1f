import { describe, expect, it } from "vitest";
import { buildCatalog, compileModule, ContentError } from "~/content/compile.server";

const known = new Set(["who.role-01", "psc.demeanour"]);

const frontmatter = (overrides = "") => `---
title: A test module
summary: One sentence.
track: foundations
order: 1
minutes: 10
competencies: [who.role-01]
sources:
  - title: A source
    publisher: Someone
    year: 2020
    licence: CC BY 4.0
licence: CC BY 4.0
${overrides}---
`;

const body = `
<Section id="one" title="One">

Some text with a [link](https://example.org).

<KeyIdea>Remember this.</KeyIdea>

<Quiz id="quiz">
  <Question id="q1" kind="single" prompt="Which?">
    <Option correct feedback="Yes.">Right</Option>
    <Option feedback="No.">Wrong</Option>
  </Question>
</Quiz>

<Reflection id="r1" prompt="What do you think?" competencies={["psc.demeanour"]} />

</Section>
`;

async function compile(source: string) {
  return compileModule({ slug: "test-module", file: "content/modules/test-module/index.mdx", source, knownCompetencies: known });
}

async function problemOf(source: string): Promise<ContentError> {
  try {
    await compile(source);
  } catch (error) {
    if (error instanceof ContentError) return error;
    throw error;
  }
  throw new Error("the module compiled, but it should have been refused");
}

describe("compiling a module", () => {
  it("turns MDX into sections, quizzes with keys kept apart, reflections and key ideas", async () => {
    const module = await compile(frontmatter() + body);
    expect(module.frontmatter.passMark).toBe(0.8);
    expect(module.sections.map((s) => s.id)).toEqual(["one"]);
    expect(module.quizzes[0]!.questions[0]!.options.map((o) => o.correct)).toEqual([true, false]);
    expect(module.reflections).toEqual([{ id: "r1", prompt: "What do you think?", competencies: ["psc.demeanour"], required: true }]);
    expect(module.keyIdeas).toHaveLength(1);
    const tree = JSON.stringify(module.sections[0]!.tree);
    expect(tree).toContain('{"t":"Quiz","p":{"id":"quiz"}}');
    expect(tree).not.toContain("correct");
    expect(tree).not.toContain("Yes.");
  });

  it("gives the same hash for the same source and a new one after an edit", async () => {
    const a = await compile(frontmatter() + body);
    const b = await compile(frontmatter() + body);
    const c = await compile(frontmatter() + body.replace("Some text", "Other text"));
    expect(a.contentHash).toBe(b.contentHash);
    expect(c.contentHash).not.toBe(a.contentHash);
  });

  it("takes a source with no year, and refuses a year that is not a whole number", async () => {
    const undated = await compile(frontmatter().replace("    year: 2020\n", "") + body);
    expect(undated.frontmatter.sources[0]).toEqual({ title: "A source", publisher: "Someone", licence: "CC BY 4.0" });
    const guessed = await problemOf(frontmatter().replace("year: 2020", 'year: "2020?"') + body);
    expect(guessed.message).toMatch(/frontmatter field "sources/);
  });

  it.each([
    ["a bad field value", frontmatter().replace("track: foundations", "track: gardening"), body, /frontmatter field "track"/, 4],
    ["a missing title", frontmatter().replace("title: A test module\n", ""), body, /frontmatter field "title"/, 1],
    ["an unknown frontmatter field", frontmatter("colour: blue\n"), body, /frontmatter field/, null],
    ["an unknown competency in frontmatter", frontmatter().replace("[who.role-01]", "[who.role-99]"), body, /unknown competency code "who.role-99"/, 7],
    ["an unknown competency on a reflection", frontmatter(), body.replace('["psc.demeanour"]', '["psc.nothing"]'), /unknown competency code "psc.nothing"/, null],
    ["a duplicate quiz id", frontmatter(), body + body.replace('id="one"', 'id="two"').replace('id="q1"', 'id="q2"').replace('id="r1"', 'id="r2"'), /duplicate quiz id "quiz"/, null],
    ["a duplicate question id", frontmatter(), body + body.replace('id="one"', 'id="two"').replace('id="quiz"', 'id="quiz-2"').replace('id="r1"', 'id="r2"'), /duplicate question id "q1"/, null],
    ["an MDX syntax error", frontmatter(), body.replace("</Quiz>", ""), /could not be compiled/, null],
    ["an unknown component", frontmatter(), body.replace("<KeyIdea>Remember this.</KeyIdea>", "<Video src=\"x\" />"), /<Video> is not a component/, null],
    ["a question with two right answers", frontmatter(), body.replace('<Option feedback="No.">', '<Option correct feedback="No.">'), /exactly one correct option/, null],
    ["a scenario option without feedback", frontmatter(), body.replace('kind="single"', 'kind="scenario"').replace(' feedback="No."', ""), /needs its own feedback/, null],
    ["content outside a section", frontmatter(), "Loose text.\n" + body, /inside a <Section>/, null],
    ["a javascript: link", frontmatter(), body.replace("https://example.org", "javascript:alert(1)"), /links must start with/, null],
  ])("refuses %s, naming the file and what is wrong", async (_, head, content, message, line) => {
    const problem = await problemOf(head + content);
    expect(problem.file).toBe("content/modules/test-module/index.mdx");
    expect(problem.message).toMatch(message);
    if (line !== null) expect(problem.line).toBe(line);
  });

  it("names the line of a duplicate id", async () => {
    const source = frontmatter() + body + body.replace('id="one"', 'id="two"').replace('id="q1"', 'id="q2"').replace('id="r1"', 'id="r2"');
    const problem = await problemOf(source);
    expect(problem.line).toBe(source.split("\n").findIndex((l) => l.includes('<Quiz id="quiz">')) + 1);
  });
});

/** A quiz of four questions: one on both competencies, one more on who.role-01, two on neither. */
const pool = (quizProps: string) => `
<Section id="one" title="One">

<Quiz id="pool" ${quizProps}>
${[
  ["p1", '"who.role-01", "psc.demeanour"'],
  ["p2", '"who.role-01"'],
  ["p3", ""],
  ["p4", ""],
]
  .map(([id, codes]) => `  <Question id="${id}" prompt="Which?" competencies={[${codes}]}>\n    <Option correct>Right</Option>\n    <Option>Wrong</Option>\n  </Question>`)
  .join("\n")}
</Quiz>

</Section>
`;

describe("question pools", () => {
  it("keeps the pool and how many each attempt draws, by competency too", async () => {
    const module = await compile(frontmatter() + pool('draw={3} drawPerCompetency={{ "psc.demeanour": 1, "who.role-01": 1 }}'));
    expect(module.quizzes[0]!.questions).toHaveLength(4);
    expect(module.quizzes[0]!.draw).toEqual({ count: 3, perCompetency: { "psc.demeanour": 1, "who.role-01": 1 } });
    expect((await compile(frontmatter() + pool(""))).quizzes[0]!.draw).toBeNull();
  });

  it.each([
    ["more questions than the pool holds", "draw={5}", /draws 5 questions; draw must be a whole number from 1 to the 4 questions in its pool/],
    ["no questions", "draw={0}", /draw must be a whole number from 1/],
    ["a fraction", "draw={2.5}", /draw must be a whole number/],
    ["a count by competency without a draw", 'drawPerCompetency={{ "who.role-01": 1 }}', /has drawPerCompetency but no draw/],
    ["more on a competency than carry it", 'draw={4} drawPerCompetency={{ "psc.demeanour": 2 }}', /draws 2 questions on psc.demeanour, but only 1 of its questions carry it/],
    ["an unknown competency", 'draw={2} drawPerCompetency={{ "who.role-99": 1 }}', /unknown competency code "who.role-99"/],
    ["counts by competency adding up past the draw", 'draw={1} drawPerCompetency={{ "who.role-01": 1, "psc.demeanour": 1 }}', /adds up to more than draw/],
    ["counts the pool can only fill by asking a question twice", 'draw={3} drawPerCompetency={{ "who.role-01": 2, "psc.demeanour": 1 }}', /without asking one question for two competencies/],
  ])("refuses a draw of %s", async (_, props, message) => {
    const problem = await problemOf(frontmatter() + pool(props));
    expect(problem.message).toMatch(message);
    expect(problem.line).toBe((frontmatter() + pool(props)).split("\n").findIndex((l) => l.includes('<Quiz id="pool"')) + 1);
  });
});

describe("attempt rules", () => {
  it("keeps the rules, and defaults to any number of attempts, no wait, answers always shown", async () => {
    const ruled = await compile(frontmatter() + pool('maxAttempts={3} waitMinutes={60} showAnswers="after-last-attempt"'));
    expect(ruled.quizzes[0]!.rules).toEqual({ maxAttempts: 3, waitMinutes: 60, showAnswers: "after-last-attempt" });
    expect((await compile(frontmatter() + pool(""))).quizzes[0]!.rules).toEqual({ maxAttempts: null, waitMinutes: 0, showAnswers: "always" });
  });

  it.each([
    ["no attempts at all", "maxAttempts={0}", /maxAttempts of quiz "pool" must be a whole number from 1 to 100/],
    ["a wait that is not a number", 'waitMinutes="an hour"', /waitMinutes of quiz "pool" must be a whole number/],
    ["an unknown time to show answers", 'showAnswers="never"', /showAnswers of quiz "pool" must be one of always, after-passing, after-last-attempt/],
    ["answers after a last attempt that never comes", 'showAnswers="after-last-attempt"', /has no maxAttempts, so there is no last attempt/],
  ])("refuses %s", async (_, props, message) => {
    expect((await problemOf(frontmatter() + pool(props))).message).toMatch(message);
  });
});

describe("the shipped content", () => {
  it("compiles every module in content/modules without a problem", async () => {
    const { catalog, errors } = await buildCatalog("content");
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(catalog.modules.length).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
