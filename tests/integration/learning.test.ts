import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findModule } from "~/content/catalog.server";
import { compileModule, loadCompetencyCodes } from "~/content/compile.server";
import { getDb } from "~/db.server";
import { listModuleOverviews } from "~/models/learning/module-progress.server";
import { recordModuleVersions } from "~/models/learning/module-version.server";
import { getAttemptFeedback } from "~/models/learning/attempt-review.server";
import { listQuizAttempts } from "~/models/learning/quiz-attempt.server";
import { readFile } from "node:fs/promises";
import { createTestMember, createTestOrganization } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { answersByPlace, openPaperOf, startQuiz } from "../support/quiz-papers";
import { rowCounts } from "../support/row-counts";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

// The sample modules shipped with the engine; their quiz keys are known here.
const BASICS = "what-is-peer-support";
const MUTUALITY = "mutuality-and-equality";
const basicsRight = {
  "q.peer-meaning": "b",
  "q.peer-activities": ["a", "b", "d"],
  "q.peer-places": "b",
  "q.sam-next-step": "b",
  "q.formal-informal": "b",
  "q.not-treatment": "b",
  "q.lee-old-feelings": "b",
};
const basicsWrong = { ...basicsRight, "q.peer-meaning": "a", "q.peer-activities": ["c"], "q.peer-places": "a", "q.not-treatment": "a" };

let server: TestServer;
let slug: string;
let organizationId: string;
type Member = Awaited<ReturnType<typeof createTestMember>>;
let trainee: Member;
let other: Member;
let client: HttpClient;
let otherClient: HttpClient;

beforeAll(async () => {
  server = await startTestServer();
  const { organization } = await createTestOrganization("Learning Org");
  slug = organization.slug;
  organizationId = organization.id;
  trainee = await createTestMember(organization.id, "trainee");
  other = await createTestMember(organization.id, "trainee");
  client = await signedInClient(server.origin, trainee);
  otherClient = await signedInClient(server.origin, other);
});
afterAll(() => server.stop());

const modulePath = (module: string) => `/o/${slug}/learn/${module}`;

const basicsQuiz = () => ({ quizId: "basics-check", contentHash: findModule(BASICS)!.contentHash, section: "what-peers-do" });

/** Starts the quiz (or finds the paper already open) and hands it in with these answers, given by option id. */
async function submitQuiz(http: HttpClient, who: Member, answers: Record<string, string | string[]>, overrides: Record<string, string> = {}) {
  expect((await startQuiz(http, modulePath(BASICS), basicsQuiz())).status).toBe(302);
  const paper = (await openPaperOf(who.id, "basics-check"))!;
  return http.post(`${modulePath(BASICS)}?section=what-peers-do`, {
    intent: "submit-quiz",
    ...basicsQuiz(),
    paperId: paper.id,
    ...answersByPlace(paper, answers),
    ...overrides,
  });
}

