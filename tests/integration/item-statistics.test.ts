import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { splitCsvRecords } from "~/codecs/roster-file";
import { findModule } from "~/content/catalog.server";
import type { CompiledModule, QuizDefinition } from "~/content/types";
import { recordModuleVersions } from "~/models/learning/module-version.server";
import { addToCohort, createNamedMember, createTestCohort } from "../support/cohort-factories";
import { createTestOrganization } from "../support/factories";
import type { HttpClient } from "../support/http-client";
import { answersWith, submitFirstQuiz } from "../support/quiz-answer-factories";
import { pageText, visibleText } from "../support/page-text";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Item statistics of the "What is peer support" quiz, from attempts seeded
 * through the same model the quiz page uses. Cohort 1 (Tess's) has 15
 * trainees whose answers make every figure computable by hand; cohort 2
 * (Omar's) 3 more; an earlier version of the module has 2 attempts of its own.
 *
 * The quiz: peer-meaning (single, right b), peer-activities (several: a b d),
 * peer-places, sam-next-step, formal-informal, not-treatment, lee-old-feelings.
 * Trainee i of cohort 1 answers right the first k of the six questions after
 * peer-meaning (k = 6 for the best five, 4 for the middle five, 2 for the
 * weakest five), the rest with their first wrong option, so the thirds by
 * quiz score are exactly trainees 0–4, 5–9 and 10–14 whatever peer-meaning
 * adds (totals 6–7, 4–5 and 2–3). On peer-meaning they choose:
 *
 *   best five   b b b b a   → 4 right
 *   middle five b b c a b   → 3 right
 *   weakest     b a a c a   → 1 right
 *
 * so: answered 15, right 8/15 = 53% (0.53), discrimination 4/5 − 1/5 = +0.60,
 * chosen a 5 (33%), b 8 (53%), c 2 (13%). peer-activities is right for all
 * 15 (too easy, discrimination 0, options c and e never chosen);
 * lee-old-feelings only for the best five: 33%, discrimination +1.00 (and
 * two of its wrong options never chosen).
 */

const BASICS = "what-is-peer-support";
const PEER_MEANING_CHOICES = ["b", "b", "b", "b", "a", "b", "b", "c", "a", "b", "b", "a", "a", "c", "a"];
const OLD_HASH = "0123456789abcdef";

let server: TestServer;
let slug = "";
let otherSlug = "";
let cohort1 = "";
let cohort2 = "";
let module: CompiledModule;
let quiz: QuizDefinition;
const clients = {} as Record<"admin" | "trainer" | "otherTrainer" | "trainee" | "outsiderTrainer" | "outsiderAdmin", HttpClient>;
const traineeNames: string[] = [];

const answersFor = (peerMeaning: string, rightOthers: number) => answersWith(quiz, peerMeaning, rightOthers);
const attempt = (scope: { organizationId: string; userId: string }, answers: Record<string, string[]>, onModule = module) => submitFirstQuiz(scope, onModule, answers);

beforeAll(async () => {
  server = await startTestServer();
  module = findModule(BASICS)!;
  quiz = module.quizzes[0]!;
  expect(quiz.questions.map((q) => q.id)).toEqual(["peer-meaning", "peer-activities", "peer-places", "sam-next-step", "formal-informal", "not-treatment", "lee-old-feelings"]);

  const a = await createTestOrganization("Item Stats Org");
  const b = await createTestOrganization("Item Stats Other Org");
  const organizationId = a.organization.id;
  slug = a.organization.slug;
  otherSlug = b.organization.slug;
  const trainer = await createNamedMember(organizationId, "Tess Trainer", "trainer");
  const otherTrainer = await createNamedMember(organizationId, "Omar Othertrainer", "trainer");
  cohort1 = (await createTestCohort({ organizationId, trainer, name: "Cohort one" })).id;
  cohort2 = (await createTestCohort({ organizationId, trainer: otherTrainer, name: "Cohort two" })).id;

  const trainees = [];
  for (let i = 0; i < 15; i++) {
    const name = `Quizzed Trainee ${String.fromCharCode(65 + i)}`;
    traineeNames.push(name);
    trainees.push(await createNamedMember(organizationId, name));
  }
  await addToCohort({ organizationId, cohortId: cohort1, trainer, people: trainees });
  for (const [i, trainee] of trainees.entries()) {
    await attempt({ organizationId, userId: trainee.id }, answersFor(PEER_MEANING_CHOICES[i]!, i < 5 ? 6 : i < 10 ? 4 : 2));
  }
  // A retake after seeing the feedback: all right. Only first attempts count, so nothing below changes.
  await new Promise((resolve) => setTimeout(resolve, 5));
  await attempt({ organizationId, userId: trainees[14]!.id }, answersFor("b", 6));

  const peers = [];
  for (let i = 0; i < 3; i++) peers.push(await createNamedMember(organizationId, `Cohort Two Peer ${i + 1}`));
  await addToCohort({ organizationId, cohortId: cohort2, trainer: otherTrainer, people: peers });
  for (const peer of peers) await attempt({ organizationId, userId: peer.id }, answersFor("b", 6));

  // An earlier version of the module, answered by two of cohort 1: peer-meaning a and b.
  const earlier = { ...module, contentHash: OLD_HASH };
  await recordModuleVersions([earlier]);
  await attempt({ organizationId, userId: trainees[0]!.id }, answersFor("a", 6), earlier);
  await attempt({ organizationId, userId: trainees[1]!.id }, answersFor("b", 6), earlier);

  clients.admin = await signedInClient(server.origin, a.admin);
  clients.trainer = await signedInClient(server.origin, trainer);
  clients.otherTrainer = await signedInClient(server.origin, otherTrainer);
  clients.trainee = await signedInClient(server.origin, trainees[0]!);
  clients.outsiderTrainer = await signedInClient(server.origin, await createNamedMember(b.organization.id, "Bea Btrainer", "trainer"));
  clients.outsiderAdmin = await signedInClient(server.origin, b.admin);
}, 120_000);
afterAll(() => server.stop());

const pagePath = (query = "") => `/o/${slug}/teach/questions/${BASICS}${query}`;
const csvPath = (query = "") => `/o/${slug}/teach/questions/${BASICS}/export.csv${query}`;

/** The visible text of each row of the summary table of the quiz, keyed by question id. */
function summaryRows(html: string): Map<string, string> {
  const table = /<table class="item-table[ "][^>]*>([\s\S]*?)<\/table>/.exec(html)?.[1] ?? "";
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? "";
  return new Map([...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => [new RegExp(`href="#q-${quiz.id}-([a-z-]+)"`).exec(m[1]!)![1]!, visibleText(m[1]!)]));
}

/** The option rows of one question's detail table, as visible text. */
function optionRows(html: string, questionId: string): string[] {
  const section = new RegExp(`<section[^>]*id="q-${quiz.id}-${questionId}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? "";
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(section)?.[1] ?? "";
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => visibleText(m[1]!));
}

/** The CSV as records keyed by column name, read by the app's own CSV reader (the roster import's). */
function parseCsv(text: string): Record<string, string>[] {
  const [header, ...records] = splitCsvRecords(text.replace(/^\uFEFF/, ""));
  return records.map((r) => Object.fromEntries(header!.map((name, i) => [name, r[i] ?? ""])));
}

describe("the statistics page", () => {
  it("shows a trainer the hand-computed figures of their cohort's first attempts", async () => {
    const response = await clients.trainer.get(pagePath());
    expect(response.status).toBe(200);
    const html = await response.text();
    const rows = summaryRows(html);
    expect(rows.get("peer-meaning")).toMatch(/^1\. Jo is starting work .* 15 53% \+0\.60 No$/);
    expect(rows.get("peer-activities")).toMatch(/ 15 100% \+0\.00 Too easy, Does not tell apart, Option never chosen$/);
    // Its wrong answers were all its first wrong option, so two options were never chosen.
    expect(rows.get("lee-old-feelings")).toMatch(/ 15 33% \+1\.00 Option never chosen$/);
    expect(optionRows(html, "peer-meaning")).toEqual([
      `a. ${quiz.questions[0]!.options[0]!.label} No 5 33%`,
      `b. ${quiz.questions[0]!.options[1]!.label} Yes 8 53%`,
      `c. ${quiz.questions[0]!.options[2]!.label} No 2 13%`,
    ]);
    const text = visibleText(html);
    expect(text).toContain("Answers of the trainees of the cohorts you train; no names are shown.");
    expect(text).toContain("Options c, e never chosen");
    expect(text).toContain("15 people answered it.");
  });

  it("never names a trainee", async () => {
    const text = await pageText(await clients.admin.get(pagePath()));
    for (const name of [...traineeNames, "Cohort Two Peer 1"]) expect(text).not.toContain(name);
  });

  it("shows an admin the whole organization: 18 people, peer-meaning right 11 of 18", async () => {
    const html = await (await clients.admin.get(pagePath())).text();
    // Cohort 2 answered everything right: 8 + 3 = 11 of 18 is 61%.
    expect(summaryRows(html).get("peer-meaning")).toMatch(/ 18 61% /);
    expect(visibleText(html)).toContain("Answers of everyone in the organization");
  });

  it("narrows to one cohort, for an admin and for its trainer", async () => {
    for (const client of [clients.admin, clients.trainer]) {
      const html = await (await client.get(pagePath(`?cohort=${cohort1}`))).text();
      expect(summaryRows(html).get("peer-meaning")).toMatch(/ 15 53% \+0\.60 /);
      expect(visibleText(html)).toContain("Answers of the trainees of “Cohort one”");
    }
  });

  it("shows another cohort's trainer only their own 3 trainees: too few answers for any figure", async () => {
    const html = await (await clients.otherTrainer.get(pagePath())).text();
    expect(summaryRows(html).get("peer-meaning")).toBe(
      "1. " + quiz.questions[0]!.prompt + " 3 Too few answers (needs 10) Too few answers (needs 15) No",
    );
    expect(optionRows(html, "peer-meaning").map((row) => row.replace(/^([a-c])\. .* (Yes|No) /, "$1 $2 "))).toEqual(["a No 0 0%", "b Yes 3 100%", "c No 0 0%"]);
  });

  it("counts an earlier version on its own, by ids, and leaves the current one unchanged", async () => {
    const html = await (await clients.trainer.get(pagePath(`?version=${OLD_HASH}`))).text();
    const text = visibleText(html);
    expect(text).toMatch(new RegExp(`Earlier version ${OLD_HASH}, first served [^:]+: 2 people answered\\.`));
    expect(text).toContain("The text of this version is not kept");
    // Without the version's text its questions are numbered in id order: peer-meaning is the fifth.
    expect(optionRows(html, "peer-meaning")).toEqual(["a. (text not kept) Not known 1 50%", "b. (text not kept) Not known 1 50%"]);
    expect(summaryRows(html).get("peer-meaning")).toBe("5. Question peer-meaning 2 Too few answers (needs 10) Too few answers (needs 15) No");
  });

  it("lists the modules with the people who answered each", async () => {
    const text = await pageText(await clients.trainer.get(`/o/${slug}/teach/questions`));
    expect(text).toMatch(/What peer support is 7 15 /);
  });
});

describe("the CSV download", () => {
  it("has the same figures as the page, one row per option", async () => {
    const response = await clients.trainer.get(csvPath());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="question-statistics-${BASICS}-${module.contentHash.slice(0, 7)}.csv"`);
    const records = parseCsv(await response.text());
    const peerMeaning = records.filter((r) => r["Question id"] === "peer-meaning");
    expect(peerMeaning.map((r) => [r["Option id"], r["Right answer"], r["Chosen"], r["Share chosen"]])).toEqual([
      ["a", "no", "5", "0.33"],
      ["b", "yes", "8", "0.53"],
      ["c", "no", "2", "0.13"],
    ]);
    expect(peerMeaning[0]).toMatchObject({
      Quiz: quiz.title,
      "Question number": "1",
      Question: quiz.questions[0]!.prompt,
      Answered: "15",
      Facility: "0.53",
      Discrimination: "0.60",
      Flags: "",
    });
    const activities = records.find((r) => r["Question id"] === "peer-activities")!;
    expect(activities).toMatchObject({ Answered: "15", Facility: "1.00", Discrimination: "0.00" });
    expect(activities.Flags).toContain("Options c, e never chosen");
    // Seven questions, every option a row.
    expect(records).toHaveLength(quiz.questions.reduce((sum, q) => sum + q.options.length, 0));
  });

  it("says too few answers instead of a number for another cohort's trainer", async () => {
    const records = parseCsv(await (await clients.otherTrainer.get(csvPath())).text());
    expect(records.find((r) => r["Question id"] === "peer-meaning")).toMatchObject({ Answered: "3", Facility: "too few answers", Discrimination: "too few answers" });
  });
});

