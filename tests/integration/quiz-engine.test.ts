import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rightAnswers } from "~/content/grading";
import { DomainError } from "~/domain-error";
import { findModule } from "~/content/catalog.server";
import { getDb } from "~/db.server";
import { extraAttemptsFor, grantAccommodation, listAccommodations, withdrawAccommodation } from "~/models/learning/accommodation.server";
import { submitQuizAttempt } from "~/models/learning/quiz-attempt.server";
import { startQuizPaper } from "~/models/learning/quiz-paper.server";
import { addToCohort, createTestCohort } from "../support/cohort-factories";
import { createTestMember, createTestOrganization } from "../support/factories";
import type { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { answersByPlace, openPaperOf, startQuiz } from "../support/quiz-papers";
import { rowCounts } from "../support/row-counts";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * The quiz engine over real HTTP and a real database: pools drawn per
 * attempt, and submissions that do not fit the paper refused with nothing stored.
 */

// A shipped module whose quiz draws 8 of its 11 questions, at least one on each of roles 7 to 12 (two on role 8);
// it can be taken 3 times, an hour apart, and shows right answers once passed.
const POOL_MODULE = "who-roles-wellness-crisis-teamwork-and-growth";
const POOL_QUIZ = "roles-two-check";
const POOL_SECTION = "check";

let server: TestServer;
let slug: string;
let organizationId: string;

beforeAll(async () => {
  server = await startTestServer();
  const { organization } = await createTestOrganization("Quiz Engine Org");
  slug = organization.slug;
  organizationId = organization.id;
});
afterAll(() => server.stop());

const poolPath = () => `/o/${slug}/learn/${POOL_MODULE}`;
const poolFields = () => ({ quizId: POOL_QUIZ, contentHash: findModule(POOL_MODULE)!.contentHash, section: POOL_SECTION });

async function newTrainee() {
  const person = await createTestMember(organizationId, "trainee");
  return { person, http: await signedInClient(server.origin, person) };
}

function handIn(http: HttpClient, paperId: string, answers: Record<string, string | string[]>) {
  return http.post(`${poolPath()}?section=${POOL_SECTION}`, { intent: "submit-quiz", ...poolFields(), paperId, ...answers });
}

describe("question pools", () => {
  it("asks 8 of the 11 questions, every role it must cover among them, and says so before the start", async () => {
    const { person, http } = await newTrainee();
    const intro = await pageText(await http.get(`${poolPath()}?section=${POOL_SECTION}`));
    expect(intro).toContain("8 questions, drawn at random from 11 for each attempt.");
    await startQuiz(http, poolPath(), poolFields());
    const paper = (await openPaperOf(person.id, POOL_QUIZ))!;
    expect(paper.questions).toHaveLength(8);
    const quiz = findModule(POOL_MODULE)!.quizzes.find((q) => q.id === POOL_QUIZ)!;
    const codes = paper.questions.flatMap((drawn) => quiz.questions.find((q) => q.id === drawn.id)!.competencies);
    for (const role of ["07", "09", "10", "11", "12"]) expect(codes).toContain(`who.role-${role}`);
    expect(codes.filter((code) => code === "who.role-08").length).toBeGreaterThanOrEqual(2);
    const page = await (await http.get(`${poolPath()}?section=${POOL_SECTION}`)).text();
    expect(page.match(/<fieldset/g)).toHaveLength(8);
  });

  it("draws a new paper for each attempt, so a retake is not the same paper", async () => {
    const { person } = await newTrainee();
    const scope = { organizationId, userId: person.id };
    const module = findModule(POOL_MODULE)!;
    const key = rightAnswers(module.quizzes.find((q) => q.id === POOL_QUIZ)!);
    const papers = new Set<string>();
    for (let attempt = 0; attempt < 6; attempt++) {
      // Each start past the hour's wait, with three extra attempts granted beside the quiz's three.
      const now = new Date(Date.now() + (attempt + 1) * 2 * 3_600_000);
      const paper = await startQuizPaper({ scope, module, quizId: POOL_QUIZ, extraAttempts: 3, now });
      papers.add(paper.questions.map((q) => q.id).join());
      const answers = Object.fromEntries(paper.questions.map((q) => [q.id, key[q.id]!]));
      expect((await submitQuizAttempt({ scope, module, paperId: paper.id, contentHash: module.contentHash, answers })).maxScore).toBe(8);
    }
    // 165 ways to draw 8 of 11 with these places: six draws all alike would be a broken draw.
    expect(papers.size).toBeGreaterThan(1);
  });

  it("refuses an answer to a pool question this attempt did not draw, and stores nothing", async () => {
    const { person, http } = await newTrainee();
    await startQuiz(http, poolPath(), poolFields());
    const paper = (await openPaperOf(person.id, POOL_QUIZ))!;
    const quiz = findModule(POOL_MODULE)!.quizzes.find((q) => q.id === POOL_QUIZ)!;
    const notDrawn = quiz.questions.find((q) => !paper.questions.some((drawn) => drawn.id === q.id))!;
    const answers = Object.fromEntries(paper.questions.map((q) => [`q.${q.id}`, q.options[0]!]));
    // Opened once, so that the page shown with the refusal (which notes the visit) adds no row either.
    await http.get(`${poolPath()}?section=${POOL_SECTION}`);
    const before = await rowCounts();
    const response = await handIn(http, paper.id, { ...answersByPlace(paper, answers), [`q.${notDrawn.id}`]: "1" });
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("The form has an answer to a question that is not on this attempt's paper.");
    const after = await rowCounts();
    expect(after).toEqual(before);
    // The same answers without the stray one are taken.
    expect((await handIn(http, paper.id, answersByPlace(paper, answers))).status).toBe(302);
    expect((await getDb().selectFrom("quiz_answers as a").innerJoin("quiz_attempts as t", "t.id", "a.attempt_id").select("a.question_id").where("t.paper_id", "=", paper.id).execute()).length).toBe(8);
  });
});

describe("bad input", () => {
  it("refuses an option the question does not offer, and a second hand-in of a finished attempt, storing nothing", async () => {
    const { person, http } = await newTrainee();
    await http.get(`${poolPath()}?section=${POOL_SECTION}`);
    await startQuiz(http, poolPath(), poolFields());
    const paper = (await openPaperOf(person.id, POOL_QUIZ))!;
    const answers = answersByPlace(paper, Object.fromEntries(paper.questions.map((q) => [`q.${q.id}`, q.options[0]!])));
    let before = await rowCounts();
    const offBoard = await handIn(http, paper.id, { ...answers, [`q.${paper.questions[2]!.id}`]: "9" });
    expect(offBoard.status).toBe(400);
    expect(await pageText(offBoard)).toContain("The form has an answer that question 3 does not offer.");
    expect(await rowCounts()).toEqual(before);

    expect((await handIn(http, paper.id, answers)).status).toBe(302);
    before = await rowCounts();
    const again = await handIn(http, paper.id, answers);
    expect(again.status).toBe(409);
    expect(await pageText(again)).toContain("You have already handed in this attempt");
    expect(await rowCounts()).toEqual(before);
  });
});

describe("attempt rules", () => {
  it("says the rules, withholds right answers until a pass, and says when the next attempt opens", async () => {
    const { person, http } = await newTrainee();
    const intro = await pageText(await http.get(`${poolPath()}?section=${POOL_SECTION}`));
    expect(intro).toContain("You can take this quiz 3 times, at least 1 hour apart. Right answers are shown once you pass.");
    await startQuiz(http, poolPath(), poolFields());
    const paper = (await openPaperOf(person.id, POOL_QUIZ))!;
    const quiz = findModule(POOL_MODULE)!.quizzes.find((q) => q.id === POOL_QUIZ)!;
    // Every answer wrong: the first option that is not right.
    const wrong = Object.fromEntries(
      paper.questions.map((drawn) => {
        const question = quiz.questions.find((q) => q.id === drawn.id)!;
        return [`q.${drawn.id}`, question.options.find((o) => !o.correct)!.id];
      }),
    );
    const submitted = await handIn(http, paper.id, answersByPlace(paper, wrong));
    expect(submitted.status).toBe(302);
    const response = await http.follow(submitted);
    const html = await response.text();
    const result = await pageText(new Response(html));
    expect(result).toContain("You scored 0%. You need 80% to pass.");
    expect(result).toContain("Right answers are shown once you pass: below are the questions and what you chose.");
    expect(result).not.toMatch(/The answer:|Not quite\.|Right\./);
    // No right option, feedback or explanation of any question drawn reaches the page.
    for (const drawn of paper.questions) {
      const question = quiz.questions.find((q) => q.id === drawn.id)!;
      for (const option of question.options) if (option.feedback) expect(html).not.toContain(option.feedback.slice(0, 40));
      if (question.explanation) expect(html).not.toContain(question.explanation.slice(0, 40));
    }

    const quizPage = await pageText(await http.get(`${poolPath()}?section=${POOL_SECTION}`));
    expect(quizPage).toContain("You have used 1 of 3 attempts.");
    expect(quizPage).toMatch(/Your next attempt opens on \d+ \w+ \d{4}, \d\d:\d\d UTC\./);
    expect(quizPage).not.toContain("Start the quiz");
    const before = await rowCounts();
    const early = await startQuiz(http, poolPath(), poolFields());
    expect(early.status).toBe(409);
    expect(await pageText(early)).toMatch(/Your next attempt at this quiz opens on/);
    expect(await rowCounts()).toEqual(before);
  });

  it("stops after the last attempt, and a quiz not passed still keeps its answers back", async () => {
    const { person } = await newTrainee();
    const scope = { organizationId, userId: person.id };
    const module = findModule(POOL_MODULE)!;
    const later = (hours: number) => new Date(Date.now() + hours * 3_600_000);
    let lastAttempt = "";
    for (let attempt = 1; attempt <= 3; attempt++) {
      const paper = await startQuizPaper({ scope, module, quizId: POOL_QUIZ, now: later(attempt * 2) });
      const answers = Object.fromEntries(paper.questions.map((q) => [q.id, [q.options[0]!]]));
      lastAttempt = (await submitQuizAttempt({ scope, module, paperId: paper.id, contentHash: module.contentHash, answers })).attemptId;
    }
    const refused = await startQuizPaper({ scope, module, quizId: POOL_QUIZ, now: later(10) }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).message).toBe("You have used all 3 attempts at this quiz. Ask your trainer if you need another.");
    const http = await signedInClient(server.origin, person);
    const page = await pageText(await http.get(`${poolPath()}?section=${POOL_SECTION}&attempt=${lastAttempt}`));
    expect(page).toContain("Back to the quiz");
    // After-passing: the answers stay withheld while not passed, even with no attempt left.
    expect(page).not.toContain("The answer:");
  });
});

