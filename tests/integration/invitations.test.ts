import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import type { Role } from "~/db/schema";
import { createTestMember, createTestOrganization, createTestUser, TEST_PASSWORD } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText, visibleText } from "../support/page-text";
import { assignTestModules, createNamedMember, createTestCohort } from "../support/cohort-factories";
import { rowCounts } from "../support/row-counts";
import { mailCountTo, tokenFromMail } from "../support/server-log";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

let emailCounter = 0;
const freshEmail = (label: string) => `${label}-${++emailCounter}@example.org`;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** An organization whose admin is signed in. */
async function adminOf(name: string) {
  const { organization, admin } = await createTestOrganization(name);
  const client = await signedInClient(server.origin, admin);
  return { organization, admin, client };
}

/** The link in the read-only "Invitation link" field of the invitations page. */
function invitationLinkIn(html: string): string | undefined {
  const input = /<input[^>]*id="invitation-link"[^>]*>/.exec(html)?.[0];
  return input ? /value="([^"]*)"/.exec(input)?.[1] : undefined;
}

/** Invites someone through the admin page, the way an admin would. */
async function invite(client: HttpClient, slug: string, email: string, role: Role = "trainee") {
  const response = await client.post(`/o/${slug}/admin/invitations`, { intent: "invite", email, role });
  expect(response.status, "creating the invitation should succeed").toBe(200);
  const html = await response.text();
  const link = invitationLinkIn(html);
  expect(link, "the page should show the invitation link").toBeTruthy();
  const url = new URL(link!);
  const token = url.pathname.replace(/^\/invite\//, "");
  return { html, link: link!, path: url.pathname, token };
}

async function invitationFor(organizationId: string, email: string) {
  return getDb()
    .selectFrom("invitations")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("email", "=", email)
    .executeTakeFirstOrThrow();
}

async function membershipsOf(userId: string, organizationId: string) {
  return getDb()
    .selectFrom("memberships")
    .selectAll()
    .where("user_id", "=", userId)
    .where("organization_id", "=", organizationId)
    .execute();
}

async function auditOf(organizationId: string, action: string) {
  return getDb()
    .selectFrom("audit_log")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("action", "=", action)
    .execute();
}

describe("creating an invitation", () => {
  it("shows the link to the admin, stores only a hash of its token, logs it and mails it", async () => {
    const { organization, admin, client } = await adminOf("Harbor Peer Network");
    const { html, link, token } = await invite(client, organization.slug, "  New.Trainer@Example.org ", "trainer");

    expect(link).toBe(`${server.origin}/invite/${token}`);
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    const text = visibleText(html);
    expect(text).toContain("Invitation created for New.Trainer@Example.org.");
    expect(text).toContain("Invitation link");

    const rows = await getDb().selectFrom("invitations").selectAll().where("organization_id", "=", organization.id).execute();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      email: "new.trainer@example.org",
      role: "trainer",
      invited_by: admin.id,
      accepted_at: null,
      accepted_by: null,
      revoked_at: null,
    });
    expect(row.token_hash).toBe(sha256(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    const lifetimeDays = (Date.parse(row.expires_at) - Date.parse(row.created_at)) / 86_400_000;
    expect(lifetimeDays).toBe(7);

    const audit = await auditOf(organization.id, "invitation.created");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: admin.id, subject: `invitation:${row.id}` });
    expect(JSON.parse(audit[0]!.data)).toEqual({ email: "new.trainer@example.org", role: "trainer" });
    const allAudit = await getDb().selectFrom("audit_log").selectAll().execute();
    expect(JSON.stringify(allAudit)).not.toContain(token);

    const mail = server.mail().filter((m) => m.to === "new.trainer@example.org");
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe("You are invited to join Harbor Peer Network");
    expect(mail[0]!.text).toContain(link);
    expect(mail[0]!.text).toContain("as a trainer");

    const list = await client.get(`/o/${organization.slug}/admin/invitations`);
    expect(list.status).toBe(200);
    const listText = await pageText(list);
    expect(listText).toContain("Waiting to be accepted");
    expect(listText).toContain("new.trainer@example.org trainer");
  });

  it("refuses an invitation from a trainer or a trainee and stores nothing", async () => {
    const { organization } = await adminOf("Quiet Valley Peers");
    for (const role of ["trainer", "trainee"] as const) {
      const member = await createTestMember(organization.id, role);
      const client = await signedInClient(server.origin, member);
      const email = freshEmail(`from-${role}`);
      const response = await client.post(`/o/${organization.slug}/admin/invitations`, {
        intent: "invite",
        email,
        role: "admin",
      });
      expect(response.status).toBe(403);
      const html = await response.text();
      expect(visibleText(html)).toContain("You do not have access to this page");
      expect(invitationLinkIn(html)).toBeUndefined();
      expect(server.mail().some((m) => m.to === email)).toBe(false);
    }
    const rows = await getDb().selectFrom("invitations").select("id").where("organization_id", "=", organization.id).execute();
    expect(rows).toHaveLength(0);
    expect(await auditOf(organization.id, "invitation.created")).toHaveLength(0);
  });

  it("refuses to invite someone who is already a member (409), whatever the case of the address", async () => {
    const { organization, client } = await adminOf("Already Here Collective");
    const member = await createTestMember(organization.id, "trainee");
    const response = await client.post(`/o/${organization.slug}/admin/invitations`, {
      intent: "invite",
      email: member.email.toUpperCase(),
      role: "trainer",
    });
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(visibleText(html)).toContain("This person is already a member. Change their role on the members page.");
    expect(invitationLinkIn(html)).toBeUndefined();
    const rows = await getDb().selectFrom("invitations").select("id").where("organization_id", "=", organization.id).execute();
    expect(rows).toHaveLength(0);
    expect(await auditOf(organization.id, "invitation.created")).toHaveLength(0);
    expect(server.mail().some((m) => m.to === member.email)).toBe(false);
  });
});

