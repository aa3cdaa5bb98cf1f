import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { addMonths, recordStatus } from "~/models/records/record-status";
import { issueToCohort, revokeCompletionRecord } from "~/models/records/record-issuing.server";
import { checkEligibility } from "~/models/records/eligibility.server";
import { getProgramme } from "~/models/records/programme.server";
import { addToCohort, completeModule, createNamedMember, createTestCohort } from "../support/cohort-factories";
import { findCompetency } from "../support/competency-factories";
import { createTestOrganization } from "../support/factories";
import type { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { BASICS, createTestProgramme, issueTestRecord, makeEligible, MUTUALITY } from "../support/record-factories";
import { rowCounts } from "../support/row-counts";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Programmes and completion records through the pages and the models: an
 * admin defines what completion means, trainees see what they still miss,
 * records go only to trainees who meet every requirement, and a record once
 * written never changes: it can only be revoked, with a reason.
 */

let server: TestServer;
let organization: { id: string; name: string; slug: string };
let admin: { id: string; email: string; password: string };
let trainer: Awaited<ReturnType<typeof createNamedMember>>;
let outsideTrainer: Awaited<ReturnType<typeof createNamedMember>>;
let trainee: Awaited<ReturnType<typeof createNamedMember>>;
let cohortId = "";
let adminClient: HttpClient;
let trainerClient: HttpClient;
let traineeClient: HttpClient;

beforeAll(async () => {
  server = await startTestServer();
  const created = await createTestOrganization("Harbour Peer Network");
  organization = created.organization;
  admin = created.admin;
  trainer = await createNamedMember(organization.id, "Tara Trainer", "trainer");
  outsideTrainer = await createNamedMember(organization.id, "Otto Outside", "trainer");
  trainee = await createNamedMember(organization.id, "Sam Okafor");
  cohortId = (await createTestCohort({ organizationId: organization.id, trainer, name: "Spring group" })).id;
  await addToCohort({ organizationId: organization.id, cohortId, trainer, people: [trainee] });
  adminClient = await signedInClient(server.origin, admin);
  trainerClient = await signedInClient(server.origin, trainer);
  traineeClient = await signedInClient(server.origin, trainee);
});
afterAll(() => server.stop());

const admin_ = (path = "") => `/o/${organization.slug}/admin${path}`;

async function recordRows(userId?: string) {
  let query = getDb().selectFrom("completion_records").selectAll();
  if (userId) query = query.where("user_id", "=", userId);
  return query.orderBy("issued_at").execute();
}

describe("defining a programme", () => {
  let programmeId = "";

  it("an admin defines one with modules, a competency level, sign-off and a validity period", async () => {
    const role01 = await findCompetency("who.role-01");
    const response = await adminClient.post(admin_("/programmes/new"), {
      title: "Foundation Certificate",
      description: "The first steps for new peer supporters.",
      modules: [BASICS, MUTUALITY],
      [`level.${role01.id}`]: "demonstrated",
      requiresSignOff: "yes",
      validityMonths: "24",
    });
    expect(response.status).toBe(302);
    programmeId = /programmes\/([a-z2-7]{16})/.exec(response.headers.get("location")!)![1]!;
    const programme = await getProgramme(organization.id, programmeId);
    expect(programme).toMatchObject({ title: "Foundation Certificate", requiresSignOff: true, validityMonths: 24, version: 1 });
    expect(programme.modules.map((m) => m.slug)).toEqual([BASICS, MUTUALITY]);
    expect(programme.competencies).toEqual([expect.objectContaining({ code: "who.role-01", minLevel: "demonstrated" })]);
    const page = await pageText(await adminClient.get(admin_(`/programmes/${programmeId}`)));
    expect(page).toContain("Reach these competency levels");
    expect(page).toContain("at least Demonstrated");
    expect(page).toContain("Records are valid for 24 months.");
    const audit = await getDb().selectFrom("audit_log").select(["action", "subject"]).where("action", "=", "programme.created").execute();
    expect(audit).toEqual([{ action: "programme.created", subject: `programme:${programmeId}` }]);
  });

  it.each([
    ["no requirement at all", { title: "Empty", description: "Nothing." }, 400, "Choose at least one module or one competency"],
    ["no name", { title: " ", description: "x", modules: BASICS }, 400, "Enter a name for the programme"],
    ["a module that does not exist", { title: "X", description: "x", modules: "no-such-module" }, 400, "not in the catalog"],
    ["a malformed module", { title: "X", description: "x", modules: "<script>" }, 400, "Choose modules from the list"],
    ["a level that does not exist", { title: "X", description: "x", modules: BASICS, "level.aaaaaaaaaaaaaaaa": "expert" }, 400, "Choose a level from the list"],
    ["a competency from nowhere", { title: "X", description: "x", "level.aaaaaaaaaaaaaaaa": "developing" }, 400, "not in your organization's frameworks"],
    ["zero months", { title: "X", description: "x", modules: BASICS, validityMonths: "0" }, 400, "from 1 to 120 months"],
    ["months in words", { title: "X", description: "x", modules: BASICS, validityMonths: "two years" }, 400, "whole number"],
    ["the name of an existing programme", { title: "foundation certificate", description: "x", modules: BASICS }, 409, "Another programme already has this name"],
    ["a name sent twice", { title: ["A", "B"], description: "x", modules: BASICS }, 400, "Some answers need a change"],
  ])("refuses %s with a message and writes nothing", async (_, fields, status, message) => {
    const before = await rowCounts();
    const response = await adminClient.post(admin_("/programmes/new"), fields as Record<string, string | string[]>);
    expect(response.status).toBe(status);
    expect(await pageText(response)).toContain(message);
    expect(await rowCounts()).toEqual(before);
    expect(await getDb().selectFrom("programmes").select("id").execute()).toHaveLength(1);
  });

  it("a change raises the version; trainers and trainees may not define or change programmes", async () => {
    const change = await adminClient.post(admin_(`/programmes/${programmeId}/edit`), {
      title: "Foundation Certificate",
      description: "The first steps for new peer supporters, revised.",
      modules: [BASICS],
      requiresSignOff: "yes",
      validityMonths: "24",
    });
    expect(change.status).toBe(302);
    const programme = await getProgramme(organization.id, programmeId);
    expect(programme.version).toBe(2);
    expect(programme.competencies).toEqual([]);
    for (const client of [trainerClient, traineeClient]) {
      expect((await client.get(admin_("/programmes"))).status).toBe(403);
      expect((await client.post(admin_("/programmes/new"), { title: "Mine", description: "x", modules: BASICS })).status).toBe(403);
      expect((await client.post(admin_(`/programmes/${programmeId}`), { intent: "archive" })).status).toBe(403);
    }
    const other = await createTestOrganization("Another Network");
    const otherAdmin = await signedInClient(server.origin, other.admin);
    expect((await otherAdmin.get(admin_(`/programmes/${programmeId}`))).status).toBe(404);
    expect((await otherAdmin.get(`/o/${other.organization.slug}/admin/programmes/${programmeId}`)).status).toBe(404);
  });
});

describe("eligibility and issuing", () => {
  let programme: Awaited<ReturnType<typeof createTestProgramme>>;

  beforeAll(async () => {
    programme = await createTestProgramme({
      organizationId: organization.id,
      adminId: admin.id,
      title: "Practice Certificate",
      modules: [BASICS],
      competencies: [{ code: "who.role-01", minLevel: "verified" }],
      requiresSignOff: true,
      validityMonths: 12,
    });
  });

  it("the trainee sees every requirement as not yet met, in words", async () => {
    const text = await pageText(await traineeClient.get(`/o/${organization.slug}/learn/records`));
    expect(text).toContain("Your records");
    expect(text).toContain("You have no records yet");
    expect(text).toContain("Practice Certificate");
    expect(text).toContain("Not yet: Complete the module “What peer support is”");
    expect(text).toContain("Not yet: Reach Verified in “Engage in collaborative and caring relationships”");
    expect(text).toContain("Now: Not yet");
    expect(text).toContain("Not yet: Signed off as ready by a trainer");
    expect(text).toContain("Done 0 of 3.");
  });

  it("an ineligible trainee cannot be issued a record: the refusal names what is missing, and nothing is written", async () => {
    await completeModule({ organizationId: organization.id, userId: trainee.id }, BASICS);
    const before = await rowCounts();
    const response = await adminClient.post(admin_(`/programmes/${programme.id}`), { intent: "issue", userId: trainee.id });
    expect(response.status).toBe(409);
    const text = await pageText(response);
    expect(text).toContain("Sam Okafor cannot get this record yet. Still missing:");
    expect(text).toContain("“Engage in collaborative and caring relationships” at Verified (now Demonstrated) and a trainer's sign-off");
    expect(text).not.toContain("the module");
    expect(await rowCounts()).toEqual(before);
    expect(await getDb().selectFrom("completion_records").select("id").execute()).toEqual([]);
  });

  it("the trainee's trainer sees the same requirements and signs off; a trainer from another cohort cannot see them", async () => {
    const path = `/o/${organization.slug}/teach/trainees/${trainee.id}/records`;
    const text = await pageText(await trainerClient.get(path));
    expect(text).toContain("Sam Okafor's completion records");
    expect(text).toContain("Done: Complete the module “What peer support is”");
    expect(text).not.toContain("Issue the record");
    const outsider = await signedInClient(server.origin, outsideTrainer);
    expect((await outsider.get(path)).status).toBe(404);
    expect((await outsider.post(path, { intent: "sign-off", programmeId: programme.id })).status).toBe(404);
    const signed = await trainerClient.post(path, { intent: "sign-off", programmeId: programme.id, note: "Ready." });
    expect(signed.status).toBe(200);
    expect(await pageText(signed)).toContain("Signed off. The trainee sees it on their records page.");
    expect((await trainerClient.post(path, { intent: "sign-off", programmeId: programme.id })).status).toBe(409);
    // A trainer may not issue, even from the trainee's page.
    expect((await trainerClient.post(path, { intent: "issue", programmeId: programme.id })).status).toBe(403);
    expect((await trainerClient.post(admin_(`/programmes/${programme.id}`), { intent: "issue", userId: trainee.id })).status).toBe(403);
    expect(await recordRows()).toEqual([]);
  });

  it("once every requirement is met, the admin issues the record: written once, with an audit entry", async () => {
    await makeEligible({ organizationId: organization.id, trainee, trainer, programmeId: programme.id });
    const eligibility = await checkEligibility({ organizationId: organization.id, userId: trainee.id }, programme);
    expect(eligibility).toMatchObject({ eligible: true, missing: [] });
    const response = await adminClient.post(admin_(`/programmes/${programme.id}`), { intent: "issue", userId: trainee.id });
    expect(response.status).toBe(302);
    const [record] = await recordRows(trainee.id);
    expect(response.headers.get("location")).toBe(admin_(`/programmes/${programme.id}?issued=${record!.id}`));
    expect(record).toMatchObject({ holder_name: "Sam Okafor", programme_title: "Practice Certificate", organization_name: "Harbour Peer Network", revoked_at: null });
    expect(record!.verification_code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(record!.valid_until).toBe(addMonths(record!.issued_at, 12));
    const summary = JSON.parse(record!.summary);
    expect(summary.competencies).toEqual([expect.objectContaining({ code: "who.role-01", level: "verified", minLevel: "verified" })]);
    expect(summary.signOff).toMatchObject({ by: "Tara Trainer" });
    const audit = await getDb().selectFrom("audit_log").select(["action", "subject", "actor_id"]).where("action", "=", "record.issued").execute();
    expect(audit).toEqual([{ action: "record.issued", subject: `record:${record!.id}`, actor_id: admin.id }]);
    // A second record while the first is valid is refused: revoke first, then reissue.
    const again = await adminClient.post(admin_(`/programmes/${programme.id}`), { intent: "issue", userId: trainee.id });
    expect(again.status).toBe(409);
    expect(await pageText(again)).toContain("already has a valid record for this programme");
    expect(await recordRows(trainee.id)).toHaveLength(1);
  });

  it("the trainee sees the record with its downloads, and the programme as held", async () => {
    const text = await pageText(await traineeClient.get(`/o/${organization.slug}/learn/records`));
    expect(text).toContain("Records you hold");
    expect(text).toMatch(/Practice Certificate ✓ Valid Issued \d+ \w+ \d{4}\. Valid until/);
    expect(text).toContain("Certificate (PDF)");
    expect(text).toContain("You hold a valid record for this programme.");
  });

  it("issues to every eligible trainee of a cohort at once, and says who was left out and why", async () => {
    const ready1 = await createNamedMember(organization.id, "Ada Ready");
    const ready2 = await createNamedMember(organization.id, "Bo Ready");
    const notYet = await createNamedMember(organization.id, "Cy Notyet");
    const cohort = await createTestCohort({ organizationId: organization.id, trainer, name: "Autumn group" });
    await addToCohort({ organizationId: organization.id, cohortId: cohort.id, trainer, people: [ready1, ready2, notYet, trainee] });
    for (const person of [ready1, ready2]) await makeEligible({ organizationId: organization.id, trainee: person, trainer, programmeId: programme.id });
    const response = await adminClient.post(admin_(`/programmes/${programme.id}`), { intent: "issue-cohort", cohortId: cohort.id });
    expect(response.status).toBe(200);
    const text = await pageText(response);
    expect(text).toContain("Issued 2 records.");
    expect(text).toMatch(/Ada Ready: code [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    expect(text).toContain("Already hold a valid record: Sam Okafor.");
    expect(text).toContain("Cy Notyet: the module “What peer support is”, “Engage in collaborative and caring relationships” at Verified (now Not yet) and a trainer's sign-off");
    expect((await recordRows()).map((r) => r.holder_name).sort()).toEqual(["Ada Ready", "Bo Ready", "Sam Okafor"]);
    const indexes = (await recordRows()).map((r) => r.status_list_index);
    expect(new Set(indexes).size).toBe(3);
  });

  it("a cohort issue is all or nothing", async () => {
    const a = await createNamedMember(organization.id, "Di Atomic");
    const b = await createNamedMember(organization.id, "Ed Atomic");
    const cohort = await createTestCohort({ organizationId: organization.id, trainer, name: "Atomic group" });
    await addToCohort({ organizationId: organization.id, cohortId: cohort.id, trainer, people: [a, b] });
    for (const person of [a, b]) await makeEligible({ organizationId: organization.id, trainee: person, trainer, programmeId: programme.id });
    // The second insert fails inside the transaction: a trigger stands in for a crash half-way.
    const { sql } = await import("kysely");
    await sql`create temp trigger fail_second before insert on completion_records when new.holder_name = 'Ed Atomic' begin select raise(abort, 'simulated failure'); end`.execute(getDb());
    const before = await rowCounts();
    await expect(
      issueToCohort({ organizationId: organization.id, organizationName: organization.name, actorId: admin.id, programmeId: programme.id, cohortId: cohort.id, appOrigin: server.origin }),
    ).rejects.toThrow("simulated failure");
    await sql`drop trigger fail_second`.execute(getDb());
    expect(await rowCounts()).toEqual(before);
  });

  it.each([
    ["an unknown trainee", () => ({ intent: "issue", userId: "aaaaaaaaaaaaaaaa" }), 404, "not a member of this organization"],
    ["a malformed trainee id", () => ({ intent: "issue", userId: "../../etc" }), 400, "That item was not found"],
    ["an unknown cohort", () => ({ intent: "issue-cohort", cohortId: "aaaaaaaaaaaaaaaa" }), 404, "We could not find that cohort"],
    ["an unknown intent", () => ({ intent: "edit-record" }), 400, "We did not understand that request"],
  ])("refuses %s with a message and writes nothing", async (_, fields, status, message) => {
    const before = await rowCounts();
    const response = await adminClient.post(admin_(`/programmes/${programme.id}`), fields());
    expect(response.status).toBe(status);
    expect(await pageText(response)).toContain(message);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("records never change: revoke, and reissue as a new record", () => {
  let programmeId = "";
  let holder: Awaited<ReturnType<typeof createNamedMember>>;
  let recordId = "";

  beforeAll(async () => {
    holder = await createNamedMember(organization.id, "Rae Revoked");
    programmeId = (await createTestProgramme({ organizationId: organization.id, adminId: admin.id, title: "Listening Skills", modules: [MUTUALITY] })).id;
    await makeEligible({ organizationId: organization.id, trainee: holder, trainer, programmeId });
    recordId = (await issueTestRecord({ organization, admin, programmeId, trainee: holder, origin: server.origin })).id;
  });

  it("the database refuses any edit or deletion of a record", async () => {
    const db = getDb();
    await expect(db.updateTable("completion_records").set({ holder_name: "Someone Else" }).where("id", "=", recordId).execute()).rejects.toThrow(/immutable/);
    await expect(db.updateTable("completion_records").set({ valid_until: "2099-01-01T00:00:00.000Z" }).where("id", "=", recordId).execute()).rejects.toThrow(/immutable/);
    // Revocation must come with who and why.
    await expect(db.updateTable("completion_records").set({ revoked_at: new Date().toISOString() }).where("id", "=", recordId).execute()).rejects.toThrow(/immutable/);
    await expect(db.deleteFrom("completion_records").where("id", "=", recordId).execute()).rejects.toThrow(/never deleted/);
    const [row] = await recordRows(holder.id);
    expect(row).toMatchObject({ holder_name: "Rae Revoked", revoked_at: null });
  });

  it.each([
    ["no reason", { intent: "revoke", reason: "" }, 400, "Write the reason for revoking"],
    ["a reason too long", { intent: "revoke", reason: "x".repeat(501) }, 400, "500 characters or fewer"],
    ["an unknown intent", { intent: "edit", reason: "Typo in the name" }, 400, "We did not understand that request"],
  ])("refuses to revoke with %s, and writes nothing", async (_, fields, status, message) => {
    const before = await rowCounts();
    const response = await adminClient.post(admin_(`/records/${recordId}`), fields);
    expect(response.status).toBe(status);
    expect(await pageText(response)).toContain(message);
    expect(await rowCounts()).toEqual(before);
  });

  it("only an admin revokes", async () => {
    expect((await trainerClient.post(admin_(`/records/${recordId}`), { intent: "revoke", reason: "No" })).status).toBe(403);
    expect((await traineeClient.get(admin_(`/records/${recordId}`))).status).toBe(403);
    expect((await adminClient.get(admin_("/records/aaaaaaaaaaaaaaaa"))).status).toBe(404);
  });

  it("an admin revokes with a reason: once, on the record, in the audit log", async () => {
    const response = await adminClient.post(admin_(`/records/${recordId}`), { intent: "revoke", reason: "Issued to the wrong person." });
    expect(response.status).toBe(302);
    const text = await pageText(await adminClient.follow(response));
    expect(text).toContain("The record is revoked.");
    expect(text).toContain("Status: ✕ Revoked");
    expect(text).toContain("Reason: Issued to the wrong person.");
    const [row] = await recordRows(holder.id);
    expect(row).toMatchObject({ revoked_by: admin.id, revoke_reason: "Issued to the wrong person." });
    const again = await adminClient.post(admin_(`/records/${recordId}`), { intent: "revoke", reason: "Again" });
    expect(again.status).toBe(409);
    await expect(revokeCompletionRecord({ organizationId: organization.id, actorId: admin.id, recordId, reason: "Changed my mind" })).rejects.toThrow("already revoked");
    // Even straight SQL cannot un-revoke or rewrite the reason.
    await expect(getDb().updateTable("completion_records").set({ revoke_reason: "Other" }).where("id", "=", recordId).execute()).rejects.toThrow(/immutable/);
    const audit = await getDb().selectFrom("audit_log").select(["subject", "data"]).where("action", "=", "record.revoked").execute();
    expect(audit).toEqual([{ subject: `record:${recordId}`, data: expect.stringContaining("Issued to the wrong person.") }]);
  });

  it("a reissue is a new record with a new code; the revoked one stays as it was", async () => {
    const response = await adminClient.post(admin_(`/programmes/${programmeId}`), { intent: "issue", userId: holder.id });
    expect(response.status).toBe(302);
    const rows = await recordRows(holder.id);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.revoked_at).not.toBeNull();
    expect(rows[1]!.revoked_at).toBeNull();
    expect(rows[1]!.verification_code).not.toBe(rows[0]!.verification_code);
  });
});

describe("expiry", () => {
  it("a record is valid until its programme's months have passed, then expired", async () => {
    expect(addMonths("2026-01-31T09:00:00.000Z", 1)).toBe("2026-02-28T09:00:00.000Z");
    expect(addMonths("2024-01-31T09:00:00.000Z", 1)).toBe("2024-02-29T09:00:00.000Z");
    expect(addMonths("2026-05-03T09:00:00.000Z", 24)).toBe("2028-05-03T09:00:00.000Z");
    const holder = await createNamedMember(organization.id, "Eve Expired");
    const programme = await createTestProgramme({ organizationId: organization.id, adminId: admin.id, title: "Short Course", modules: [BASICS], validityMonths: 6 });
    await makeEligible({ organizationId: organization.id, trainee: holder, trainer, programmeId: programme.id });
    const threeYearsAgo = new Date(Date.now() - 3 * 365 * 86_400_000);
    await issueTestRecord({ organization, admin, programmeId: programme.id, trainee: holder, origin: server.origin, now: threeYearsAgo });
    const [row] = await recordRows(holder.id);
    expect(row!.valid_until).toBe(addMonths(threeYearsAgo.toISOString(), 6));
    expect(recordStatus(row!)).toBe("expired");
    expect(recordStatus(row!, threeYearsAgo)).toBe("valid");
    const list = await pageText(await adminClient.get(admin_(`/records?status=expired`)));
    expect(list).toContain("1 record");
    expect(list).toContain("Eve Expired");
    expect(list).toContain("! Expired");
    // An expired record does not block a new one.
    expect((await adminClient.post(admin_(`/programmes/${programme.id}`), { intent: "issue", userId: holder.id })).status).toBe(302);
    expect(await pageText(await adminClient.get(admin_(`/records?status=valid&programme=${programme.id}`)))).toContain("1 record");
  });
});

describe("the admin's records list", () => {
  it("filters by programme, cohort and status, and exports the same rows as CSV", async () => {
    const all = await pageText(await adminClient.get(admin_("/records")));
    expect(all).toMatch(/\d+ records/);
    const cohort = await pageText(await adminClient.get(admin_(`/records?cohort=${cohortId}`)));
    expect(cohort).toContain("1 record");
    expect(cohort).toContain("Sam Okafor");
    const revoked = await pageText(await adminClient.get(admin_("/records?status=revoked")));
    expect(revoked).toContain("1 record");
    expect(revoked).toContain("Rae Revoked");
    // Nonsense filters fall back to "any" rather than failing.
    expect((await adminClient.get(admin_("/records?status=bogus&programme=<x>"))).status).toBe(200);
    const csv = await adminClient.get(admin_("/records.csv?status=revoked"));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("Holder,Programme,Issued (UTC),Valid until (UTC),Status,Revoked (UTC),Reason for revoking,Verification code,Verification page");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^Rae Revoked,Listening Skills,\d{4}-\d\d-\d\d,does not expire,revoked,\d{4}-\d\d-\d\d,Issued to the wrong person\.,[0-9A-Z-]{19},http:\/\/127\.0\.0\.1:\d+\/verify\/[0-9A-Z-]{19}$/);
    expect((await trainerClient.get(admin_("/records.csv"))).status).toBe(403);
  });

  it("a name that looks like a formula is written as text in the CSV", async () => {
    const sly = await createNamedMember(organization.id, "=HYPERLINK(\"x\")");
    const programme = await createTestProgramme({ organizationId: organization.id, adminId: admin.id, title: "CSV Course", modules: [BASICS] });
    await makeEligible({ organizationId: organization.id, trainee: sly, trainer, programmeId: programme.id });
    await issueTestRecord({ organization, admin, programmeId: programme.id, trainee: sly, origin: server.origin });
    const csv = await (await adminClient.get(admin_(`/records.csv?programme=${programme.id}`))).text();
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
