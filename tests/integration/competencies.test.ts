import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findModule } from "~/content/catalog.server";
import type { CompiledModule } from "~/content/types";
import { getDb } from "~/db.server";
import { addToCohort, createTestCohort } from "../support/cohort-factories";
import { evidenceOf, findCompetency, quizAnswers, sectionHolding } from "../support/competency-factories";
import { createTestMember, createTestOrganization } from "../support/factories";
import type { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { answersByPlace, openPaperOf, startQuiz } from "../support/quiz-papers";
import { rowCounts } from "../support/row-counts";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

const MODULE = "what-is-peer-support";
const QUIZ = "basics-check";
const SECRET = "A private reflection, marker-c0mp3t3ncy";

let server: TestServer;
let slug: string;
let organizationId: string;
let module: CompiledModule;
type Person = Awaited<ReturnType<typeof createTestMember>>;
let trainee: Person;
let otherTrainee: Person;
let trainer: Person;
let outsideTrainer: Person;
let admin: { id: string; email: string; password: string };
let traineeClient: HttpClient;
let trainerClient: HttpClient;

beforeAll(async () => {
  server = await startTestServer();
  const created = await createTestOrganization("Competency Org");
  slug = created.organization.slug;
  organizationId = created.organization.id;
  admin = created.admin;
  trainee = await createTestMember(organizationId, "trainee");
  otherTrainee = await createTestMember(organizationId, "trainee");
  trainer = await createTestMember(organizationId, "trainer");
  outsideTrainer = await createTestMember(organizationId, "trainer");
  const cohort = await createTestCohort({ organizationId, trainer });
  const otherCohort = await createTestCohort({ organizationId, trainer: outsideTrainer });
  await addToCohort({ organizationId, cohortId: cohort.id, trainer, people: [trainee] });
  await addToCohort({ organizationId, cohortId: otherCohort.id, trainer: outsideTrainer, people: [otherTrainee] });
  module = findModule(MODULE)!;
  traineeClient = await signedInClient(server.origin, trainee);
  trainerClient = await signedInClient(server.origin, trainer);
});
afterAll(() => server.stop());

const learn = () => `/o/${slug}/learn`;
const traineePage = (userId = trainee.id) => `/o/${slug}/teach/trainees/${userId}/competencies`;

/** Starts a paper on the quiz and hands it in, all right or all wrong. */
async function submitQuiz(client: HttpClient, wrong = false) {
  const section = sectionHolding(module, "Quiz", QUIZ);
  const fields = { quizId: QUIZ, contentHash: module.contentHash, section };
  expect((await startQuiz(client, `${learn()}/${MODULE}`, fields)).status).toBe(302);
  const paper = (await openPaperOf(trainee.id, QUIZ))!;
  return client.post(`${learn()}/${MODULE}?section=${section}`, {
    intent: "submit-quiz",
    ...fields,
    paperId: paper.id,
    ...answersByPlace(paper, quizAnswers(module, QUIZ, { wrong })),
  });
}

function saveReflection(client: HttpClient, promptId: string, body: string) {
  const section = sectionHolding(module, "Reflection", promptId);
  return client.post(`${learn()}/${MODULE}?section=${section}`, { intent: "save-reflection", promptId, section, body });
}

describe("evidence from learning", () => {
  it("a failed quiz is no evidence", async () => {
    expect((await submitQuiz(traineeClient, true)).status).toBe(302);
    expect(await evidenceOf(trainee.id)).toEqual([]);
  });

  it("a passed quiz is evidence for each of the module's competencies and each right answer's own, recorded by the trainee, pointing at the attempt", async () => {
    expect((await submitQuiz(traineeClient)).status).toBe(302);
    const attempt = await getDb().selectFrom("quiz_attempts").select("id").where("user_id", "=", trainee.id).where("passed", "=", 1).executeTakeFirstOrThrow();
    const evidence = await evidenceOf(trainee.id);
    // Every answer was right, so every question's own competencies count too.
    const tagged = module.quizzes.find((q) => q.id === QUIZ)!.questions.flatMap((q) => q.competencies);
    expect(evidence.map((e) => e.code).sort()).toEqual([...new Set([...module.frontmatter.competencies, ...tagged])].sort());
    for (const row of evidence) expect(row).toMatchObject({ kind: "quiz", source_ref: `quiz_attempt:${attempt.id}`, recorded_by: trainee.id, rating: null });
  });

  it("an answered reflection is evidence once, for its prompt's competencies; editing it adds nothing", async () => {
    const prompt = module.reflections.find((r) => r.competencies.length > 0)!;
    expect((await saveReflection(traineeClient, prompt.id, SECRET)).status).toBe(200);
    const reflection = await getDb().selectFrom("reflections").select("id").where("user_id", "=", trainee.id).where("prompt_id", "=", prompt.id).executeTakeFirstOrThrow();
    const rows = (await evidenceOf(trainee.id)).filter((e) => e.kind === "reflection");
    expect(rows.map((r) => r.code)).toEqual(prompt.competencies);
    expect(rows[0]).toMatchObject({ source_ref: `reflection:${reflection.id}`, recorded_by: trainee.id, note: null });
    expect((await saveReflection(traineeClient, prompt.id, `${SECRET}, edited`)).status).toBe(200);
    expect((await evidenceOf(trainee.id)).filter((e) => e.kind === "reflection")).toHaveLength(rows.length);
  });

  it("an untagged prompt counts for the module's competencies", async () => {
    const untagged = module.reflections.find((r) => r.competencies.length === 0);
    if (!untagged) return;
    const before = (await evidenceOf(otherTrainee.id)).length;
    const other = await signedInClient(server.origin, otherTrainee);
    expect((await saveReflection(other, untagged.id, "Something I would share")).status).toBe(200);
    const rows = (await evidenceOf(otherTrainee.id)).slice(before);
    expect(rows.map((r) => r.code).sort()).toEqual([...module.frontmatter.competencies].sort());
  });

  it("shows the trainee their levels, with links to the attempt and the reflection", async () => {
    const html = await (await traineeClient.get(`${learn()}/competencies`)).text();
    const text = await pageText(new Response(html));
    expect(text).toContain("Your competencies");
    expect(text).toContain("Engage in collaborative and caring relationships");
    expect(text).toContain("Level from evidence: Demonstrated"); // who.role-01: quiz + reflection
    expect(text).toContain("Level from evidence: Developing"); // psc.interpersonal-relations: quiz only
    expect(text).toContain("Passed a quiz (100%)");
    expect(html).toMatch(new RegExp(`href="${learn()}/${MODULE}\\?section=[a-z-]+&amp;attempt=[a-z2-7]{16}#quiz-${QUIZ}"`));
    expect(html).toContain("#reflection-");
    expect(html).toContain('role="img"');
    expect(text).not.toContain(SECRET);
  });
});

describe("self-assessment", () => {
  it("saves only the ratings given, and the page compares the first with the latest", async () => {
    const role01 = await findCompetency("who.role-01");
    const path = `${learn()}/competencies/self-assessment`;
    expect(await pageText(await traineeClient.get(path))).toContain("Rate yourself");
    const first = await traineeClient.post(path, { [`rating.${role01.id}`]: "1" });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`${learn()}/competencies?saved=1`);
    await traineeClient.post(path, { [`rating.${role01.id}`]: "3" });
    const text = await pageText(await traineeClient.get(`${learn()}/competencies`));
    expect(text).toMatch(/Your own rating: Doing it \(\d+ \w+ \d{4}\)\. First rating: New to me \(\d+ \w+ \d{4}\), 2 steps up since the first\./);
    // Rating yourself never moves the level.
    expect(text).toContain("Level from evidence: Demonstrated");
  });

  it.each([
    ["a rating off the scale", (id: string) => ({ [`rating.${id}`]: "5" }), 400, "Ratings go from 1 to 4"],
    ["a rating sent twice", (id: string) => ({ [`rating.${id}`]: ["2", "3"] }), 400, "Ratings go from 1 to 4"],
    ["a competency that does not exist", () => ({ "rating.aaaaaaaaaaaaaaaa": "2" }), 400, "not in your organization's frameworks"],
    ["a malformed competency id", () => ({ "rating.<script>": "2" }), 400, "Reload the page"],
    ["nothing rated", () => ({}), 400, "Choose a rating for at least one competency"],
  ])("refuses %s with a message and writes nothing", async (_, fields, status, message) => {
    const role02 = await findCompetency("who.role-02");
    const before = await rowCounts();
    const response = await traineeClient.post(`${learn()}/competencies/self-assessment`, fields(role02.id));
    expect(response.status).toBe(status);
    expect(await pageText(response)).toContain(message);
    expect((await rowCounts()).competency_evidence).toBe(before.competency_evidence);
  });
});