describe("who is refused", () => {
  it("a trainer asking for a cohort they do not train gets 404, page and CSV", async () => {
    for (const path of [pagePath(`?cohort=${cohort1}`), csvPath(`?cohort=${cohort1}`)]) {
      const response = await clients.otherTrainer.get(path);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("Jo is starting work");
    }
    expect((await clients.trainer.get(pagePath(`?cohort=${cohort2}`))).status).toBe(404);
  });

  it("another organization's trainer and admin get 404, at this organization's address and with its cohort under their own", async () => {
    for (const client of [clients.outsiderTrainer, clients.outsiderAdmin]) {
      expect((await client.get(pagePath())).status).toBe(404);
      expect((await client.get(csvPath())).status).toBe(404);
      expect((await client.get(`/o/${otherSlug}/teach/questions/${BASICS}?cohort=${cohort1}`)).status).toBe(404);
      expect((await client.get(`/o/${otherSlug}/teach/questions?cohort=${cohort1}`)).status).toBe(404);
    }
  });

  it("a trainee gets 403", async () => {
    expect((await clients.trainee.get(pagePath())).status).toBe(403);
    expect((await clients.trainee.get(csvPath())).status).toBe(403);
    expect((await clients.trainee.get(`/o/${slug}/teach/questions`)).status).toBe(403);
  });

  it("an unknown module or version gets 404 with a message", async () => {
    const unknown = await clients.admin.get(`/o/${slug}/teach/questions/no-such-module`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("We could not find a module with a quiz at that address");
    expect((await clients.admin.get(pagePath("?version=ffffffffffffffff"))).status).toBe(404);
  });

  it("no answer above was a fault", () => {
    expect(server.errorOutput()).not.toMatch(/"level":"error"|\n\s+at\s/);
  });
});
