import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import type { Role } from "~/db/schema";
import { createTestMember, createTestOrganization } from "../support/factories";
import { pageText, visibleText } from "../support/page-text";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const LAST_ADMIN = "An organization needs at least one admin. Make someone else an admin first.";
const NOT_A_MEMBER = "That person is not a member of this organization.";
/** Well-formed (16 characters of base32) but belongs to nobody. */
const UNKNOWN_USER_ID = "aaaaaaaaaaaaaaaa";

/** An organization whose admin is signed in. */
async function adminOf(name: string) {
  const { organization, admin } = await createTestOrganization(name);
  const client = await signedInClient(server.origin, admin);
  return { organization, admin, client };
}

/** Every membership of the organization as "userId:role", sorted. */
async function membershipSnapshot(organizationId: string): Promise<string[]> {
  const rows = await getDb()
    .selectFrom("memberships")
    .select(["user_id", "role"])
    .where("organization_id", "=", organizationId)
    .execute();
  return rows.map((row) => `${row.user_id}:${row.role}`).sort();
}

async function roleOf(organizationId: string, userId: string): Promise<Role | undefined> {
  const row = await getDb()
    .selectFrom("memberships")
    .select("role")
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.role;
}

async function auditOf(organizationId: string, action?: string) {
  let query = getDb().selectFrom("audit_log").selectAll().where("organization_id", "=", organizationId);
  if (action) query = query.where("action", "=", action);
  return query.orderBy("id").execute();
}

