import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCatalog } from "~/content/compile.server";
import type { Catalog, CompiledModule } from "~/content/types";
import { bodyBlocks, checkCompetencyCoverage, checkModule, checkPractice, languageFindings, readingGrade } from "../../scripts/content-checks";
import { cueFindings, QUIZ_CUES_NOT_YET_REWRITTEN, quizCueReport } from "../../scripts/quiz-cues";

let catalog: Catalog;
beforeAll(async () => {
  const built = await buildCatalog("content");
  expect(built.errors.map((e) => e.message)).toEqual([]);
  catalog = built.catalog;
}, 60_000);

describe("the checks themselves", () => {
  it("measures reading grade: plain sentences read low, long academic ones high", () => {
    expect(readingGrade(["We listen. We share. We learn from each other."])).toBeLessThan(3);
    expect(
      readingGrade([
        "Institutional psychiatric paradigms characteristically conceptualize individuals' experiences through diagnostic categorizations that systematically marginalize experiential knowledge.",
      ]),
    ).toBeGreaterThan(9);
  });
  it("reports a competency no reflection prompt asks about, and one built by too few modules", async () => {
    const [first, ...rest] = catalog.modules;
    const withoutReflections = { ...catalog, modules: catalog.modules.map((m) => ({ ...m, reflections: [] })) } as Catalog;
    const reasons = (await checkCompetencyCoverage(withoutReflections)).map((p) => p.reason);
    expect(reasons).toContain("competency who.role-01 has no reflection prompt; tag one with it");
    const onlyOne = { ...catalog, modules: [first!, ...rest.map((m) => ({ ...m, frontmatter: { ...m.frontmatter, competencies: [] } }))] } as Catalog;
    expect((await checkCompetencyCoverage(onlyOne)).some((p) => /is built by [01] module\(s\); needs 2/.test(p.reason))).toBe(true);
  });
  it("reports a competency with no practice task, a rubric step with no behaviours, an unknown competency and a crisis task without a note", async () => {
    const folder = await mkdtemp(join(tmpdir(), "practice-"));
    try {
      await cp("content/practice", folder, { recursive: true });
      const path = join(folder, "who-qualityrights.json");
      const who = JSON.parse(await readFile(path, "utf8")) as { practice: { competency: string; contentNote?: string; rubric: Record<string, string[]> }[] };
      who.practice = who.practice.filter((p) => p.competency !== "who.role-12");
      who.practice.find((p) => p.competency === "who.role-01")!.rubric["could-teach-it"] = [];
      delete who.practice.find((p) => p.competency === "who.role-08")!.contentNote;
      await writeFile(path, JSON.stringify(who));
      const reasons = (await checkPractice(folder)).map((p) => p.reason);
      expect(reasons).toContain("competency who.role-12 has no practice task; add one to content/practice/who-qualityrights.json");
      expect(reasons).toContain('competency who.role-01: the rubric has no behaviours for "Could teach it" (could-teach-it)');
      expect(reasons).toContain("who.role-08 involves distress or harm but has no contentNote (shown with the crisis lines)");

      who.practice[0]!.competency = "who.role-99";
      await writeFile(path, JSON.stringify(who));
      expect((await checkPractice(folder)).map((p) => p.reason)).toContain('field "practice.0.competency": who.role-99 is not a competency of who-qualityrights');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
  it("flags stigmatizing words but accepts the field's own name", () => {
    expect(languageFindings(["He is crazy and an addict."]).join(" ")).toMatch(/crazy/);
    expect(languageFindings(["Peer support is part of mental health care."])).toEqual([]);
  });
  it("skips quizzes, reflections and marked closed-language examples when reading the body", () => {
    const blocks = bodyBlocks([
      { t: "p", c: ["Open words."] },
      { t: "ClosedLanguageExample", c: [{ t: "p", c: ["She is a schizophrenic."] }] },
      { t: "Quiz", p: { id: "q" } },
    ]);
    expect(blocks).toEqual(["Open words."]);
  });
  it("reports a module below the minimums with the reason", () => {
    const thin = { ...catalog.modules[0]!, sections: catalog.modules[0]!.sections.slice(0, 1), quizzes: [], reflections: [] } as CompiledModule;
    const reasons = checkModule(thin).map((p) => p.reason).join("\n");
    expect(reasons).toMatch(/section/);
    expect(reasons).toMatch(/quiz of 6\+ questions/);
    expect(reasons).toMatch(/reflection prompt/);
  });
});

describe("every shipped module", () => {
  it("meets the curriculum's minimums, reads at grade 9 or below and uses respectful language", () => {
    const problems = catalog.modules.flatMap(checkModule).map((p) => `${p.module}: ${p.reason}`);
    expect(problems).toEqual([]);
  });
  it("has quizzes whose right answers cannot be spotted without the knowledge, unless still listed as not yet rewritten (issue 15)", () => {
    const problems = catalog.modules
      .filter((module) => !QUIZ_CUES_NOT_YET_REWRITTEN.includes(module.slug))
      .flatMap((module) => cueFindings(quizCueReport(module)).map((reason) => `${module.slug}: ${reason}`));
    expect(problems).toEqual([]);
  });
  it("lists as not yet rewritten only modules that exist and still break a quiz cue rule, so the list only shrinks", () => {
    const stale = QUIZ_CUES_NOT_YET_REWRITTEN.filter((slug) => {
      const module = catalog.modules.find((m) => m.slug === slug);
      return !module || cueFindings(quizCueReport(module)).length === 0;
    });
    expect(stale, "remove these from QUIZ_CUES_NOT_YET_REWRITTEN in scripts/quiz-cues.ts").toEqual([]);
  });
  it("has a practice task for every competency of both frameworks, with behaviours at every rubric step, in plain and respectful words", async () => {
    expect((await checkPractice()).map((p) => `${p.module}: ${p.reason}`)).toEqual([]);
  });
  it("builds every competency of both frameworks in at least two modules, with at least one reflection prompt", async () => {
    const problems = (await checkCompetencyCoverage(catalog)).map((p) => `${p.module}: ${p.reason}`);
    expect(problems).toEqual([]);
  });
});
