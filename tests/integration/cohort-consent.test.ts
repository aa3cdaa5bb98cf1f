import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findModule } from "~/content/catalog.server";
import { getDb } from "~/db.server";
import { AUDIT_ACTION_LABELS } from "~/models/organizations/audit.server";
import { changeMemberRole, removeMember } from "~/models/accounts/membership.server";
import {
  acceptCohortRequests,
  addToCohort,
  askToJoinCohort,
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
import { mailCountTo } from "../support/server-log";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Joining a cohort needs the trainee's consent (issue 12, finding 2; decision
 * 021). A trainer who adds an existing member only asks: until the person
 * accepts, the trainer sees them as "waiting" and nothing of their learning,
 * on any page or file. An admin's add is at once. Every roster change is in
 * the activity log. A person who trains one cohort and is a trainee in
 * another sees, as a trainer, only the cohort they train.
 */

const BASICS = "what-is-peer-support";
const MUTUALITY = "mutuality-and-equality";
const TEAMWORK = "psc-teamwork";
const SHARED_MARKER = "shared-marker-7hq2 only once I said yes";

let server: TestServer;
let organizationId = "";
let slug = "";
let cohortId = "";
let admin: { id: string; email: string; password: string };
let trainer: Awaited<ReturnType<typeof createNamedMember>>;
let trainerClient: HttpClient;
let adminClient: HttpClient;

beforeAll(async () => {
  server = await startTestServer();
  const created = await createTestOrganization("Consent Peer Network");
  organizationId = created.organization.id;
  slug = created.organization.slug;
  admin = created.admin;
  trainer = await createNamedMember(organizationId, "Tara Trainer", "trainer");
  cohortId = (await createTestCohort({ organizationId, trainer, name: "Tara's cohort" })).id;
  await assignTestModules({ organizationId, cohortId, trainer, slugs: [BASICS, MUTUALITY], dueOn: day(5) });
  trainerClient = await signedInClient(server.origin, trainer);
  adminClient = await signedInClient(server.origin, admin);
});
afterAll(() => server.stop());

const rosterPath = (id = cohortId) => `/o/${slug}/teach/cohorts/${id}/trainees`;
const requestsPath = () => `/o/${slug}/learn/cohort-requests`;
/** Every page and file where a trainer could see something of one trainee. */
const learnerPaths = (id: string, cohort = cohortId) => [
  `/o/${slug}/teach/trainees/${id}`,
  `/o/${slug}/teach/trainees/${id}/competencies`,
  `/o/${slug}/teach/trainees/${id}/records`,
  `/o/${slug}/teach/cohorts/${cohort}`,
  `/o/${slug}/teach/cohorts/${cohort}?status=completed`,
  `/o/${slug}/teach/cohorts/${cohort}/progress.csv`,
];

/** A trainee with a completed module (quiz scores) and a reflection shared with trainers. */
async function traineeWithLearning(name: string) {
  const person = await createNamedMember(organizationId, name);
  const scope = { organizationId, userId: person.id };
  await completeModule(scope, BASICS);
  await writeReflection(scope, MUTUALITY, `${SHARED_MARKER} (${name})`, "shared");
  return person;
}

async function sharedReflectionOf(userId: string) {
  return getDb().selectFrom("reflections").select("id").where("user_id", "=", userId).where("visibility", "=", "shared").executeTakeFirstOrThrow();
}

async function openRequestOf(userId: string, cohort = cohortId) {
  return getDb()
    .selectFrom("cohort_requests")
    .selectAll()
    .where("user_id", "=", userId)
    .where("cohort_id", "=", cohort)
    .where("status", "=", "pending")
    .executeTakeFirst();
}

async function isInCohort(userId: string, cohort = cohortId) {
  const row = await getDb().selectFrom("cohort_members").select("role").where("user_id", "=", userId).where("cohort_id", "=", cohort).executeTakeFirst();
  return row?.role === "trainee";
}

async function auditEntries(action: string, traineeEmail?: string) {
  const rows = await getDb()
    .selectFrom("audit_log")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("action", "=", action)
    .orderBy("id")
    .execute();
  const entries = rows.map((row) => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown> }));
  return traineeEmail ? entries.filter((e) => e.data.trainee === traineeEmail) : entries;
}