describe("an admin managing members", () => {
  it("changes a member's role and records who changed it from what to what", async () => {
    const { organization, admin, client } = await adminOf("Role Change Collective");
    const trainee = await createTestMember(organization.id, "trainee");

    const response = await client.post(`/o/${organization.slug}/admin/members`, {
      intent: "change-role",
      userId: trainee.id,
      role: "trainer",
    });
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain("The role has been changed.");
    expect(await roleOf(organization.id, trainee.id)).toBe("trainer");

    const audit = await auditOf(organization.id, "membership.role_changed");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: admin.id, subject: `user:${trainee.id}` });
    expect(JSON.parse(audit[0]!.data)).toEqual({ from: "trainee", to: "trainer" });

    const memberView = await signedInClient(server.origin, trainee);
    expect(await pageText(await memberView.get(`/o/${organization.slug}`))).toContain("Your role here: trainer");
  });

  it("removes a member, who then can no longer open the organization", async () => {
    const { organization, admin, client } = await adminOf("Removal Peer Group");
    const trainer = await createTestMember(organization.id, "trainer");
    const trainerClient = await signedInClient(server.origin, trainer);
    expect((await trainerClient.get(`/o/${organization.slug}`)).status).toBe(200);

    const response = await client.post(`/o/${organization.slug}/admin/members`, { intent: "remove", userId: trainer.id });
    expect(response.status).toBe(200);
    const text = await pageText(response);
    expect(text).toContain("The person has been removed.");
    expect(text).not.toContain(trainer.email);
    expect(await roleOf(organization.id, trainer.id)).toBeUndefined();

    const audit = await auditOf(organization.id, "membership.removed");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: admin.id, subject: `user:${trainer.id}` });
    expect(JSON.parse(audit[0]!.data)).toEqual({ role: "trainer" });

    expect((await trainerClient.get(`/o/${organization.slug}`)).status).toBe(404);
  });

  it("does not let the last admin demote or remove themselves (409), and changes nothing", async () => {
    const { organization, admin, client } = await adminOf("Last Admin Standing");
    await createTestMember(organization.id, "trainee");
    const before = await membershipSnapshot(organization.id);
    const auditBefore = await auditOf(organization.id);

    for (const fields of [
      { intent: "change-role", userId: admin.id, role: "trainer" },
      { intent: "change-role", userId: admin.id, role: "trainee" },
      { intent: "remove", userId: admin.id },
    ] as Record<string, string>[]) {
      const response = await client.post(`/o/${organization.slug}/admin/members`, fields);
      expect(response.status, JSON.stringify(fields)).toBe(409);
      expect(await pageText(response)).toContain(LAST_ADMIN);
    }

    expect(await membershipSnapshot(organization.id)).toEqual(before);
    expect(await roleOf(organization.id, admin.id)).toBe("admin");
    expect(await auditOf(organization.id)).toEqual(auditBefore);
  });

  it("lets an admin step down once there is another admin", async () => {
    const { organization, admin, client } = await adminOf("Two Admins Network");
    const second = await createTestMember(organization.id, "trainee");
    const promote = await client.post(`/o/${organization.slug}/admin/members`, {
      intent: "change-role",
      userId: second.id,
      role: "admin",
    });
    expect(promote.status).toBe(200);

    const stepDown = await client.post(`/o/${organization.slug}/admin/members`, {
      intent: "change-role",
      userId: admin.id,
      role: "trainer",
    });
    // Their change worked, so they are sent to the organization's home page, not shown an error.
    expect(stepDown.status).toBe(302);
    expect(stepDown.headers.get("location")).toBe(`/o/${organization.slug}`);
    expect(await pageText(await client.follow(stepDown))).toContain("Your role here: trainer");
    expect(await roleOf(organization.id, admin.id)).toBe("trainer");
    const audit = await auditOf(organization.id, "membership.role_changed");
    expect(audit.map((entry) => JSON.parse(entry.data))).toEqual([
      { from: "trainee", to: "admin" },
      { from: "admin", to: "trainer" },
    ]);
    // No longer an admin: the members page is closed to them now.
    expect((await client.get(`/o/${organization.slug}/admin/members`)).status).toBe(403);

    // The remaining admin is now the last one.
    const secondClient = await signedInClient(server.origin, second);
    const removeSelf = await secondClient.post(`/o/${organization.slug}/admin/members`, { intent: "remove", userId: second.id });
    expect(removeSelf.status).toBe(409);
    expect(await roleOf(organization.id, second.id)).toBe("admin");
  });

  it("lets an admin leave when another admin remains, sending them away from the organization", async () => {
    const { organization, admin, client } = await adminOf("Leaving Admin Group");
    const other = await createTestMember(organization.id, "admin");
    const leave = await client.post(`/o/${organization.slug}/admin/members`, { intent: "remove", userId: admin.id });
    expect(leave.status).toBe(302);
    expect(leave.headers.get("location")).toBe("/");
    expect(await roleOf(organization.id, admin.id)).toBeUndefined();
    expect(await roleOf(organization.id, other.id)).toBe("admin");
    expect((await client.follow(leave)).status).toBe(200);
    expect((await client.get(`/o/${organization.slug}`)).status).toBe(404);
  });

  it("answers 404 for an unknown person or a member of another organization, and changes neither organization", async () => {
    const { organization, client } = await adminOf("Home Organization");
    await createTestMember(organization.id, "trainee");
    const { organization: elsewhere, admin: elsewhereAdmin } = await createTestOrganization("Elsewhere Organization");
    const outsider = await createTestMember(elsewhere.id, "trainee");
    const homeBefore = await membershipSnapshot(organization.id);
    const elsewhereBefore = await membershipSnapshot(elsewhere.id);
    const homeAuditBefore = await auditOf(organization.id);
    const elsewhereAuditBefore = await auditOf(elsewhere.id);

    for (const userId of [UNKNOWN_USER_ID, outsider.id, elsewhereAdmin.id]) {
      for (const fields of [
        { intent: "change-role", userId, role: "admin" },
        { intent: "remove", userId },
      ] as Record<string, string>[]) {
        const response = await client.post(`/o/${organization.slug}/admin/members`, fields);
        expect(response.status, JSON.stringify(fields)).toBe(404);
        expect(await pageText(response)).toContain(NOT_A_MEMBER);
      }
    }

    expect(await membershipSnapshot(organization.id)).toEqual(homeBefore);
    expect(await membershipSnapshot(elsewhere.id)).toEqual(elsewhereBefore);
    expect(await roleOf(elsewhere.id, outsider.id)).toBe("trainee");
    expect(await auditOf(organization.id)).toEqual(homeAuditBefore);
    expect(await auditOf(elsewhere.id)).toEqual(elsewhereAuditBefore);
  });

  it("refuses a role that does not exist (400) and changes nothing", async () => {
    const { organization, client } = await adminOf("Invalid Role Peers");
    const trainee = await createTestMember(organization.id, "trainee");
    const before = await membershipSnapshot(organization.id);

    for (const role of ["owner", "ADMIN", ""]) {
      const response = await client.post(`/o/${organization.slug}/admin/members`, {
        intent: "change-role",
        userId: trainee.id,
        role,
      });
      expect(response.status, `role "${role}"`).toBe(400);
      expect(await pageText(response)).toContain("Choose a role: admin, trainer or trainee.");
    }
    const missing = await client.post(`/o/${organization.slug}/admin/members`, { intent: "change-role", userId: trainee.id });
    expect(missing.status).toBe(400);
    expect(await pageText(missing)).toContain("Choose a role: admin, trainer or trainee.");

    expect(await membershipSnapshot(organization.id)).toEqual(before);
    expect(await auditOf(organization.id, "membership.role_changed")).toHaveLength(0);
  });
});

