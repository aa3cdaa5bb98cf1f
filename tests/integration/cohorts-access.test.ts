import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { setReflectionVisibility } from "~/models/learning/reflection.server";
import {
  addToCohort,
  assignTestModules,
  completeModule,
  createNamedMember,
  createTestCohort,
  day,
  writeReflection,
} from "../support/cohort-factories";
import { createTestOrganization } from "../support/factories";
import type { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { rowCounts } from "../support/row-counts";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Who sees what: a trainer sees only their own cohorts and those cohorts'
 * trainees; an admin sees every cohort of the organization; a trainee sees
 * only themselves. A trainer sees only the reflections a trainee shared, in
 * no page or file anything private. Comment threads between them.
 */

const BASICS = "what-is-peer-support";
const MUTUALITY = "mutuality-and-equality";
const PRIVATE_MARKER = "private-marker-93kq never for trainers";
const SHARED_MARKER = "shared-marker-51zt for my trainer";

let server: TestServer;
let organizationId = "";
let slug = "";
let cohortId = "";
let otherCohortId = "";
let admin: { id: string; email: string; password: string };
let trainer: Awaited<ReturnType<typeof createNamedMember>>;
let outsider: Awaited<ReturnType<typeof createNamedMember>>;
let trainee: Awaited<ReturnType<typeof createNamedMember>>;
let classmate: Awaited<ReturnType<typeof createNamedMember>>;
let stranger: Awaited<ReturnType<typeof createNamedMember>>;
let trainerClient: HttpClient;
let outsiderClient: HttpClient;
let traineeClient: HttpClient;
let adminClient: HttpClient;
let privateReflectionId = "";
let sharedReflectionId = "";

beforeAll(async () => {
  server = await startTestServer();
  const created = await createTestOrganization("Access Peer Network");
  organizationId = created.organization.id;
  slug = created.organization.slug;
  admin = created.admin;
  trainer = await createNamedMember(organizationId, "Tara Trainer", "trainer");
  outsider = await createNamedMember(organizationId, "Otto Outsider", "trainer");
  trainee = await createNamedMember(organizationId, "Sam Trainee");
  classmate = await createNamedMember(organizationId, "Cam Classmate");
  stranger = await createNamedMember(organizationId, "Stella Stranger");
  cohortId = (await createTestCohort({ organizationId, trainer, name: "Tara's cohort" })).id;
  otherCohortId = (await createTestCohort({ organizationId, trainer: outsider, name: "Otto's cohort" })).id;
  await addToCohort({ organizationId, cohortId, trainer, people: [trainee, classmate] });
  await addToCohort({ organizationId, cohortId: otherCohortId, trainer: outsider, people: [stranger] });
  await assignTestModules({ organizationId, cohortId, trainer, slugs: [BASICS, MUTUALITY], dueOn: day(5) });
  const scope = { organizationId, userId: trainee.id };
  await completeModule(scope, BASICS, { reflection: PRIVATE_MARKER });
  privateReflectionId = (await getDb().selectFrom("reflections").select("id").where("user_id", "=", trainee.id).executeTakeFirstOrThrow()).id;
  sharedReflectionId = await writeReflection(scope, MUTUALITY, SHARED_MARKER, "shared");
  trainerClient = await signedInClient(server.origin, trainer);
  outsiderClient = await signedInClient(server.origin, outsider);
  traineeClient = await signedInClient(server.origin, trainee);
  adminClient = await signedInClient(server.origin, admin);
});
afterAll(() => server.stop());

const cohortPaths = () =>
  ["", "/trainees", "/modules", "/settings", "/progress.csv", "/progress.csv?status=completed"].map((p) => `/o/${slug}/teach/cohorts/${cohortId}${p}`);
const traineePath = (id: string) => `/o/${slug}/teach/trainees/${id}`;

/** Every form a cohort manager can send, as [path, fields]. */
function cohortWrites(id: string): [string, Record<string, string>][] {
  const base = `/o/${slug}/teach/cohorts/${id}`;
  return [
    [`${base}/trainees`, { intent: "add-list", addresses: "someone@example.org" }],
    [`${base}/trainees`, { intent: "remove-trainee", userId: trainee.id }],
    [`${base}/trainees`, { intent: "withdraw-invitation", invitationId: "aaaaaaaaaaaaaaaa" }],
    [`${base}/trainees`, { intent: "withdraw-request", requestId: "aaaaaaaaaaaaaaaa" }],
    [`${base}/modules`, { intent: "assign", moduleSlugs: "psc-teamwork" }],
    [`${base}/settings`, { intent: "save", name: "Taken over", startsOn: day(-1), endsOn: day(9) }],
    [`${base}/settings`, { intent: "archive" }],
    [`${traineePath(trainee.id)}`, { intent: "comment", reflectionId: sharedReflectionId, body: "Hello from outside" }],
  ];
}

describe("a trainer outside the cohort", () => {
  it("gets 404 for every page and file of the cohort", async () => {
    for (const path of cohortPaths()) {
      const response = await outsiderClient.get(path);
      expect(response.status, path).toBe(404);
      const text = await pageText(response);
      expect(text).not.toContain("Sam Trainee");
      expect(text).not.toContain(SHARED_MARKER);
    }
  });

  it("gets 404 for every form of the cohort, and nothing is written", async () => {
    const before = await rowCounts();
    for (const [path, fields] of cohortWrites(cohortId)) {
      const response = await outsiderClient.post(path, fields);
      expect(response.status, `${path} ${fields.intent}`).toBe(404);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("gets 404 for the trainee's page and does not see the cohort in their list", async () => {
    const response = await outsiderClient.get(traineePath(trainee.id));
    expect(response.status).toBe(404);
    expect(await pageText(response)).toContain("We could not find that trainee among the people you support.");
    const list = await pageText(await outsiderClient.get(`/o/${slug}/teach`));
    expect(list).toContain("Otto's cohort");
    expect(list).not.toContain("Tara's cohort");
    // Their own trainee is theirs to see.
    expect((await outsiderClient.get(traineePath(stranger.id))).status).toBe(200);
  });

  it("cannot reach a trainee of another cohort through their own cohort's forms", async () => {
    const before = await rowCounts();
    const response = await outsiderClient.post(`/o/${slug}/teach/cohorts/${otherCohortId}/trainees`, { intent: "remove-trainee", userId: trainee.id });
    expect(response.status).toBe(404);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("the cohort's own trainer, an admin, a trainee and other organizations", () => {
  it("the trainer sees the cohort's pages; a trainer not yet in any cohort sees an empty list", async () => {
    for (const path of cohortPaths()) expect((await trainerClient.get(path)).status, path).toBe(200);
    expect((await trainerClient.get(traineePath(trainee.id))).status).toBe(200);
    expect((await trainerClient.get(traineePath(stranger.id))).status).toBe(404);
    const newcomer = await createNamedMember(organizationId, "New Trainer", "trainer");
    const client = await signedInClient(server.origin, newcomer);
    expect(await pageText(await client.get(`/o/${slug}/teach`))).toContain("There are no cohorts yet.");
  });

  it("an admin sees every cohort of the organization and every trainee", async () => {
    const list = await pageText(await adminClient.get(`/o/${slug}/teach`));
    expect(list).toContain("Tara's cohort");
    expect(list).toContain("Otto's cohort");
    for (const path of cohortPaths()) expect((await adminClient.get(path)).status, path).toBe(200);
    expect((await adminClient.get(traineePath(stranger.id))).status).toBe(200);
  });

  it("a trainee gets 403 for every trainer's page, including their own and a classmate's", async () => {
    for (const path of [`/o/${slug}/teach`, `/o/${slug}/teach/cohorts/new`, ...cohortPaths(), traineePath(trainee.id), traineePath(classmate.id)]) {
      expect((await traineeClient.get(path)).status, path).toBe(403);
    }
    const before = await rowCounts();
    for (const [path, fields] of cohortWrites(cohortId)) expect((await traineeClient.post(path, fields)).status, path).toBe(403);
    expect(await rowCounts()).toEqual(before);
  });

  it("another organization's admin gets 404 for this organization's cohort, also under their own organization", async () => {
    const other = await createTestOrganization("Other Access Org");
    const client = await signedInClient(server.origin, other.admin);
    for (const path of [...cohortPaths(), traineePath(trainee.id)]) expect((await client.get(path)).status, path).toBe(404);
    for (const part of ["", "/trainees", "/progress.csv"]) {
      expect((await client.get(`/o/${other.organization.slug}/teach/cohorts/${cohortId}${part}`)).status).toBe(404);
    }
    expect((await client.get(`/o/${other.organization.slug}/teach/trainees/${trainee.id}`)).status).toBe(404);
    const before = await rowCounts();
    for (const [path, fields] of cohortWrites(cohortId)) {
      expect((await client.post(path.replace(`/o/${slug}/`, `/o/${other.organization.slug}/`), fields)).status, path).toBe(404);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("answers 404 with a readable message for ids that are malformed or belong to nobody", async () => {
    for (const path of [
      `/o/${slug}/teach/cohorts/not-a-real-id`,
      `/o/${slug}/teach/cohorts/aaaaaaaaaaaaaaaa/modules`,
      `/o/${slug}/teach/cohorts/%3Cscript%3E/progress.csv`,
      traineePath("aaaaaaaaaaaaaaaa"),
      traineePath("x"),
    ]) {
      const response = await trainerClient.get(path);
      expect(response.status, path).toBe(404);
      expect(await pageText(response)).toMatch(/We could not find that (cohort|trainee)/);
    }
  });
});

describe("reflections the trainee did not share", () => {
  it("never appear to the trainer: not in any page, not in the export", async () => {
    const seen: string[] = [];
    for (const path of [
      ...cohortPaths(),
      `/o/${slug}/teach`,
      traineePath(trainee.id),
      `/o/${slug}/teach/cohorts/${cohortId}?sort=${BASICS}&status=completed`,
    ]) {
      seen.push(await (await trainerClient.get(path)).text());
      seen.push(await (await adminClient.get(path)).text());
    }
    for (const body of seen) expect(body).not.toContain("private-marker-93kq");
    const traineePage = await pageText(await trainerClient.get(traineePath(trainee.id)));
    expect(traineePage).toContain(SHARED_MARKER);
    expect(traineePage).toContain("Reflections shared with trainers");
  });

  it("cannot be commented on by id", async () => {
    const before = await rowCounts();
    const response = await trainerClient.post(traineePath(trainee.id), { intent: "comment", reflectionId: privateReflectionId, body: "Peeking" });
    expect(response.status).toBe(404);
    expect(await pageText(response)).toContain("That reflection is not shared with you.");
    expect(await rowCounts()).toEqual(before);
  });
});

describe("comment threads on a shared reflection", () => {
  it("the trainer comments, the trainee reads it on their home page and journal and answers", async () => {
    const sent = await trainerClient.post(traineePath(trainee.id), {
      intent: "comment",
      reflectionId: sharedReflectionId,
      body: "Thank you, Sam. What helped you then?\nTake your time.",
    });
    expect(sent.status).toBe(200);
    expect(await pageText(sent)).toContain("Your comment has been sent.");

    const home = await pageText(await traineeClient.get(`/o/${slug}`));
    expect(home).toContain("Your trainers answered");
    expect(home).toContain("Tara Trainer commented on your reflection in “Mutuality and equality”");
    const journal = await traineeClient.get(`/o/${slug}/learn/journal`);
    const html = await journal.text();
    expect(html).toContain("Thank you, Sam. What helped you then?\nTake your time.");
    expect(await pageText(new Response(html))).toContain("Comments (1)");

    const reply = await traineeClient.post(`/o/${slug}/learn/journal`, { intent: "reply", reflectionId: sharedReflectionId, body: "A friend who listened." });
    expect(reply.status).toBe(200);
    expect(await pageText(reply)).toContain("Your reply has been sent to your trainers.");
    expect(await pageText(await traineeClient.get(`/o/${slug}`))).not.toContain("Your trainers answered");
    const trainerView = await pageText(await trainerClient.get(traineePath(trainee.id)));
    expect(trainerView).toContain("Comments (2)");
    expect(trainerView).toMatch(/Tara Trainer \(trainer\).*Thank you, Sam\..*Sam Trainee \(trainee\).*A friend who listened\./);
  });

  it("refuses empty, overlong and misdirected comments and replies, writing nothing", async () => {
    const classmateClient = await signedInClient(server.origin, classmate);
    const before = await rowCounts();
    const cases: [HttpClient, string, Record<string, string>, number, string][] = [
      [trainerClient, traineePath(trainee.id), { intent: "comment", reflectionId: sharedReflectionId, body: "   " }, 400, "Write something before you send."],
      [trainerClient, traineePath(trainee.id), { intent: "comment", reflectionId: sharedReflectionId, body: "x".repeat(6000) }, 400, "Keep a comment under 5,000 characters."],
      [trainerClient, traineePath(trainee.id), { intent: "comment", reflectionId: "bad" }, 400, "That item was not found."],
      [trainerClient, traineePath(classmate.id), { intent: "comment", reflectionId: sharedReflectionId, body: "Wrong person" }, 404, "not shared with you"],
      [traineeClient, `/o/${slug}/learn/journal`, { intent: "reply", reflectionId: sharedReflectionId, body: "" }, 400, "Write something before you send."],
      [traineeClient, `/o/${slug}/learn/journal`, { intent: "reply", reflectionId: privateReflectionId, body: "To nobody" }, 409, "This reflection is private"],
    ];
    cases.push([classmateClient, `/o/${slug}/learn/journal`, { intent: "reply", reflectionId: sharedReflectionId, body: "Not mine" }, 404, "not found in your journal"]);
    for (const [client, path, fields, status, message] of cases) {
      const response = await client.post(path, fields);
      expect(response.status, JSON.stringify(fields).slice(0, 80)).toBe(status);
      expect(await pageText(response)).toContain(message);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("disappears from the trainer's view when the trainee stops sharing; the trainee keeps the thread", async () => {
    await setReflectionVisibility({ organizationId, userId: trainee.id }, sharedReflectionId, "private");
    const trainerView = await pageText(await trainerClient.get(traineePath(trainee.id)));
    expect(trainerView).not.toContain(SHARED_MARKER);
    expect(trainerView).not.toContain("A friend who listened.");
    expect(trainerView).toContain("Sam Trainee has not shared any reflections.");
    const before = await rowCounts();
    const refused = await trainerClient.post(traineePath(trainee.id), { intent: "comment", reflectionId: sharedReflectionId, body: "Still there?" });
    expect(refused.status).toBe(404);
    expect(await rowCounts()).toEqual(before);

    const journal = await pageText(await traineeClient.get(`/o/${slug}/learn/journal`));
    expect(journal).toContain("A friend who listened.");
    expect(journal).toContain("This reflection is private now, so your trainers cannot see it or these comments.");
    await setReflectionVisibility({ organizationId, userId: trainee.id }, sharedReflectionId, "shared");
  });
});

describe("leaving a cohort", () => {
  it("a trainer no longer sees a trainee taken out of their cohort", async () => {
    const leaver = await createNamedMember(organizationId, "Lou Leaver");
    await addToCohort({ organizationId, cohortId, trainer, people: [leaver] });
    expect((await trainerClient.get(traineePath(leaver.id))).status).toBe(200);
    const removed = await trainerClient.post(`/o/${slug}/teach/cohorts/${cohortId}/trainees`, { intent: "remove-trainee", userId: leaver.id });
    expect(removed.status).toBe(200);
    expect((await trainerClient.get(traineePath(leaver.id))).status).toBe(404);
    expect(await pageText(await trainerClient.get(`/o/${slug}/teach/cohorts/${cohortId}`))).not.toContain("Lou Leaver");
  });
});