describe("the module list and lesson pages", () => {
  it("lists modules by track with status, minutes and progress", async () => {
    const text = await pageText(await client.get(`/o/${slug}/learn`));
    expect(text).toContain("Foundations");
    expect(text).toContain("What peer support is");
    expect(text).toContain("Not started");
    expect(text).toMatch(/About \d+ minutes/);
  });

  it("shows content notes before anything else, with a way to skip to the summary", async () => {
    const first = await pageText(await otherClient.get(modulePath(MUTUALITY)));
    expect(first).toContain("Before you start: content notes");
    expect(first).toContain("coercion");
    expect(first).toContain("Skip to the summary");
    expect(first).not.toContain("Both people learn");
    const summary = await pageText(await otherClient.get(`${modulePath(MUTUALITY)}/summary`));
    expect(summary).toContain("Key ideas");
    expect(summary).toContain("Adapted from World Health Organization");
  });

  it("credits a source that gives no date as 'year unknown', not with an invented year", async () => {
    const summary = await pageText(await client.get(`${modulePath(BASICS)}/summary`));
    expect(summary).toContain("Sources and licence");
    expect(summary).toContain("Author and publisher unknown (skills list: Peer Support Canada), year unknown. Licence unknown");
    expect(summary).not.toMatch(/, 20(21|22)\./);
  });

  it("remembers the last section opened and resumes there from the dashboard", async () => {
    await client.get(`${modulePath(BASICS)}?section=what-peers-do`);
    const home = await pageText(await client.get(`/o/${slug}`));
    expect(home).toContain("Continue where you left off");
    expect(home).toContain("What peer support is: What peer supporters do");
    const resumed = await pageText(await client.get(modulePath(BASICS)));
    expect(resumed).toContain("Part 2 of 3");
  });

  it("sends no answer key to the browser: not in the page, not in any script it loads", async () => {
    await startQuiz(client, modulePath(BASICS), basicsQuiz());
    const response = await client.get(`${modulePath(BASICS)}?section=what-peers-do`);
    expect(response.headers.get("content-security-policy")).not.toContain("unsafe-eval");
    const html = await response.text();
    expect(html).toContain("Check my answers");
    const scripts = new Set([...html.matchAll(/(?:src|href)="(\/build\/[^"]+\.js)"|import\("(\/build\/[^"]+\.js)"\)/g)].map((m) => m[1] ?? m[2]!));
    expect(scripts.size).toBeGreaterThan(0);
    const bodies = [html];
    for (const script of scripts) bodies.push(await (await client.get(script)).text());
    for (const body of bodies) {
      // The key as data, an option's own feedback, a question's explanation.
      expect(body).not.toMatch(/"?correct"?\s*:\s*(true|!0|1)/);
      expect(body).not.toContain("Lee acknowledges the feeling");
      expect(body).not.toContain("uses their own lived experience to connect as an equal");
    }
    expect((await client.get("/build/content/catalog.json")).status).toBe(404);
    expect((await client.get("/content/modules/what-is-peer-support/index.mdx")).status).toBe(404);
  });
});