describe("the activity log", () => {
  it("lists the organization's audit entries, newest first, to its admin", async () => {
    const { organization, admin, client } = await adminOf("Activity Log Circle");
    const trainee = await createTestMember(organization.id, "trainee");
    const trainer = await createTestMember(organization.id, "trainer");
    const { organization: other } = await createTestOrganization("Unrelated Activity Org");

    expect(
      (await client.post(`/o/${organization.slug}/admin/members`, { intent: "change-role", userId: trainee.id, role: "trainer" }))
        .status,
    ).toBe(200);
    expect((await client.post(`/o/${organization.slug}/admin/members`, { intent: "remove", userId: trainer.id })).status).toBe(200);

    const response = await client.get(`/o/${organization.slug}/admin/activity`);
    expect(response.status).toBe(200);
    const text = await pageText(response);
    expect(text).toContain("Activity log of Activity Log Circle");
    const removed = text.indexOf(`${admin.displayName} Member removed role: trainer`);
    const changed = text.indexOf(`${admin.displayName} Role changed from: trainee, to: trainer`);
    const created = text.indexOf(`${admin.displayName} Organization created name: Activity Log Circle`);
    expect(removed).toBeGreaterThan(-1);
    expect(changed).toBeGreaterThan(removed);
    expect(created).toBeGreaterThan(changed);
    // Entries of another organization are not shown.
    expect(text).not.toContain("Unrelated Activity Org");
    expect(await auditOf(other.id)).toHaveLength(1);
  });
});

describe("access between organizations", () => {
  const adminPages = ["admin/members", "admin/invitations", "admin/activity"];

  it("answers 404 to an admin of another organization, for pages and forms, without naming the organization", async () => {
    const { organization: orgA } = await createTestOrganization("Riverside Confidential Peers");
    const trainee = await createTestMember(orgA.id, "trainee");
    const { client: adminOfB } = await adminOf("Mountain View Peers");
    const beforeA = await membershipSnapshot(orgA.id);
    const auditBeforeA = await auditOf(orgA.id);

    for (const path of [`/o/${orgA.slug}`, ...adminPages.map((page) => `/o/${orgA.slug}/${page}`)]) {
      const response = await adminOfB.get(path);
      expect(response.status, path).toBe(404);
      const html = await response.text();
      expect(visibleText(html)).toContain("Page not found");
      expect(html, path).not.toContain("Riverside Confidential Peers");
    }

    const posts: [string, Record<string, string>][] = [
      [`/o/${orgA.slug}/admin/members`, { intent: "change-role", userId: trainee.id, role: "admin" }],
      [`/o/${orgA.slug}/admin/members`, { intent: "remove", userId: trainee.id }],
      [`/o/${orgA.slug}/admin/invitations`, { intent: "invite", email: "intruder@example.org", role: "admin" }],
    ];
    for (const [path, fields] of posts) {
      const response = await adminOfB.post(path, fields);
      expect(response.status, `${path} ${fields.intent}`).toBe(404);
      expect(await response.text()).not.toContain("Riverside Confidential Peers");
    }

    expect(await membershipSnapshot(orgA.id)).toEqual(beforeA);
    expect(await auditOf(orgA.id)).toEqual(auditBeforeA);
    const invitations = await getDb().selectFrom("invitations").select("id").where("organization_id", "=", orgA.id).execute();
    expect(invitations).toHaveLength(0);
    expect(server.mail().some((m) => m.to === "intruder@example.org")).toBe(false);
  });

  it("answers 403 to a trainee or trainer of the organization on its admin pages and forms", async () => {
    const { organization } = await createTestOrganization("Own Org Admin Pages");
    for (const role of ["trainee", "trainer"] as const) {
      const member = await createTestMember(organization.id, role);
      const client = await signedInClient(server.origin, member);
      expect((await client.get(`/o/${organization.slug}`)).status).toBe(200);
      for (const page of adminPages) {
        const response = await client.get(`/o/${organization.slug}/${page}`);
        expect(response.status, `${role} ${page}`).toBe(403);
        expect(await pageText(response)).toContain("You do not have access to this page");
      }
      const before = await membershipSnapshot(organization.id);
      const promote = await client.post(`/o/${organization.slug}/admin/members`, {
        intent: "change-role",
        userId: member.id,
        role: "admin",
      });
      expect(promote.status).toBe(403);
      expect(await membershipSnapshot(organization.id)).toEqual(before);
    }
  });

  it("answers a nonexistent organization exactly like a real one the person does not belong to", async () => {
    const { organization: real } = await createTestOrganization("Secret Existing Org");
    const { client } = await adminOf("Curious Admin Org");

    for (const suffix of ["", "/admin/members", "/admin/invitations", "/admin/activity"]) {
      const existing = await client.get(`/o/${real.slug}${suffix}`);
      const missing = await client.get(`/o/no-such-organization-here${suffix}`);
      expect(existing.status, suffix).toBe(404);
      expect(missing.status, suffix).toBe(404);
      const existingHtml = await existing.text();
      const missingHtml = await missing.text();
      expect(visibleText(existingHtml)).toBe(visibleText(missingHtml));
      expect(existingHtml).not.toContain("Secret Existing Org");
      expect(missingHtml).not.toContain("Secret Existing Org");
    }
  });
});