/** What the trainer gets on every page of one trainee: the status of each, and whether any shows their learning. */
async function trainerSees(client: HttpClient, person: { id: string; email: string }, cohort = cohortId) {
  const statuses: number[] = [];
  let leaked = false;
  for (const path of learnerPaths(person.id, cohort)) {
    const response = await client.get(path);
    const body = await response.text();
    if (path.includes("/trainees/")) statuses.push(response.status);
    if (body.includes(SHARED_MARKER) || body.includes(person.email) || body.includes(person.id)) leaked = true;
  }
  return { statuses, leaked };
}

describe("a trainer adds a trainee who is already a member", () => {
  let priya: Awaited<ReturnType<typeof traineeWithLearning>>;

  it("only asks: the roster shows them waiting, and no page or file shows the trainer their learning", async () => {
    priya = await traineeWithLearning("Priya Pending");
    const response = await trainerClient.post(rosterPath(), { intent: "add-list", addresses: priya.email });
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain("1 person was asked to join: Priya Pending. They join the cohort when they accept.");
    expect(await isInCohort(priya.id)).toBe(false);

    const roster = await trainerClient.get(rosterPath());
    const rosterHtml = await roster.text();
    const rosterText = await pageText(new Response(rosterHtml));
    expect(rosterText).toContain("Trainees (0)");
    expect(rosterText).toContain("Waiting for them to accept (1)");
    expect(rosterText).toContain("You see nothing of their learning until they accept.");
    expect(rosterText).toMatch(/Priya Pending .*@example\.org/);
    expect(rosterHtml, "no link to the trainee's page").not.toContain(`/teach/trainees/${priya.id}`);

    const seen = await trainerSees(trainerClient, priya);
    expect(seen.statuses).toEqual([404, 404, 404]);
    expect(seen.leaked, "a page or file showed the waiting trainee's learning").toBe(false);
    expect(await pageText(await trainerClient.get(`/o/${slug}/teach`))).toContain("0 trainees");

    // Nor can the trainer write about them: a comment on the shared reflection, an observation, a sign-off.
    const before = await rowCounts();
    const reflection = await sharedReflectionOf(priya.id);
    const comment = await trainerClient.post(`/o/${slug}/teach/trainees/${priya.id}`, { intent: "comment", reflectionId: reflection.id, body: "Hello" });
    expect(comment.status).toBe(404);
    const observation = await trainerClient.post(`/o/${slug}/teach/trainees/${priya.id}/competencies`, { competencyId: "aaaaaaaaaaaaaaaa", rating: "3", note: "x" });
    expect(observation.status).toBe(404);
    expect(await rowCounts()).toEqual(before);
  });

  it("the trainee sees the request on their home and modules pages, with the cohort, its trainers and what trainers will see", async () => {
    const client = await signedInClient(server.origin, priya);
    for (const path of [`/o/${slug}`, `/o/${slug}/learn`]) {
      const html = await (await client.get(path)).text();
      const text = await pageText(new Response(html));
      expect(text, path).toContain("A request to join a training group");
      expect(text, path).toContain("Tara Trainer asked you to join “Tara's cohort”.");
      expect(html, path).toContain(`href="${requestsPath()}"`);
    }
    const page = await client.get(requestsPath());
    expect(page.status).toBe(200);
    const text = await pageText(page);
    expect(text).toContain("Requests to join a training group");
    expect(text).toMatch(/Tara's cohort Runs .* to .* Trainers Tara Trainer Asked by Tara Trainer, on/);
    expect(text).toContain("What its trainers will see");
    expect(text).toContain("Your quiz results, with the scores.");
    expect(text).toContain("The reflections you choose to share with your trainers, and the comments on them.");
    expect(text).toContain("They will not see what you wrote in a reflection you keep private.");
    expect(text).toContain("Yes, join");
    expect(text).toContain("No, do not join");
    expect(mailCountTo(server, priya.email), "the trainee is told by mail").toBe(1);
  });

  it("nobody else can answer it: another member's answer is 404 and writes nothing", async () => {
    const request = (await openRequestOf(priya.id))!;
    const other = await createNamedMember(organizationId, "Someone Else");
    const otherClient = await signedInClient(server.origin, other);
    const priyaClient = await signedInClient(server.origin, priya);
    const before = await rowCounts();
    for (const client of [otherClient, trainerClient, adminClient]) {
      const response = await client.post(requestsPath(), { answer: "accept", requestId: request.id });
      expect(response.status).toBe(404);
      expect(await pageText(response)).toContain("That request was not found, or it was already answered or withdrawn.");
    }
    const garbled = await priyaClient.post(requestsPath(), { answer: "maybe", requestId: request.id });
    expect(garbled.status).toBe(400);
    expect(await rowCounts()).toEqual(before);
  });

  it("asking twice is refused while the first request waits", async () => {
    const response = await trainerClient.post(rosterPath(), { intent: "add-list", addresses: priya.email });
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("This person was asked to join this cohort on");
    expect(mailCountTo(server, priya.email)).toBe(1);
  });

  it("accepting puts them in the cohort: the trainer then sees their learning, and both steps are in the activity log", async () => {
    const client = await signedInClient(server.origin, priya);
    const request = (await openRequestOf(priya.id))!;
    const answered = await client.post(requestsPath(), { answer: "accept", requestId: request.id });
    expect(answered.status).toBe(200);
    expect(await pageText(answered)).toContain("You have joined “Tara's cohort”.");
    expect(await isInCohort(priya.id)).toBe(true);

    const seen = await trainerSees(trainerClient, priya);
    expect(seen.statuses).toEqual([200, 200, 200]);
    const traineePage = await pageText(await trainerClient.get(`/o/${slug}/teach/trainees/${priya.id}`));
    expect(traineePage).toContain(SHARED_MARKER);
    expect(traineePage).toMatch(/\d+% Passed/);
    expect(await (await trainerClient.get(`/o/${slug}/teach/cohorts/${cohortId}/progress.csv`)).text()).toContain("Priya Pending");

    const [requested] = await auditEntries("cohort.join_requested", priya.email);
    expect(requested).toMatchObject({ actor_id: trainer.id, subject: `cohort:${cohortId}` });
    expect(requested!.data).toEqual({ cohort: "Tara's cohort", trainee: priya.email });
    const [accepted] = await auditEntries("cohort.join_accepted", priya.email);
    expect(accepted).toMatchObject({ actor_id: priya.id, subject: `cohort:${cohortId}` });
    expect(await pageText(await client.get(`/o/${slug}`))).not.toContain("A request to join a training group");
  });

  it("removing them is in the activity log and hides their learning again", async () => {
    const removed = await trainerClient.post(rosterPath(), { intent: "remove-trainee", userId: priya.id });
    expect(removed.status).toBe(200);
    const [entry] = await auditEntries("cohort.trainee_removed", priya.email);
    expect(entry).toMatchObject({ actor_id: trainer.id, subject: `cohort:${cohortId}` });
    const seen = await trainerSees(trainerClient, priya);
    expect(seen.statuses).toEqual([404, 404, 404]);
    expect(seen.leaked).toBe(false);
  });
});

describe("a trainee who says no", () => {
  it("stays invisible to the trainer, the answer is in the activity log, and only an admin can add them after that", async () => {
    const dev = await traineeWithLearning("Dev Declines");
    await askToJoinCohort({ organizationId, cohortId, trainer, people: [dev] });
    const client = await signedInClient(server.origin, dev);
    const request = (await openRequestOf(dev.id))!;
    const answered = await client.post(requestsPath(), { answer: "decline", requestId: request.id });
    expect(answered.status).toBe(200);
    expect(await pageText(answered)).toContain("You said no to “Tara's cohort”. You are not in it, and its trainers see nothing of your learning.");
    expect(await isInCohort(dev.id)).toBe(false);

    const seen = await trainerSees(trainerClient, dev);
    expect(seen.statuses).toEqual([404, 404, 404]);
    expect(seen.leaked).toBe(false);
    expect(await pageText(await trainerClient.get(rosterPath()))).not.toContain("Dev Declines");
    const [declined] = await auditEntries("cohort.join_declined", dev.email);
    expect(declined).toMatchObject({ actor_id: dev.id, subject: `cohort:${cohortId}` });

    // The same request cannot be answered again, and the trainer cannot ask again.
    const again = await client.post(requestsPath(), { answer: "accept", requestId: request.id });
    expect(again.status).toBe(404);
    expect(await isInCohort(dev.id)).toBe(false);
    const before = await rowCounts();
    const asked = await trainerClient.post(rosterPath(), { intent: "add-list", addresses: dev.email });
    expect(asked.status).toBe(400);
    expect(await pageText(asked)).toContain("This person said no to joining this cohort on");
    expect(await rowCounts()).toEqual(before);
  });
});

describe("an admin adds a trainee", () => {
  it("at once, told by mail and written in the activity log; an open request is settled with it", async () => {
    const eli = await traineeWithLearning("Eli Added");
    await askToJoinCohort({ organizationId, cohortId, trainer, people: [eli] });
    const response = await adminClient.post(rosterPath(), { intent: "add-list", addresses: eli.email });
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain("1 person joined the cohort: Eli Added.");
    expect(await isInCohort(eli.id)).toBe(true);
    expect(await openRequestOf(eli.id), "the trainer's request is settled").toBeUndefined();
    expect(server.mail().filter((m) => m.to === eli.email).map((m) => m.subject)).toContain('You have joined the training group "Tara\'s cohort"');

    const [added] = await auditEntries("cohort.trainee_added", eli.email);
    expect(added).toMatchObject({ actor_id: admin.id, subject: `cohort:${cohortId}` });
    expect(added!.data).toEqual({ cohort: "Tara's cohort", trainee: eli.email });
    const seen = await trainerSees(trainerClient, eli);
    expect(seen.statuses).toEqual([200, 200, 200]);
    const adminRoster = await pageText(await adminClient.get(rosterPath()));
    expect(adminRoster).toContain("As an admin, you add people who are already trainees in this organization at once");
  });
});

describe("withdrawing, archiving and leaving the organization", () => {
  it("a withdrawn request is in the activity log; the trainee no longer sees it and cannot accept it", async () => {
    const wren = await createNamedMember(organizationId, "Wren Withdrawn");
    await askToJoinCohort({ organizationId, cohortId, trainer, people: [wren] });
    const request = (await openRequestOf(wren.id))!;
    const otherCohort = (await createTestCohort({ organizationId, trainer, name: "Another cohort" })).id;
    const wrongCohort = await trainerClient.post(rosterPath(otherCohort), { intent: "withdraw-request", requestId: request.id });
    expect(wrongCohort.status, "a request is withdrawn only from its own cohort").toBe(404);

    const withdrawn = await trainerClient.post(rosterPath(), { intent: "withdraw-request", requestId: request.id });
    expect(withdrawn.status).toBe(200);
    expect(await pageText(withdrawn)).toContain("The request has been withdrawn.");
    expect(await auditEntries("cohort.join_withdrawn", wren.email)).toHaveLength(1);
    const client = await signedInClient(server.origin, wren);
    expect(await pageText(await client.get(requestsPath()))).toContain("You have no requests waiting.");
    expect((await client.post(requestsPath(), { answer: "accept", requestId: request.id })).status).toBe(404);
    expect(await isInCohort(wren.id)).toBe(false);
  });

  it("archiving a cohort is in the activity log and withdraws its open requests", async () => {
    const closing = (await createTestCohort({ organizationId, trainer, name: "Closing cohort" })).id;
    const ada = await createNamedMember(organizationId, "Ada Archived");
    await askToJoinCohort({ organizationId, cohortId: closing, trainer, people: [ada] });
    const request = (await openRequestOf(ada.id, closing))!;
    const archived = await trainerClient.post(`/o/${slug}/teach/cohorts/${closing}/settings`, { intent: "archive" });
    expect(archived.status).toBe(302);
    const entry = (await auditEntries("cohort.archived")).find((e) => e.subject === `cohort:${closing}`);
    expect(entry).toMatchObject({ actor_id: trainer.id });
    expect(entry!.data).toEqual({ cohort: "Closing cohort", "invitations withdrawn": 0, "requests to join withdrawn": 1 });
    const client = await signedInClient(server.origin, ada);
    expect((await client.post(requestsPath(), { answer: "accept", requestId: request.id })).status).toBe(404);
    expect(await isInCohort(ada.id, closing)).toBe(false);

    const reopened = await adminClient.post(`/o/${slug}/teach/cohorts/${closing}/settings`, { intent: "reopen" });
    expect(reopened.status).toBe(200);
    expect((await auditEntries("cohort.reopened")).map((e) => e.subject)).toContain(`cohort:${closing}`);
  });

  it("someone removed from the organization has no open request left behind", async () => {
    const lee = await createNamedMember(organizationId, "Lee Leaving");
    await askToJoinCohort({ organizationId, cohortId, trainer, people: [lee] });
    await removeMember({ organizationId, actorId: admin.id, userId: lee.id });
    expect(await openRequestOf(lee.id)).toBeUndefined();
    expect(await pageText(await trainerClient.get(rosterPath()))).not.toContain("Lee Leaving");
  });

  it("creating a cohort and changing its trainers are in the activity log", async () => {
    const second = await createNamedMember(organizationId, "Sol Second", "trainer");
    const created = (await createTestCohort({ organizationId, trainer, name: "Logged cohort" })).id;
    const [entry] = (await auditEntries("cohort.created")).filter((e) => e.subject === `cohort:${created}`);
    expect(entry!.data).toEqual({ cohort: "Logged cohort", trainers: "Tara Trainer" });
    const saved = await trainerClient.post(`/o/${slug}/teach/cohorts/${created}/settings`, {
      intent: "save",
      name: "Logged cohort",
      startsOn: day(-1),
      endsOn: day(30),
      trainerIds: [trainer.id, second.id],
    });
    expect(saved.status).toBe(200);
    const [changed] = (await auditEntries("cohort.trainers_changed")).filter((e) => e.subject === `cohort:${created}`);
    expect(changed).toMatchObject({ actor_id: trainer.id });
    expect(changed!.data).toEqual({ cohort: "Logged cohort", added: "Sol Second" });
  });

  it("the activity log shows every roster change in words", async () => {
    const text = await pageText(await adminClient.get(`/o/${slug}/admin/activity`));
    for (const action of [
      "cohort.created",
      "cohort.trainers_changed",
      "cohort.join_requested",
      "cohort.join_accepted",
      "cohort.join_declined",
      "cohort.join_withdrawn",
      "cohort.trainee_added",
      "cohort.trainee_removed",
      "cohort.archived",
      "cohort.reopened",
    ] as const) {
      expect(text, action).toContain(AUDIT_ACTION_LABELS[action]);
    }
    expect(text).not.toMatch(/\bcohort\.[a-z_]+\b/);
  });
});

describe("one person, a trainer in one cohort and a trainee in another", () => {
  let dana: Awaited<ReturnType<typeof createNamedMember>>;
  let danaClient: HttpClient;
  let classmate: Awaited<ReturnType<typeof traineeWithLearning>>;
  let danasTrainee: Awaited<ReturnType<typeof traineeWithLearning>>;
  let danasCohort = "";

  beforeAll(async () => {
    // Dana joins Tara's cohort as a trainee, becomes a trainer, and runs a cohort of her own.
    dana = await createNamedMember(organizationId, "Dana Dual");
    classmate = await traineeWithLearning("Cam Classmate");
    danasTrainee = await traineeWithLearning("Yuri Both");
    await addToCohort({ organizationId, cohortId, trainer, people: [dana, classmate, danasTrainee] });
    await changeMemberRole({ organizationId, actorId: admin.id, userId: dana.id, role: "trainer" });
    danasCohort = (await createTestCohort({ organizationId, trainer: dana, name: "Dana's cohort" })).id;
    await assignTestModules({ organizationId, cohortId: danasCohort, trainer: dana, slugs: [TEAMWORK] });
    await addToCohort({ organizationId, cohortId: danasCohort, trainer: dana, people: [danasTrainee] });
    danaClient = await signedInClient(server.origin, dana);
  });

  it("lists only the cohort she trains", async () => {
    const list = await pageText(await danaClient.get(`/o/${slug}/teach`));
    expect(list).toContain("Dana's cohort");
    expect(list).not.toContain("Tara's cohort");
  });

  it("gets 404 for every page, file and form of the cohort she is a trainee in, and nothing is written", async () => {
    for (const path of ["", "/trainees", "/modules", "/settings", "/progress.csv"].map((p) => `/o/${slug}/teach/cohorts/${cohortId}${p}`)) {
      const response = await danaClient.get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain("Cam Classmate");
    }
    const before = await rowCounts();
    for (const fields of [
      { intent: "add-list", addresses: "someone@example.org" } as Record<string, string>,
      { intent: "remove-trainee", userId: classmate.id },
    ]) {
      expect((await danaClient.post(rosterPath(), fields)).status).toBe(404);
    }
    expect((await danaClient.post(`/o/${slug}/teach/cohorts/${cohortId}/settings`, { intent: "archive" })).status).toBe(404);
    expect(await rowCounts()).toEqual(before);
  });

  it("cannot see a classmate's learning, shared reflection or scores", async () => {
    const seen = await trainerSees(danaClient, classmate, danasCohort);
    expect(seen.statuses).toEqual([404, 404, 404]);
    expect(seen.leaked).toBe(false);
  });

  it("sees her own trainee, but only through her cohort: not the cohort she shares with him as a trainee", async () => {
    const seen = await trainerSees(danaClient, danasTrainee, danasCohort);
    expect(seen.statuses).toEqual([200, 200, 200]);
    const page = await pageText(await danaClient.get(`/o/${slug}/teach/trainees/${danasTrainee.id}`));
    expect(page).toMatch(/In the cohort Dana's cohort ?\./);
    expect(page).not.toContain("Tara's cohort");
    const assigned = /Assigned modules (.*?) Other modules/.exec(page)?.[1] ?? "";
    expect(assigned).toContain(findModule(TEAMWORK)!.frontmatter.title);
    expect(assigned, "a module assigned only in a cohort she does not train is not shown as assigned").not.toContain(
      findModule(BASICS)!.frontmatter.title,
    );
    const progress = await pageText(await danaClient.get(`/o/${slug}/teach/cohorts/${danasCohort}`));
    expect(progress).toContain("Yuri Both");
    expect(progress).not.toContain("Cam Classmate");
    const csv = await (await danaClient.get(`/o/${slug}/teach/cohorts/${danasCohort}/progress.csv`)).text();
    expect(csv).toContain("Yuri Both");
    expect(csv, "her own learning is not in the cohort she trains").not.toContain("Dana Dual");
    expect(csv).not.toContain("Cam Classmate");
  });

  it("is still a trainee where she learns: her trainer sees her, and her modules are assigned to her", async () => {
    expect((await trainerClient.get(`/o/${slug}/teach/trainees/${dana.id}`)).status).toBe(200);
    expect((await trainerClient.get(`/o/${slug}/teach/cohorts/${danasCohort}`)).status, "Tara does not train Dana's cohort").toBe(404);
    const home = await pageText(await danaClient.get(`/o/${slug}`));
    expect(home).toContain("Assigned to you");
    expect(home).toContain("Your role here: trainer");
  });

  it("a request waiting for her answer gives the asking trainer nothing, also when she trains a cohort herself", async () => {
    const otto = await createNamedMember(organizationId, "Otto Other", "trainer");
    const ottos = (await createTestCohort({ organizationId, trainer: otto, name: "Otto's cohort" })).id;
    const ottoClient = await signedInClient(server.origin, otto);
    const asked = await ottoClient.post(rosterPath(ottos), { intent: "add-list", addresses: danasTrainee.email });
    expect(asked.status).toBe(200);
    const seen = await trainerSees(ottoClient, danasTrainee, ottos);
    expect(seen.statuses).toEqual([404, 404, 404]);
    expect(seen.leaked).toBe(false);
    await acceptCohortRequests({ organizationId, cohortId: ottos, people: [danasTrainee] });
    expect((await trainerSees(ottoClient, danasTrainee, ottos)).statuses).toEqual([200, 200, 200]);
    // Otto's cohort is not Dana's: she still sees Yuri only as his trainer in her own cohort.
    expect(await pageText(await danaClient.get(`/o/${slug}/teach/trainees/${danasTrainee.id}`))).not.toContain("Otto's cohort");
  });
});