describe("accepting an invitation", () => {
  it("an invitation shows the address is one's own only for the invited address: another address still confirms by mail", async () => {
    const { organization, client: adminClient } = await adminOf("Hillside Peer Support");
    const invited = freshEmail("invited");
    const other = freshEmail("someone-else");
    const { path } = await invite(adminClient, organization.slug, invited, "trainee");
    const token = path.split("/").at(-1)!;
    const signup = await new HttpClient(server.origin).post("/signup", {
      displayName: "Not Invited",
      email: other,
      password: TEST_PASSWORD,
      redirectTo: path,
      invitation: token,
    });
    expect(signup.status).toBe(200);
    expect(await pageText(signup)).toContain(`We wrote to ${other}`);
    expect(await getDb().selectFrom("users").select("id").where("email", "=", other).executeTakeFirst()).toBeUndefined();
    await tokenFromMail(server, other, "confirm-signup");
  });

  it("a new person signs up from the link and joins with the invited role", async () => {
    const { organization, client: adminClient } = await adminOf("Lakeside Peer Support");
    const email = freshEmail("newcomer");
    const { path } = await invite(adminClient, organization.slug, email, "trainer");

    const invitee = new HttpClient(server.origin);
    const landing = await invitee.get(path);
    expect(landing.status).toBe(200);
    const landingText = await pageText(landing);
    expect(landingText).toContain("Admin of Lakeside Peer Support invited you to join Lakeside Peer Support as a trainer.");
    expect(landingText).toContain("Create an account");

    // The invitation page's link carries the invitation to the sign-up form, which sends it on:
    // the link was mailed to this address, so the account is made at once, with no second mail.
    const signUpLink = /href="(\/signup\?[^"]+)"/.exec(await (await invitee.get(path)).text())![1]!.replaceAll("&amp;", "&");
    const carried = new URL(signUpLink, server.origin).searchParams;
    expect(carried.get("invitation")).toBe(path.split("/").at(-1));
    const signup = await invitee.post("/signup", {
      displayName: "Noor Haddad",
      email,
      password: TEST_PASSWORD,
      redirectTo: carried.get("redirectTo")!,
      invitation: carried.get("invitation")!,
    });
    expect(signup.status).toBe(302);
    expect(signup.headers.get("location")).toBe(path);
    const back = await invitee.follow(signup);
    expect(await pageText(back)).toContain("Accept and join");

    const accept = await invitee.post(path, {});
    expect(accept.status).toBe(302);
    expect(accept.headers.get("location")).toBe(`/o/${organization.slug}?joined=1`);
    const home = await invitee.follow(accept);
    expect(home.status).toBe(200);
    const homeText = await pageText(home);
    expect(homeText).toContain("Welcome! You have joined Lakeside Peer Support.");
    expect(homeText).toContain("Your role here: trainer");

    const user = await getDb().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    const memberships = await membershipsOf(user.id, organization.id);
    expect(memberships).toHaveLength(1);
    expect(memberships[0]!.role).toBe("trainer");

    const invitation = await invitationFor(organization.id, email);
    expect(invitation.accepted_at).not.toBeNull();
    expect(invitation.accepted_by).toBe(user.id);

    const audit = await auditOf(organization.id, "invitation.accepted");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: user.id, subject: `invitation:${invitation.id}` });
    expect(JSON.parse(audit[0]!.data)).toEqual({ role: "trainer" });

    // The mail is the delivery; no other log line (such as the request log) carries the token.
    const token = path.replace("/invite/", "");
    const leaking = server.logLines.filter((line) => line.includes(token) && !line.includes('"mail.outgoing"'));
    expect(leaking).toEqual([]);
    expect(server.logLines.some((line) => line.includes('"http.request"') && line.includes("/invite/"))).toBe(true);
  });

  it("someone with an account signs in and joins with the invited role", async () => {
    const { organization, client: adminClient } = await adminOf("Hilltop Peer Mentors");
    const person = await createTestUser({ email: freshEmail("existing") });
    const { path } = await invite(adminClient, organization.slug, person.email.toUpperCase(), "admin");

    const client = await signedInClient(server.origin, person);
    const accept = await client.post(path, {});
    expect(accept.status).toBe(302);
    const memberships = await membershipsOf(person.id, organization.id);
    expect(memberships.map((m) => m.role)).toEqual(["admin"]);
    expect(await auditOf(organization.id, "invitation.accepted")).toHaveLength(1);
  });

  it("refuses a link that was already used (410) and does not add a second membership", async () => {
    const { organization, client: adminClient } = await adminOf("Used Link Circle");
    const person = await createTestUser({ email: freshEmail("twice") });
    const { path } = await invite(adminClient, organization.slug, person.email, "trainee");
    const client = await signedInClient(server.origin, person);
    expect((await client.post(path, {})).status).toBe(302);
    const acceptedAt = (await invitationFor(organization.id, person.email)).accepted_at;

    const again = await client.post(path, {});
    expect(again.status).toBe(410);
    expect(await pageText(again)).toContain("This invitation link has already been used.");
    expect(await membershipsOf(person.id, organization.id)).toHaveLength(1);
    expect((await invitationFor(organization.id, person.email)).accepted_at).toBe(acceptedAt);
    expect(await auditOf(organization.id, "invitation.accepted")).toHaveLength(1);

    const look = await client.get(path);
    const lookText = await pageText(look);
    expect(lookText).toContain("This invitation link has already been used.");
    expect(lookText).not.toContain("Accept and join");
  });

  it("refuses an expired link (410) and joins no one", async () => {
    const { organization, client: adminClient } = await adminOf("Expired Link Peers");
    const person = await createTestUser({ email: freshEmail("late") });
    const { path } = await invite(adminClient, organization.slug, person.email, "trainee");
    await getDb()
      .updateTable("invitations")
      .set({ expires_at: new Date(Date.now() - 60_000).toISOString() })
      .where("organization_id", "=", organization.id)
      .execute();

    const client = await signedInClient(server.origin, person);
    const response = await client.post(path, {});
    expect(response.status).toBe(410);
    expect(await pageText(response)).toContain("This invitation link has expired (links last 7 days).");
    expect(await membershipsOf(person.id, organization.id)).toHaveLength(0);
    expect((await invitationFor(organization.id, person.email)).accepted_at).toBeNull();
    expect(await auditOf(organization.id, "invitation.accepted")).toHaveLength(0);

    const list = await pageText(await adminClient.get(`/o/${organization.slug}/admin/invitations`));
    expect(list).toContain("No invitations are waiting.");
  });

  it("refuses someone signed in with a different email (403) and leaves the link usable for the right person", async () => {
    const { organization, client: adminClient } = await adminOf("Wrong Account Network");
    const invited = await createTestUser({ email: freshEmail("invited") });
    const other = await createTestUser({ email: freshEmail("other") });
    const { path } = await invite(adminClient, organization.slug, invited.email, "trainer");

    const wrong = await signedInClient(server.origin, other);
    const landing = await pageText(await wrong.get(path));
    expect(landing).toContain(`You are signed in as ${other.email}, but this invitation is for a different email address.`);
    expect(landing).not.toContain("Accept and join");

    const response = await wrong.post(path, {});
    expect(response.status).toBe(403);
    expect(await pageText(response)).toContain("This invitation is for a different email address.");
    expect(await membershipsOf(other.id, organization.id)).toHaveLength(0);
    expect((await invitationFor(organization.id, invited.email)).accepted_at).toBeNull();
    expect(await auditOf(organization.id, "invitation.accepted")).toHaveLength(0);

    const right = await signedInClient(server.origin, invited);
    expect((await right.post(path, {})).status).toBe(302);
    expect((await membershipsOf(invited.id, organization.id)).map((m) => m.role)).toEqual(["trainer"]);
  });

  it("refuses a withdrawn invitation", async () => {
    const { organization, admin, client: adminClient } = await adminOf("Withdrawn Invite Group");
    const person = await createTestUser({ email: freshEmail("withdrawn") });
    const { path } = await invite(adminClient, organization.slug, person.email, "trainee");
    const invitation = await invitationFor(organization.id, person.email);

    const revoke = await adminClient.post(`/o/${organization.slug}/admin/invitations`, {
      intent: "revoke",
      invitationId: invitation.id,
    });
    expect(revoke.status).toBe(200);
    const revokeText = await pageText(revoke);
    expect(revokeText).toContain("The invitation has been withdrawn. Its link no longer works.");
    expect(revokeText).toContain("No invitations are waiting.");
    expect((await invitationFor(organization.id, person.email)).revoked_at).not.toBeNull();
    const audit = await auditOf(organization.id, "invitation.revoked");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: admin.id, subject: `invitation:${invitation.id}` });

    const client = await signedInClient(server.origin, person);
    const landing = await pageText(await client.get(path));
    expect(landing).toContain("This invitation was withdrawn.");
    expect(landing).not.toContain("Accept and join");
    const response = await client.post(path, {});
    expect(response.status).toBe(410);
    expect(await pageText(response)).toContain("This invitation was withdrawn.");
    expect(await membershipsOf(person.id, organization.id)).toHaveLength(0);
    expect((await invitationFor(organization.id, person.email)).accepted_at).toBeNull();

    const twice = await adminClient.post(`/o/${organization.slug}/admin/invitations`, {
      intent: "revoke",
      invitationId: invitation.id,
    });
    expect(twice.status).toBe(404);
    expect(await auditOf(organization.id, "invitation.revoked")).toHaveLength(1);
  });

  it("answers 404 for an unknown or garbled link", async () => {
    const { organization, client: adminClient } = await adminOf("Real Token Collective");
    const person = await createTestUser({ email: freshEmail("guesser") });
    const { token } = await invite(adminClient, organization.slug, person.email, "trainee");
    const client = await signedInClient(server.origin, person);
    const notValid = "This invitation link is not valid. Check that you copied all of it.";

    const unknown = "a".repeat(32);
    const truncated = token.slice(0, -1);
    const garbled = "not-a-token!%20";
    for (const candidate of [unknown, truncated, garbled, token.toUpperCase()]) {
      const anonymous = await new HttpClient(server.origin).get(`/invite/${candidate}`);
      expect(anonymous.status, `GET /invite/${candidate}`).toBe(404);
      const anonymousText = await pageText(anonymous);
      expect(anonymousText).toContain(notValid);
      expect(anonymousText).not.toContain("Real Token Collective");

      const accept = await client.post(`/invite/${candidate}`, {});
      expect(accept.status, `POST /invite/${candidate}`).toBe(404);
      expect(await pageText(accept)).toContain(notValid);
    }
    expect(await membershipsOf(person.id, organization.id)).toHaveLength(0);
    expect((await invitationFor(organization.id, person.email)).accepted_at).toBeNull();
  });

  it("sends someone who is not signed in to sign in instead of accepting", async () => {
    const { organization, client: adminClient } = await adminOf("Anonymous Accept Peers");
    const email = freshEmail("anon");
    const { path } = await invite(adminClient, organization.slug, email, "trainee");
    const response = await new HttpClient(server.origin).post(path, {});
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!, server.origin);
    expect(location.pathname).toBe("/signin");
    expect(location.searchParams.get("redirectTo")).toBe(path);
    expect((await invitationFor(organization.id, email)).accepted_at).toBeNull();
  });
});