describe("trainer observations", () => {
  it("the trainee's trainer sees the record without any reflection text", async () => {
    const response = await trainerClient.get(traineePage());
    expect(response.status).toBe(200);
    const text = await pageText(response);
    expect(text).toContain(`${trainee.displayName}'s competencies`);
    expect(text).toContain("Record an observation");
    expect(text).toContain("1 private reflection answered. Which prompt, when and what they wrote stay private.");
    expect(text).not.toContain(SECRET);
  });

  it("of a private reflection a trainer gets only the count, not its prompt or date, until the trainee shares it", async () => {
    const prompt = module.reflections.find((r) => r.competencies.length > 0)!;
    const reflection = await getDb().selectFrom("reflections").select(["id", "visibility"]).where("user_id", "=", trainee.id).where("prompt_id", "=", prompt.id).executeTakeFirstOrThrow();
    expect(reflection.visibility).toBe("private");
    // The whole HTML, the data handed to the browser included.
    const html = await (await trainerClient.get(traineePage())).text();
    expect(html).toContain("private reflection answered");
    expect(html).not.toContain(prompt.prompt);
    expect(html).not.toContain(`reflection-${prompt.id}`);
    expect(html).not.toContain("Answered a reflection");
    // The trainee's own page still shows it in full, and tells them what their trainers see.
    expect(await pageText(await traineeClient.get(`${learn()}/competencies`))).toContain(prompt.prompt);
    const section = sectionHolding(module, "Reflection", prompt.id);
    const lesson = await pageText(await traineeClient.get(`${learn()}/${MODULE}?section=${section}`));
    expect(lesson).toContain("Private: only you can read it. Your trainers see only a count.");

    const shared = await traineeClient.post(`${learn()}/journal`, { intent: "share-reflection", reflectionId: reflection.id });
    expect(shared.status).toBeLessThan(400);
    const sharedText = await pageText(await trainerClient.get(traineePage()));
    expect(sharedText).toContain(`Answered a reflection in ${module.frontmatter.title}`);
    expect(sharedText).toContain(`${prompt.prompt} (shared with trainers)`);
    expect(sharedText).not.toContain("private reflection answered");
    expect(sharedText).not.toContain(SECRET);
    // Private again: back to the count.
    await traineeClient.post(`${learn()}/journal`, { intent: "unshare-reflection", reflectionId: reflection.id });
    expect(await (await trainerClient.get(traineePage())).text()).not.toContain(prompt.prompt);
  });

  it("records a rating and a note as evidence by the trainer, with an audit entry, and the trainee sees Verified", async () => {
    const role01 = await findCompetency("who.role-01");
    const response = await trainerClient.post(traineePage(), { competencyId: role01.id, rating: "3", note: "Role-play: listened first, then asked what the person wanted." });
    expect(response.status).toBe(302);
    const rows = (await evidenceOf(trainee.id)).filter((e) => e.kind === "observation");
    expect(rows).toEqual([
      expect.objectContaining({ code: "who.role-01", rating: 3, recorded_by: trainer.id, note: "Role-play: listened first, then asked what the person wanted." }),
    ]);
    const audit = await getDb().selectFrom("audit_log").selectAll().where("action", "=", "competency.observed").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: trainer.id, subject: `user:${trainee.id}` });
    expect(audit[0]!.data).not.toContain("Role-play");
    expect(await pageText(await trainerClient.follow(response))).toContain("Its level is now Verified");
    const mine = await pageText(await traineeClient.get(`${learn()}/competencies`));
    expect(mine).toContain("Level from evidence: Verified");
    expect(mine).toContain(`Observed by ${trainer.displayName}: On their own`);
  });

  it("is refused (404) to a trainer outside the trainee's cohorts, for the page and the form, writing nothing", async () => {
    const outsider = await signedInClient(server.origin, outsideTrainer);
    const role02 = await findCompetency("who.role-02");
    const before = await rowCounts();
    expect((await outsider.get(traineePage())).status).toBe(404);
    const response = await outsider.post(traineePage(), { competencyId: role02.id, rating: "4", note: "I was not there." });
    expect(response.status).toBe(404);
    expect(await pageText(response)).toContain("We could not find that trainee among the people you support.");
    expect(await rowCounts()).toEqual(before);
    // Their own trainee is fine.
    expect((await outsider.get(traineePage(otherTrainee.id))).status).toBe(200);
  });

  it("is refused to trainees, the trainee themselves included, writing nothing", async () => {
    const role02 = await findCompetency("who.role-02");
    const clients = [traineeClient, await signedInClient(server.origin, otherTrainee)];
    const before = await rowCounts();
    for (const client of clients) {
      expect((await client.get(traineePage())).status).toBe(403);
      const response = await client.post(traineePage(), { competencyId: role02.id, rating: "4", note: "I am great at this." });
      expect(response.status).toBe(403);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("is refused (404) for another organization's admin and for an id that is nobody", async () => {
    const { admin: stranger } = await createTestOrganization("Elsewhere");
    const client = await signedInClient(server.origin, stranger);
    expect((await client.get(traineePage())).status).toBe(404);
    expect((await trainerClient.get(traineePage("aaaaaaaaaaaaaaaa"))).status).toBe(404);
  });

  it("is open to the organization's admin", async () => {
    const client = await signedInClient(server.origin, admin);
    expect((await client.get(traineePage())).status).toBe(200);
  });

  it.each([
    ["no competency", { competencyId: "", rating: "3", note: "Seen" }, "Choose a competency from the list."],
    ["an unknown competency", { competencyId: "aaaaaaaaaaaaaaaa", rating: "3", note: "Seen" }, "Choose a competency from the list."],
    ["no rating", { note: "Seen" }, "Choose what you saw."],
    ["a rating off the scale", { rating: "9", note: "Seen" }, "Choose what you saw."],
    ["no note", { rating: "3", note: "  " }, "Write a short note about what you saw"],
    ["a note that is too long", { rating: "3", note: "x".repeat(2001) }, "Keep the note to 2,000 characters or fewer."],
  ])("refuses an observation with %s, saying what to fix, and keeps what was typed", async (_, fields, message) => {
    const role02 = await findCompetency("who.role-02");
    const before = await rowCounts();
    const response = await trainerClient.post(traineePage(), { competencyId: role02.id, ...fields } as Record<string, string>);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(message.replace(/'/g, "&#x27;"));
    if (fields.note?.trim() && fields.note.length < 100) expect(html).toContain(`>${fields.note}</textarea>`);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("downloading the record", () => {
  it("as JSON, with every piece of evidence and no reflection text", async () => {
    const response = await traineeClient.get(`${learn()}/competencies/export/json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="competencies-\d{4}-\d{2}-\d{2}\.json"/);
    const body = await response.text();
    expect(body).not.toContain(SECRET);
    const record = JSON.parse(body) as { person: string; frameworks: { competencies: { code: string; level: string; evidence: { kind: string; note: string | null }[] }[] }[] };
    expect(record.person).toBe(trainee.displayName);
    const role01 = record.frameworks.flatMap((f) => f.competencies).find((c) => c.code === "who.role-01")!;
    expect(role01.level).toBe("verified");
    expect(role01.evidence.map((e) => e.kind).sort()).toEqual(["observation", "quiz", "reflection", "self_assessment", "self_assessment"]);
  });

  it("as CSV, one row per competency, with formulas defused", async () => {
    const role03 = await findCompetency("who.role-03");
    await trainerClient.post(traineePage(), { competencyId: role03.id, rating: "2", note: "=HYPERLINK(\"http://evil.example\")" });
    const response = await traineeClient.get(`${learn()}/competencies/export/csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const csv = await response.text();
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toMatch(/^Framework,Code,Competency,Level,/);
    expect(lines).toHaveLength(1 + 23);
    expect(lines.find((l) => l.includes(",who.role-01,"))).toMatch(/,Verified,1,1,1,On their own,/);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(csv).not.toContain(SECRET);
  });

  it("refuses an unknown format", async () => {
    expect((await traineeClient.get(`${learn()}/competencies/export/xlsx`)).status).toBe(404);
  });
});
