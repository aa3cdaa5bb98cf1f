import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUBRIC_STEPS, type PracticeFile } from "~/content/practice";
import { addToCohort, createTestCohort } from "../support/cohort-factories";
import { findCompetency } from "../support/competency-factories";
import { createTestMember, createTestOrganization } from "../support/factories";
import type { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { rowCounts } from "../support/row-counts";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let slug: string;
let trainee: Awaited<ReturnType<typeof createTestMember>>;
let trainerClient: HttpClient;
let traineeClient: HttpClient;
let who: PracticeFile;
let psc: PracticeFile;

beforeAll(async () => {
  server = await startTestServer();
  const created = await createTestOrganization("Practice Org");
  slug = created.organization.slug;
  trainee = await createTestMember(created.organization.id, "trainee");
  const trainer = await createTestMember(created.organization.id, "trainer");
  const cohort = await createTestCohort({ organizationId: created.organization.id, trainer });
  await addToCohort({ organizationId: created.organization.id, cohortId: cohort.id, trainer, people: [trainee] });
  trainerClient = await signedInClient(server.origin, trainer);
  traineeClient = await signedInClient(server.origin, trainee);
  who = JSON.parse(await readFile("content/practice/who-qualityrights.json", "utf8")) as PracticeFile;
  psc = JSON.parse(await readFile("content/practice/peer-support-canada.json", "utf8")) as PracticeFile;
});
afterAll(() => server.stop());

const observePage = () => `/o/${slug}/teach/trainees/${trainee.id}/competencies`;
const entryOf = (file: PracticeFile, code: string) => file.practice.find((p) => p.competency === code)!;

/** The observation form's part of the page: from its heading to the rating question. */
function formText(text: string): string {
  const start = text.indexOf("Record an observation After a role-play");
  return text.slice(start, text.indexOf("What did you see?", start));
}

describe("the observation form shows the chosen competency's practice task and rubric", () => {
  it("opened for a competency: its task, every rubric step with its behaviours and the level it gives", async () => {
    const competency = await findCompetency("who.role-09");
    const response = await trainerClient.get(`${observePage()}?competency=${competency.id}`);
    expect(response.status).toBe(200);
    const form = formText(await pageText(response));
    const entry = entryOf(who, "who.role-09");
    expect(form).toContain(`Role-play: ${entry.title}`);
    expect(form).toContain(entry.setup);
    for (const step of entry.steps) expect(form).toContain(step);
    expect(form).toContain(`What to look for: ${competency.title} Rating What you see`);
    for (const step of RUBRIC_STEPS) {
      expect(form).toContain(`${step.rating}. ${step.label} ${step.effect} ${entry.rubric[step.key].join(" ")}`);
    }
    expect(form).toContain("1. Not seen yet Does not verify.");
    expect(form).toContain("3. On their own Verified.");
    // Only the chosen competency's rubric is on the form.
    expect(form).not.toContain(entryOf(who, "who.role-01").title);
  });

  it("a task that involves distress comes with its content note and the organization's crisis lines", async () => {
    const competency = await findCompetency("who.role-08");
    const form = formText(await pageText(await trainerClient.get(`${observePage()}?competency=${competency.id}`)));
    expect(form).toContain(`Content note ${entryOf(who, "who.role-08").contentNote}`);
    expect(form).toContain("If you are in distress now");
    expect(form).toContain("9-8-8 Suicide Crisis Helpline");
  });

  it("with no competency chosen, says how to see one instead of showing a rubric", async () => {
    const form = formText(await pageText(await trainerClient.get(observePage())));
    expect(form).toContain("Choose a competency to see its practice task and a rubric");
    expect(form).not.toContain("What to look for:");
  });

  it("after a refused observation, still shows the rubric of the competency the trainer chose, and writes nothing", async () => {
    const competency = await findCompetency("psc.teamwork");
    const before = await rowCounts();
    const response = await trainerClient.post(observePage(), { competencyId: competency.id, rating: "2", note: "" });
    expect(response.status).toBe(400);
    const text = await pageText(response);
    expect(text).toContain("Write a short note about what you saw");
    const form = formText(text);
    expect(form).toContain(`What to look for: ${competency.title}`);
    expect(form).toContain(entryOf(psc, "psc.teamwork").rubric["with-support"][0]);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("the trainee's competency page", () => {
  it("shows the practice task and what a trainer looks for on every competency of both frameworks", async () => {
    const response = await traineeClient.get(`/o/${slug}/learn/competencies`);
    expect(response.status).toBe(200);
    const text = await pageText(response);
    for (const entry of [...who.practice, ...psc.practice]) expect(text).toContain(entry.title);
    expect(text.match(/Practice task for /g)).toHaveLength(who.practice.length + psc.practice.length);
    expect(text).toContain(`What a trainer looks for Rating What the trainer sees 1. Not seen yet`);
    expect(text).toContain(who.attribution!);
  });
});