describe("one person with two invitations to the same organization (issue 13)", () => {
  /** An organization with a trainer running a cohort, both signed in. */
  async function organizationWithCohort(name: string) {
    const { organization, admin, client: adminClient } = await adminOf(name);
    const trainer = await createNamedMember(organization.id, "Tomás Trainer", "trainer");
    const trainerClient = await signedInClient(server.origin, trainer);
    const cohort = await createTestCohort({ organizationId: organization.id, trainer, name: "Spring group" });
    await assignTestModules({ organizationId: organization.id, cohortId: cohort.id, trainer, slugs: ["what-is-peer-support"] });
    return { organization, admin, adminClient, trainer, trainerClient, cohortId: cohort.id };
  }

  /** The trainer adds a new address to the cohort's roster: an invitation that carries the cohort. */
  async function cohortInvitation(place: Awaited<ReturnType<typeof organizationWithCohort>>, email: string) {
    const earlier = mailCountTo(server, email);
    const response = await place.trainerClient.post(`/o/${place.organization.slug}/teach/cohorts/${place.cohortId}/trainees`, { intent: "add-list", addresses: email });
    expect(response.status).toBe(200);
    const token = await tokenFromMail(server, email, "invite", { skip: earlier });
    return `/invite/${token}`;
  }

  async function invitationsOf(organizationId: string, email: string) {
    return getDb().selectFrom("invitations").selectAll().where("organization_id", "=", organizationId).where("email", "=", email).orderBy("created_at").execute();
  }

  async function inCohort(userId: string, cohortId: string) {
    const row = await getDb().selectFrom("cohort_members").select("role").where("user_id", "=", userId).where("cohort_id", "=", cohortId).executeTakeFirst();
    return row?.role ?? null;
  }

  it("the cohort invitation's page names the organization, the cohort, the role, who invited them and what trainers will see", async () => {
    const place = await organizationWithCohort("Named Invite Network");
    const path = await cohortInvitation(place, freshEmail("named"));
    const text = await pageText(await new HttpClient(server.origin).get(path));
    expect(text).toContain("Join Named Invite Network");
    expect(text).toMatch(/Tomás Trainer invited you to join Named Invite Network as a trainee, in the training group “Spring group” ?\./);
    expect(text).toContain("The training group “Spring group” Trainers: Tomás Trainer.");
    expect(text).toContain("What its trainers will see");
    expect(text).toContain("They will not see what you wrote in a reflection you keep private.");
  });

  it("joining through the admin's invitation also settles the trainer's cohort invitation: member and in the cohort", async () => {
    const place = await organizationWithCohort("Two Invites Collective");
    const email = freshEmail("twice-invited");
    const { path: adminPath } = await invite(place.adminClient, place.organization.slug, email, "trainee");
    const trainerPath = await cohortInvitation(place, email);

    // Before accepting, the admin's link says everything accepting does.
    const landing = await pageText(await new HttpClient(server.origin).get(adminPath));
    expect(landing).toContain("Admin of Two Invites Collective invited you to join Two Invites Collective as a trainee.");
    expect(landing).toContain("from Tomás Trainer, as a trainee, in the training group “Spring group”");
    expect(landing).toContain("Accepting this one accepts them all: you join Two Invites Collective as a trainee, in the training group “Spring group”.");
    expect(landing).toContain("What its trainers will see");

    const person = await createTestUser({ email, displayName: "Twice Invited" });
    const client = await signedInClient(server.origin, person);
    expect((await client.post(adminPath, {})).status).toBe(302);

    expect((await membershipsOf(person.id, place.organization.id)).map((m) => m.role)).toEqual(["trainee"]);
    expect(await inCohort(person.id, place.cohortId)).toBe("trainee");
    const [fromAdmin, fromTrainer] = await invitationsOf(place.organization.id, email);
    expect(fromAdmin).toMatchObject({ accepted_by: person.id, superseded_by: null });
    expect(fromTrainer).toMatchObject({ accepted_by: person.id, superseded_by: fromAdmin!.id, cohort_id: place.cohortId });
    expect(fromTrainer!.accepted_at).not.toBeNull();
    expect(await auditOf(place.organization.id, "invitation.superseded")).toMatchObject([{ actor_id: person.id, subject: `invitation:${fromTrainer!.id}` }]);
    const joined = await auditOf(place.organization.id, "cohort.joined_by_invitation");
    expect(joined).toHaveLength(1);
    expect(JSON.parse(joined[0]!.data)).toEqual({ cohort: "Spring group", trainee: email });

    // The person sees the cohort's modules; nothing waits any more on either side.
    expect(await pageText(await client.get(`/o/${place.organization.slug}`))).toContain("Assigned to you");
    expect(await pageText(await place.adminClient.get(`/o/${place.organization.slug}/admin/invitations`))).toContain("No invitations are waiting.");
    const roster = await pageText(await place.trainerClient.get(`/o/${place.organization.slug}/teach/cohorts/${place.cohortId}/trainees`));
    expect(roster).toContain("Trainees (1)");
    expect(roster).not.toContain("Invited, not joined yet");
    const spent = await client.get(trainerPath);
    expect(await pageText(spent)).toContain("You already accepted another invitation to this organization, sent to the same address.");
    expect((await client.post(trainerPath, {})).status).toBe(410);
    expect(await membershipsOf(person.id, place.organization.id)).toHaveLength(1);
  });

  it("accepting the trainer's cohort invitation settles the admin's one the same way", async () => {
    const place = await organizationWithCohort("Other Way Round Peers");
    const email = freshEmail("other-way");
    const { path: adminPath } = await invite(place.adminClient, place.organization.slug, email, "trainee");
    const trainerPath = await cohortInvitation(place, email);
    const person = await createTestUser({ email });
    const client = await signedInClient(server.origin, person);
    expect((await client.post(trainerPath, {})).status).toBe(302);
    expect(await inCohort(person.id, place.cohortId)).toBe("trainee");
    const rows = await invitationsOf(place.organization.id, email);
    expect(rows.every((row) => row.accepted_at !== null)).toBe(true);
    expect((await client.post(adminPath, {})).status).toBe(410);
  });

  it("an admin's invitation can carry a cohort; the role it gives is the strongest the invitations name", async () => {
    const place = await organizationWithCohort("Admin Cohort Invites");
    const email = freshEmail("admin-cohort");
    const response = await place.adminClient.post(`/o/${place.organization.slug}/admin/invitations`, { intent: "invite", email, role: "trainee", cohortId: place.cohortId });
    expect(response.status).toBe(200);
    const [row] = await invitationsOf(place.organization.id, email);
    expect(row!.cohort_id).toBe(place.cohortId);
    expect(server.mail().find((m) => m.to === email)?.text).toContain('in the training group "Spring group"');
    const list = await pageText(await place.adminClient.get(`/o/${place.organization.slug}/admin/invitations`));
    expect(list).toContain(`${email} trainee Spring group`);

    // A cohort is for trainees, and only the organization's own open cohorts.
    const elsewhere = await organizationWithCohort("Elsewhere Peers");
    const before = await rowCounts();
    const asTrainer = await place.adminClient.post(`/o/${place.organization.slug}/admin/invitations`, { intent: "invite", email: freshEmail("x"), role: "trainer", cohortId: place.cohortId });
    expect(asTrainer.status).toBe(400);
    expect(await pageText(asTrainer)).toContain("Only a trainee can be invited into a cohort.");
    const foreign = await place.adminClient.post(`/o/${place.organization.slug}/admin/invitations`, { intent: "invite", email: freshEmail("y"), role: "trainee", cohortId: elsewhere.cohortId });
    expect(foreign.status).toBe(400);
    expect(await pageText(foreign)).toContain("That cohort was not found, or it was archived.");
    const garbled = await place.adminClient.post(`/o/${place.organization.slug}/admin/invitations`, { intent: "invite", email: freshEmail("z"), role: "trainee", cohortId: "<b>" });
    expect(garbled.status).toBe(400);
    expect(await rowCounts()).toEqual(before);

    // Also invited as a trainer: accepting the cohort link makes them a trainer, and a trainer does not join as a trainee.
    const { path: trainerRolePath } = await invite(place.adminClient, place.organization.slug, email, "trainer");
    const person = await createTestUser({ email });
    const client = await signedInClient(server.origin, person);
    const landing = await pageText(await client.get(trainerRolePath));
    expect(landing).toContain("Accepting this one accepts them all: you join Admin Cohort Invites as a trainer.");
    expect(landing).not.toContain("What its trainers will see");
    expect((await client.post(trainerRolePath, {})).status).toBe(302);
    expect((await membershipsOf(person.id, place.organization.id)).map((m) => m.role)).toEqual(["trainer"]);
    expect(await inCohort(person.id, place.cohortId)).toBeNull();
  });
});