describe("accommodations", () => {
  it("extra attempts granted by the trainee's trainer open a fourth attempt, shown to the trainee and audited", async () => {
    const trainer = await createTestMember(organizationId, "trainer");
    const { person, http } = await newTrainee();
    const cohort = await createTestCohort({ organizationId, trainer });
    await addToCohort({ organizationId, cohortId: cohort.id, trainer, people: [person] });
    const scope = { organizationId, userId: person.id };
    const module = findModule(POOL_MODULE)!;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const paper = await startQuizPaper({ scope, module, quizId: POOL_QUIZ, now: new Date(Date.now() + attempt * 2 * 3_600_000) });
      const answers = Object.fromEntries(paper.questions.map((q) => [q.id, [q.options[0]!]]));
      await submitQuizAttempt({ scope, module, paperId: paper.id, contentHash: module.contentHash, answers });
    }
    // Each start past the hour's wait after the attempt before it (handed in now).
    const inEightHours = new Date(Date.now() + 8 * 3_600_000);
    await expect(startQuizPaper({ scope, module, quizId: POOL_QUIZ, now: inEightHours })).rejects.toThrow("You have used all 3 attempts");

    const before = await rowCounts();
    await grantAccommodation({
      organizationId,
      granterId: trainer.id,
      traineeId: person.id,
      grant: { quiz: { moduleSlug: POOL_MODULE, quizId: POOL_QUIZ }, extraAttempts: 2, timeMultiplier: 1.5, extraMinutes: null },
    });
    const after = await rowCounts();
    expect(after.accommodations).toBe(before.accommodations + 1);
    expect(after.audit_log).toBe(before.audit_log + 1);
    const audit = await getDb().selectFrom("audit_log").selectAll().where("action", "=", "accommodation.granted").where("subject", "=", `user:${person.id}`).executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(trainer.id);
    expect(JSON.parse(audit.data)).toMatchObject({ extraAttempts: 2, timeMultiplier: 1.5 });

    const granted = await listAccommodations(scope);
    expect(extraAttemptsFor(granted, POOL_MODULE, POOL_QUIZ)).toBe(2);
    expect(extraAttemptsFor(granted, POOL_MODULE, "another-quiz")).toBe(0);
    const page = await pageText(await http.get(`${poolPath()}?section=${POOL_SECTION}`));
    expect(page).toContain("You can take this quiz 5 times (2 of them extra, granted to you), at least 1 hour apart.");
    expect(page).toContain("You have used 3 of 5 attempts.");
    const fourth = await startQuizPaper({ scope, module, quizId: POOL_QUIZ, extraAttempts: 2, now: inEightHours });
    expect(fourth.questions).toHaveLength(8);

    await withdrawAccommodation({ organizationId, actorId: trainer.id, traineeId: person.id, accommodationId: granted[0]!.id });
    expect(await listAccommodations(scope)).toEqual([]);
    await expect(
      withdrawAccommodation({ organizationId, actorId: trainer.id, traineeId: person.id, accommodationId: granted[0]!.id }),
    ).rejects.toThrow("already withdrawn");
  });

  it("refuses a grant to oneself, to an unknown quiz, and a grant of nothing, writing nothing", async () => {
    const trainer = await createTestMember(organizationId, "trainer");
    const { person } = await newTrainee();
    const before = await rowCounts();
    const none = { quiz: null, extraAttempts: 0, timeMultiplier: null, extraMinutes: null };
    await expect(grantAccommodation({ organizationId, granterId: trainer.id, traineeId: trainer.id, grant: { ...none, extraAttempts: 1 } })).rejects.toThrow(
      "cannot grant yourself",
    );
    await expect(
      grantAccommodation({ organizationId, granterId: trainer.id, traineeId: person.id, grant: { ...none, extraAttempts: 1, quiz: { moduleSlug: POOL_MODULE, quizId: "nope" } } }),
    ).rejects.toThrow("quiz was not found");
    await expect(grantAccommodation({ organizationId, granterId: trainer.id, traineeId: person.id, grant: none })).rejects.toThrow("extra attempts, extra time, or both");
    expect(await rowCounts()).toEqual(before);
  });
});