describe("quizzes", () => {
  it("grades on the server, stores the attempt with its answers, pinned to the version seen", async () => {
    const before = await rowCounts();
    const response = await submitQuiz(client, trainee, basicsWrong);
    expect(response.status).toBe(302);
    const result = await pageText(await client.follow(response));
    expect(result).toContain("You scored");
    expect(result).toContain("You need 80% to pass");
    expect(result).toContain("Not quite.");
    expect(result).toContain("Yes. Lee acknowledges the feeling");
    const attempts = await getDb().selectFrom("quiz_attempts").selectAll().where("user_id", "=", trainee.id).execute();
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ content_hash: findModule(BASICS)!.contentHash, passed: 0, max_score: 7 });
    const answers = await getDb().selectFrom("quiz_answers").selectAll().where("attempt_id", "=", attempts[0]!.id).execute();
    expect(answers).toHaveLength(7);
    expect((await rowCounts()).quiz_answers).toBe(before.quiz_answers + 7);
  });

  it("lets the trainee retake and pass, and keeps the attempt history", async () => {
    const response = await submitQuiz(client, trainee, basicsRight);
    const result = await pageText(await client.follow(response));
    expect(result).toContain("You scored 100% and passed this quiz.");
    expect(result).toContain("Your attempts (2)");
  });

  it("gives partial credit for several-answer questions", async () => {
    const response = await submitQuiz(otherClient, other, { ...basicsRight, "q.peer-activities": ["a"] });
    await client.follow(response);
    const attempt = await getDb().selectFrom("quiz_attempts").select(["id", "score"]).where("user_id", "=", other.id).executeTakeFirstOrThrow();
    const answer = await getDb().selectFrom("quiz_answers").select("score").where("attempt_id", "=", attempt.id).where("question_id", "=", "peer-activities").executeTakeFirstOrThrow();
    expect(answer.score).toBeCloseTo(1 / 3);
    expect(attempt.score).toBeCloseTo(6 + 1 / 3);
  });

  it.each([
    ["an unknown question", { ...basicsRight, "q.ghost": "a" }, {}, 400, "not on this attempt's paper"],
    ["a missing answer", { "q.peer-meaning": "b", "q.peer-activities": ["a"], "q.peer-places": "b" }, {}, 400, "has no answer"],
    ["a repeated option", { ...basicsRight, "q.peer-activities": ["a", "a"] }, {}, 400, "chosen twice"],
    ["an option not offered", { ...basicsRight, "q.peer-meaning": "z" }, {}, 400, "does not offer"],
    ["two answers to a one-answer question", { ...basicsRight, "q.peer-meaning": ["a", "b"] }, {}, 400, "only one answer"],
    ["an option's id where the page sends its place", basicsRight, { "q.peer-places": "b" }, 400, "does not offer"],
    ["an unknown quiz", basicsRight, { quizId: "no-such-quiz" }, 404, "could not find that attempt"],
    ["an out-of-date module version", basicsRight, { contentHash: "0000000000000000" }, 409, "updated after you opened it"],
    ["a malformed quiz id", basicsRight, { quizId: "<script>" }, 400, "not found"],
  ])("refuses %s with a message and stores nothing", async (_, answers, overrides, status, message) => {
    const before = await rowCounts();
    const response = await submitQuiz(client, trainee, answers as Record<string, string | string[]>, overrides);
    expect(response.status).toBe(status);
    expect(await pageText(response)).toContain(message);
    const after = await rowCounts();
    expect(after.quiz_attempts).toBe(before.quiz_attempts);
    expect(after.quiz_answers).toBe(before.quiz_answers);
  });

  it("refuses another trainee's paper, and a paper already handed in, and stores nothing", async () => {
    await startQuiz(otherClient, modulePath(BASICS), basicsQuiz());
    const theirs = (await openPaperOf(other.id, "basics-check"))!;
    const before = await rowCounts();
    const response = await submitQuiz(client, trainee, basicsRight, { paperId: theirs.id });
    expect(response.status).toBe(404);
    expect(await pageText(response)).toContain("could not find that attempt");
    const handedIn = await getDb().selectFrom("quiz_attempts").select("paper_id").where("user_id", "=", trainee.id).where("paper_id", "is not", null).executeTakeFirstOrThrow();
    const again = await submitQuiz(client, trainee, basicsRight, { paperId: handedIn.paper_id! });
    expect(again.status).toBe(409);
    expect(await pageText(again)).toContain("already handed in this attempt");
    const after = await rowCounts();
    expect(after.quiz_attempts).toBe(before.quiz_attempts);
    expect(after.quiz_answers).toBe(before.quiz_answers);
    expect(after.competency_evidence).toBe(before.competency_evidence);
  });

  it("draws the paper once: starting again hands back the same paper, shuffled options and all", async () => {
    const fresh = await createTestMember(organizationId, "trainee");
    const http = await signedInClient(server.origin, fresh);
    const before = await rowCounts();
    await startQuiz(http, modulePath(BASICS), basicsQuiz());
    const first = (await openPaperOf(fresh.id, "basics-check"))!;
    await startQuiz(http, modulePath(BASICS), basicsQuiz());
    expect((await openPaperOf(fresh.id, "basics-check"))!).toEqual(first);
    expect((await rowCounts()).quiz_papers).toBe(before.quiz_papers + 1);
    // The page lists each question's options in the paper's order, valued by place.
    const page = await (await http.get(`${modulePath(BASICS)}?section=what-peers-do`)).text();
    const html = page.slice(page.indexOf('id="quiz-basics-check"'));
    const module = findModule(BASICS)!;
    const quiz = module.quizzes.find((q) => q.id === "basics-check")!;
    for (const drawn of first.questions) {
      const labels = drawn.options.map((id) => quiz.questions.find((q) => q.id === drawn.id)!.options.find((o) => o.id === id)!.label);
      const positions = labels.map((label) => html.indexOf(label.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;")));
      expect(positions.every((p) => p > 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(html).toContain(`name="q.${drawn.id}" value="${drawn.options.length}"`);
      expect(html).not.toContain(`name="q.${drawn.id}" value="a"`);
    }
    // The review after handing it in shows the options in the same order, the chosen one marked.
    const answers = Object.fromEntries(first.questions.map((q) => [`q.${q.id}`, q.options[0]!]));
    const multiple = quiz.questions.find((q) => q.kind === "multiple")!;
    const submitted = await submitQuiz(http, fresh, { ...answers, [`q.${multiple.id}`]: [first.questions.find((q) => q.id === multiple.id)!.options[0]!] });
    expect(submitted.status).toBe(302);
    const attempt = await getDb().selectFrom("quiz_attempts").select(["id", "paper_id"]).where("user_id", "=", fresh.id).executeTakeFirstOrThrow();
    expect(attempt.paper_id).toBe(first.id);
    const stored = await getDb().selectFrom("quiz_answers").select(["question_id", "answer"]).where("attempt_id", "=", attempt.id).execute();
    for (const row of stored) expect(JSON.parse(row.answer)).toEqual([first.questions.find((q) => q.id === row.question_id)!.options[0]]);
    const review = await getAttemptFeedback({ organizationId, userId: fresh.id }, module, attempt.id);
    expect(review!.questions.map((q) => q.id)).toEqual(first.questions.map((q) => q.id));
    for (const [index, question] of review!.questions.entries()) {
      const definition = quiz.questions.find((q) => q.id === question.id)!;
      expect(question.options.map((o) => o.label)).toEqual(first.questions[index]!.options.map((id) => definition.options.find((o) => o.id === id)!.label));
      expect(question.options[0]!.chosen).toBe(true);
    }
  });

  it("refuses a huge submission before reading it", async () => {
    const before = await rowCounts();
    const response = await submitQuiz(client, trainee, { ...basicsRight, "q.peer-meaning": "b".repeat(2_000_000) });
    expect(response.status).toBe(413);
    expect((await rowCounts()).quiz_attempts).toBe(before.quiz_attempts);
  });

  it("never shows one trainee another trainee's attempt", async () => {
    const theirs = await getDb().selectFrom("quiz_attempts").select("id").where("user_id", "=", other.id).executeTakeFirstOrThrow();
    const page = await pageText(await client.get(`${modulePath(BASICS)}?section=what-peers-do&attempt=${theirs.id}`));
    expect(page).not.toContain("You scored");
    expect(page).toMatch(/Start the quiz|Check my answers/);
  });

  it("keeps earlier attempts when the module is edited later", async () => {
    const current = findModule(BASICS)!;
    const source = await readFile(`content/modules/${BASICS}/index.mdx`, "utf8");
    const edited = await compileModule({
      slug: BASICS,
      file: "edited.mdx",
      source: source.replace("Peer supporters:", "Peer supporters often:"),
      knownCompetencies: await loadCompetencyCodes("content/frameworks"),
    });
    expect(edited.contentHash).not.toBe(current.contentHash);
    await recordModuleVersions([edited]);
    const scope = { organizationId, userId: trainee.id };
    const attempts = await listQuizAttempts(scope, BASICS);
    expect(attempts.map((a) => a.content_hash)).toEqual([current.contentHash, current.contentHash]);
    const feedback = await getAttemptFeedback(scope, edited, attempts[0]!.id);
    expect(feedback).toMatchObject({ sameVersion: false, passed: true, score: 7 });
    const versions = await getDb().selectFrom("module_versions").select("content_hash").where("module_slug", "=", BASICS).execute();
    expect(versions.map((v) => v.content_hash).sort()).toEqual([current.contentHash, edited.contentHash].sort());
  });
});

describe("reflections", () => {
  const reflectionBody = "A private note about a hard day, marker-7f3a";

  it("saves a reflection as private, pinned to the version, and completes the module once", async () => {
    const response = await client.post(`${modulePath(BASICS)}?section=your-experience`, {
      intent: "save-reflection",
      promptId: "why-peer-support",
      section: "your-experience",
      body: reflectionBody,
    });
    expect(response.status).toBe(200);
    const row = await getDb().selectFrom("reflections").selectAll().where("user_id", "=", trainee.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ body: reflectionBody, visibility: "private", content_hash: findModule(BASICS)!.contentHash });
    const [overview] = await listModuleOverviews({ organizationId, userId: trainee.id }, [findModule(BASICS)!]);
    expect(overview!.status).toBe("completed");
    const completedAt = overview!.completedAt;
    await client.post(`${modulePath(BASICS)}?section=your-experience`, { intent: "save-reflection", promptId: "why-peer-support", body: `${reflectionBody} (edited)` });
    const [again] = await listModuleOverviews({ organizationId, userId: trainee.id }, [findModule(BASICS)!]);
    expect(again!.completedAt).toBe(completedAt);
    expect((await getDb().selectFrom("reflections").select("id").where("user_id", "=", trainee.id).execute()).length).toBe(1);
  });

  it("never writes reflection text to the log", () => {
    expect(server.logLines.some((line) => line.includes("marker-7f3a"))).toBe(false);
  });

  it("shares and unshares only on the trainee's say-so", async () => {
    const row = await getDb().selectFrom("reflections").select("id").where("user_id", "=", trainee.id).executeTakeFirstOrThrow();
    await client.post(`${modulePath(BASICS)}?section=your-experience`, { intent: "share-reflection", reflectionId: row.id });
    expect((await getDb().selectFrom("reflections").select("visibility").where("id", "=", row.id).executeTakeFirstOrThrow()).visibility).toBe("shared");
    await client.post(`/o/${slug}/learn/journal`, { intent: "unshare-reflection", reflectionId: row.id });
    expect((await getDb().selectFrom("reflections").select("visibility").where("id", "=", row.id).executeTakeFirstOrThrow()).visibility).toBe("private");
  });

  it("refuses another trainee's reflection: no share, no delete, not in their journal or export", async () => {
    const row = await getDb().selectFrom("reflections").select("id").where("user_id", "=", trainee.id).executeTakeFirstOrThrow();
    for (const intent of ["share-reflection", "delete"]) {
      const response = await otherClient.post(`/o/${slug}/learn/journal`, { intent, reflectionId: row.id });
      expect(response.status).toBe(404);
    }
    const still = await getDb().selectFrom("reflections").select(["visibility"]).where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(still.visibility).toBe("private");
    expect(await pageText(await otherClient.get(`/o/${slug}/learn/journal`))).not.toContain("marker-7f3a");
    expect(await (await otherClient.get(`/o/${slug}/learn/journal/export/json`)).text()).not.toContain("marker-7f3a");
  });

  it("refuses an empty or oversized reflection and a prompt the module does not have", async () => {
    const before = await rowCounts();
    const empty = await otherClient.post(`${modulePath(BASICS)}?section=your-experience`, { intent: "save-reflection", promptId: "why-peer-support", body: "   " });
    expect(empty.status).toBe(400);
    expect(await pageText(empty)).toContain("Write something before you save");
    const huge = await otherClient.post(`${modulePath(BASICS)}?section=your-experience`, { intent: "save-reflection", promptId: "why-peer-support", body: "x".repeat(20_001) });
    expect(huge.status).toBe(400);
    const unknown = await otherClient.post(`${modulePath(BASICS)}?section=your-experience`, { intent: "save-reflection", promptId: "no-such-prompt", body: "hello" });
    expect(unknown.status).toBe(404);
    expect((await rowCounts()).reflections).toBe(before.reflections);
  });

  it("exports the journal as Markdown and JSON, and deletes an entry", async () => {
    const markdown = await client.get(`/o/${slug}/learn/journal/export/md`);
    expect(markdown.headers.get("content-type")).toContain("text/markdown");
    expect(markdown.headers.get("content-disposition")).toContain("attachment");
    const text = await markdown.text();
    expect(text).toContain("## What peer support is");
    expect(text).toContain("marker-7f3a");
    const json = JSON.parse(await (await client.get(`/o/${slug}/learn/journal/export/json`)).text()) as { reflections: { body: string }[] };
    expect(json.reflections).toHaveLength(1);
    expect((await client.get(`/o/${slug}/learn/journal/export/pdf`)).status).toBe(404);
    const row = await getDb().selectFrom("reflections").select("id").where("user_id", "=", trainee.id).executeTakeFirstOrThrow();
    const deleted = await client.post(`/o/${slug}/learn/journal`, { intent: "delete", reflectionId: row.id });
    expect(await pageText(deleted)).toContain("has been deleted");
    expect(await getDb().selectFrom("reflections").select("id").where("id", "=", row.id).executeTakeFirst()).toBeUndefined();
  });
});

describe("other organizations", () => {
  it("a trainee of another organization gets 404 for this organization's modules", async () => {
    const { organization } = await createTestOrganization("Elsewhere");
    const outsider = await createTestMember(organization.id, "trainee");
    const outsiderClient = await signedInClient(server.origin, outsider);
    expect((await outsiderClient.get(modulePath(BASICS))).status).toBe(404);
    expect((await startQuiz(outsiderClient, modulePath(BASICS), basicsQuiz())).status).toBe(404);
    expect((await outsiderClient.get(`/o/${slug}/learn/journal/export/json`)).status).toBe(404);
  });
  it("an unknown module or section is a 404", async () => {
    expect((await client.get(`/o/${slug}/learn/no-such-module`)).status).toBe(404);
    expect((await client.get(`${modulePath(BASICS)}?section=nope`)).status).toBe(404);
  });
});
