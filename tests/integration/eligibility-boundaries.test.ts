import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findModule } from "~/content/catalog.server";
import { recordObservation } from "~/models/competencies/competency-evidence.server";
import { checkEligibility } from "~/models/records/eligibility.server";
import { recordSectionVisit } from "~/models/learning/module-progress.server";
import { signOffProgramme, withdrawSignOff } from "~/models/records/programme-sign-off.server";
import { getProgramme } from "~/models/records/programme.server";
import { takeQuizAttempt } from "~/models/learning/quiz-attempt.server";
import { saveReflection } from "~/models/learning/reflection.server";
import { completeModule } from "../support/cohort-factories";
import { findCompetency } from "../support/competency-factories";
import { createTestMember, createTestOrganization } from "../support/factories";
import { BASICS, createTestProgramme } from "../support/record-factories";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Each requirement of a programme at its edge: one step short is not
 * enough, the step itself is. (A rule that compared "started" with
 * "completed", or "at least" with "more than", passes the easy cases.)
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

async function setUp(programme: Parameters<typeof createTestProgramme>[0] extends infer P ? Omit<P & object, "organizationId" | "adminId"> : never) {
  const { organization, admin } = await createTestOrganization();
  const trainer = await createTestMember(organization.id, "trainer");
  const trainee = await createTestMember(organization.id, "trainee");
  const created = await createTestProgramme({ organizationId: organization.id, adminId: admin.id, ...programme });
  const scope = { organizationId: organization.id, userId: trainee.id };
  const eligibility = async () => checkEligibility(scope, await getProgramme(organization.id, created.id));
  return { organization, trainer, trainee, scope, programmeId: created.id, eligibility };
}

function rightAnswers(slug: string, quizIndex: number) {
  const module = findModule(slug)!;
  const quiz = module.quizzes[quizIndex]!;
  const answers = Object.fromEntries(
    quiz.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id).slice(0, q.kind === "multiple" ? undefined : 1)]),
  );
  return { module, quiz, answers };
}

describe("eligibility at the edge of each requirement", () => {
  it("a module opened at every part but with a quiz or reflection left is not complete; the last step completes it", async () => {
    const { scope, eligibility } = await setUp({ modules: [BASICS] });
    const module = findModule(BASICS)!;
    for (const section of module.sections) await recordSectionVisit(scope, module, section.id);
    let result = await eligibility();
    expect(result.eligible).toBe(false);
    expect(result.checks[0]).toMatchObject({ kind: "module", met: false });
    expect(result.checks[0]!.status).toMatch(/^Started/);

    // Every quiz passed, every required reflection but the last written: still short by one.
    for (const [index] of module.quizzes.entries()) {
      const { quiz, answers } = rightAnswers(BASICS, index);
      await takeQuizAttempt({ scope, module, quizId: quiz.id, answers });
    }
    const required = module.reflections.filter((r) => r.required);
    expect(required.length).toBeGreaterThan(0);
    for (const prompt of required.slice(0, -1)) await saveReflection({ scope, module, promptId: prompt.id, body: "Written." });
    result = await eligibility();
    expect(result.eligible).toBe(false);
    expect(result.missing).toEqual([`the module “${module.frontmatter.title}”`]);

    await saveReflection({ scope, module, promptId: required.at(-1)!.id, body: "The last one." });
    result = await eligibility();
    expect(result.eligible).toBe(true);
    expect(result.checks[0]!.status).toMatch(/^Completed/);
  });

  it("a quiz answered one wrong answer past what the pass mark allows is failed; at the mark it passes", async () => {
    const { scope } = await setUp({ modules: [BASICS] });
    const module = findModule(BASICS)!;
    const { quiz, answers } = rightAnswers(BASICS, 0);
    // Wrong answers on one-answer questions only, so each costs exactly one point.
    const oneAnswer = quiz.questions.filter((q) => q.kind !== "multiple");
    const allowedWrong = Math.floor(quiz.questions.length * (1 - module.frontmatter.passMark) + 1e-9);
    expect(oneAnswer.length).toBeGreaterThan(allowedWrong);
    const withWrong = (count: number) => {
      const copy = { ...answers };
      for (const q of oneAnswer.slice(0, count)) copy[q.id] = [q.options.find((o) => !o.correct)!.id];
      return copy;
    };
    const submit = (given: Record<string, string[]>) => takeQuizAttempt({ scope, module, quizId: quiz.id, answers: given });
    expect((await submit(withWrong(allowedWrong))).passed).toBe(true);
    const failed = await submit(withWrong(allowedWrong + 1));
    expect(failed.passed).toBe(false);
    expect(failed.score / failed.maxScore).toBeLessThan(module.frontmatter.passMark);
  });

  it("a competency one level below the minimum is not enough; at the minimum it is", async () => {
    const competency = await findCompetency("who.role-01");
    const { organization, trainer, trainee, eligibility } = await setUp({ modules: [], competencies: [{ code: "who.role-01", minLevel: "verified" }] });
    const observe = (rating: number) =>
      recordObservation({ organizationId: organization.id, learnerId: trainee.id, observerId: trainer.id, competencyId: competency.id, rating, note: "Seen in a role-play." });

    expect((await eligibility()).checks[0]).toMatchObject({ met: false, status: "Now: Not yet" });
    await observe(2); // "with support": Developing, one short of Verified and below Demonstrated
    let result = await eligibility();
    expect(result.eligible).toBe(false);
    expect(result.missing[0]).toMatch(/now Developing/);

    await observe(3); // "on their own": Verified, exactly the minimum
    result = await eligibility();
    expect(result.eligible).toBe(true);
    expect(result.levels[competency.id]).toBe("verified");

    await observe(2); // the latest observation rules: back below the minimum
    expect((await eligibility()).eligible).toBe(false);
  });

  it("a withdrawn sign-off counts as none; a new one counts again", async () => {
    const { organization, trainer, trainee, scope, programmeId, eligibility } = await setUp({ modules: [BASICS], requiresSignOff: true });
    await completeModule(scope, BASICS);
    expect((await eligibility()).missing).toEqual(["a trainer's sign-off"]);
    await signOffProgramme({ organizationId: organization.id, programmeId, learnerId: trainee.id, actorId: trainer.id, note: "" });
    expect((await eligibility()).eligible).toBe(true);
    await withdrawSignOff({ organizationId: organization.id, programmeId, learnerId: trainee.id, actorId: trainer.id });
    expect((await eligibility()).eligible).toBe(false);
    await signOffProgramme({ organizationId: organization.id, programmeId, learnerId: trainee.id, actorId: trainer.id, note: "Again." });
    expect((await eligibility()).eligible).toBe(true);
  });
});
