import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createNamedMember, createTestCohort } from "../support/cohort-factories";
import { createTestMember, createTestOrganization } from "../support/factories";
import type { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { BASICS, createTestProgramme, issueTestRecord, makeEligible } from "../support/record-factories";
import { rowCounts } from "../support/row-counts";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * What got in the way of a new organization's admin with the records they
 * issue: downloading them, revoking by accident, a stale banner, and the
 * trainee's way back from a module summary.
 */

let server: TestServer;
let organization: { id: string; name: string; slug: string };
let admin: { id: string; email: string; password: string };
let trainer: { id: string };
let adminClient: HttpClient;
let programmeId = "";
let recordId = "";

const recordPath = (id = recordId) => `/o/${organization.slug}/admin/records/${id}`;

beforeAll(async () => {
  server = await startTestServer();
  const created = await createTestOrganization("Eastgate Peer Network");
  organization = created.organization;
  admin = created.admin;
  trainer = await createNamedMember(organization.id, "Tess Trainer", "trainer");
  const trainee = await createNamedMember(organization.id, "Ada Ekwueme");
  const programme = await createTestProgramme({ organizationId: organization.id, adminId: admin.id, title: "Peer Support Foundation", modules: [BASICS] });
  programmeId = programme.id;
  await makeEligible({ organizationId: organization.id, trainee, trainer, programmeId });
  recordId = (await issueTestRecord({ organization, admin, programmeId, trainee, origin: server.origin })).id;
  adminClient = await signedInClient(server.origin, admin);
});
afterAll(() => server.stop());

describe("an admin downloads a record the organization issued", () => {
  it("offers the certificate, the Open Badge and the signed badge on the record's page", async () => {
    const page = await (await adminClient.get(recordPath())).text();
    for (const format of ["pdf", "json", "jwt"]) expect(page).toContain(`href="${recordPath()}/${format}"`);
  });

  it("gets the PDF, the credential (.json) and the signed credential (.jwt) of the record", async () => {
    const pdf = await adminClient.get(`${recordPath()}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toMatch(/^attachment; filename="peer-support-foundation-[a-z0-9]{16}\.pdf"$/);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");

    const json = await adminClient.get(`${recordPath()}/json`);
    expect(json.status).toBe(200);
    const credential = (await json.json()) as { type: string[]; credentialSubject: { achievement: { name: string } } };
    expect(credential.type).toContain("OpenBadgeCredential");
    expect(credential.credentialSubject.achievement.name).toBe("Peer Support Foundation");

    const jwt = await adminClient.get(`${recordPath()}/jwt`);
    expect(jwt.status).toBe(200);
    expect((await jwt.text()).split(".")).toHaveLength(3);
    const stored = await getDb().selectFrom("completion_records").select("credential_jwt").where("id", "=", recordId).executeTakeFirstOrThrow();
    expect(await (await adminClient.get(`${recordPath()}/jwt`)).text()).toBe(stored.credential_jwt);
  });

  it("is refused to a trainer (403), to another organization's admin (404 at either address) and for an unknown format (404)", async () => {
    const trainerClient = await signedInClient(server.origin, await createTestMember(organization.id, "trainer"));
    expect((await trainerClient.get(`${recordPath()}/pdf`)).status).toBe(403);
    const { organization: other, admin: otherAdmin } = await createTestOrganization("Westgate Peer Network");
    const otherClient = await signedInClient(server.origin, otherAdmin);
    // Their own organization's address with our record's id: not theirs, so not found.
    expect((await otherClient.get(`/o/${other.slug}/admin/records/${recordId}/json`)).status).toBe(404);
    // Our organization's address: they are not a member of it, so it does not exist for them.
    expect((await otherClient.get(`${recordPath()}/json`)).status).toBe(404);
    expect((await adminClient.get(`${recordPath()}/docx`)).status).toBe(404);
  });
});

describe("revoking asks for confirmation first", () => {
  const reason = "Issued to the wrong programme by mistake.";

  it("shows the reason back with a confirmation button, and changes nothing yet", async () => {
    const before = await rowCounts();
    const response = await adminClient.post(recordPath(), { intent: "revoke-check", reason });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Revoke this record for good?");
    expect(html).toContain("Yes, revoke the record");
    expect(html).toContain(`name="reason" value="${reason}"`);
    expect(await rowCounts()).toEqual(before);
    const row = await getDb().selectFrom("completion_records").select("revoked_at").where("id", "=", recordId).executeTakeFirstOrThrow();
    expect(row.revoked_at).toBeNull();
  });

  it("refuses an empty reason at the first step, before asking", async () => {
    const response = await adminClient.post(recordPath(), { intent: "revoke-check", reason: "" });
    expect(response.status).toBe(400);
    expect(await pageText(response)).not.toContain("Revoke this record for good?");
  });

  it("revokes once confirmed; the files are then gone (410)", async () => {
    const response = await adminClient.post(recordPath(), { intent: "revoke", reason });
    expect(response.status).toBe(302);
    const row = await getDb().selectFrom("completion_records").select(["revoked_at", "revoke_reason"]).where("id", "=", recordId).executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
    expect(row.revoke_reason).toBe(reason);
    expect((await adminClient.get(`${recordPath()}/pdf`)).status).toBe(410);
    expect(await (await adminClient.get(recordPath())).text()).not.toContain(`href="${recordPath()}/pdf"`);
  });
});

describe("the programme page after issuing", () => {
  it("drops the earlier “The record is issued.” banner once a bulk issue is refused", async () => {
    const trainee = await createNamedMember(organization.id, "Ola Nwosu");
    await makeEligible({ organizationId: organization.id, trainee, trainer, programmeId });
    const programmePath = `/o/${organization.slug}/admin/programmes/${programmeId}`;
    const issued = await adminClient.post(programmePath, { intent: "issue", userId: trainee.id });
    expect(issued.status).toBe(302);
    const afterIssue = issued.headers.get("location")!;
    expect(afterIssue).toMatch(/\?issued=/);
    expect(await pageText(await adminClient.get(afterIssue))).toContain("The record is issued.");

    // The next form is sent from that address, as a browser would; nobody in this cohort can get a record.
    const emptyCohort = await createTestCohort({ organizationId: organization.id, trainer, name: "Evening group" });
    const refused = await adminClient.post(afterIssue, { intent: "issue-cohort", cohortId: emptyCohort.id });
    const text = await pageText(refused);
    expect(text).not.toContain("The record is issued.");
    expect(text).toContain("This cohort has no trainees yet.");
  });
});

describe("a module's summary page", () => {
  it("leads “All modules” to the list of modules, not back to the module", async () => {
    const trainee = await createTestMember(organization.id, "trainee");
    const client = await signedInClient(server.origin, trainee);
    const html = await (await client.get(`/o/${organization.slug}/learn/${BASICS}/summary`)).text();
    const link = /<a[^>]*href="([^"]*)"[^>]*>All modules<\/a>/.exec(html);
    expect(link?.[1]).toBe(`/o/${organization.slug}/learn`);
  });
});
