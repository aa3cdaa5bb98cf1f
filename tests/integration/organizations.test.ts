import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createInvitation } from "~/models/accounts/invitation.server";
import { addMember } from "~/models/accounts/membership.server";
import { createTestCohort } from "../support/cohort-factories";
import { createTestOrganization, createTestUser } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText, visibleText } from "../support/page-text";
import { createTestProgramme } from "../support/record-factories";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

/** The visible text of the site header only (where the organization switcher lives). */
async function headerText(response: Response): Promise<string> {
  const html = await response.text();
  const header = /<header[\s\S]*?<\/header>/.exec(html);
  expect(header, "the page should have a site header").not.toBeNull();
  return visibleText(header![0]);
}

async function countOrganizations(): Promise<number> {
  const rows = await getDb().selectFrom("organizations").select("id").execute();
  return rows.length;
}

async function auditActionsBy(actorId: string): Promise<string[]> {
  const rows = await getDb().selectFrom("audit_log").select("action").where("actor_id", "=", actorId).execute();
  return rows.map((row) => row.action);
}

describe("creating an organization", () => {
  it("makes the creator its admin and records it in the activity log", async () => {
    const person = await createTestUser({ displayName: "Nia Okafor" });
    const client = await signedInClient(server.origin, person);

    const response = await client.post("/orgs/new", { name: "  Eastside Peer Circle  " });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/o/eastside-peer-circle");

    const organization = await getDb()
      .selectFrom("organizations")
      .selectAll()
      .where("slug", "=", "eastside-peer-circle")
      .executeTakeFirstOrThrow();
    expect(organization.name).toBe("Eastside Peer Circle");

    const memberships = await getDb()
      .selectFrom("memberships")
      .selectAll()
      .where("organization_id", "=", organization.id)
      .execute();
    expect(memberships).toHaveLength(1);
    expect(memberships[0]).toMatchObject({ user_id: person.id, role: "admin" });

    const audit = await getDb()
      .selectFrom("audit_log")
      .selectAll()
      .where("organization_id", "=", organization.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "organization.created",
      actor_id: person.id,
      subject: `organization:${organization.id}`,
    });
    expect(JSON.parse(audit[0]!.data)).toEqual({ name: "Eastside Peer Circle" });

    const home = await client.follow(response);
    expect(home.status).toBe(200);
    const text = await pageText(home);
    expect(text).toContain("Eastside Peer Circle");
    expect(text).toContain("Your role here: admin");
    expect(text).toContain("Invite people");
  });

  it("gives a second organization with the same name its own address", async () => {
    const first = await createTestUser();
    const second = await createTestUser();
    const one = await (await signedInClient(server.origin, first)).post("/orgs/new", { name: "Same Name Group" });
    const two = await (await signedInClient(server.origin, second)).post("/orgs/new", { name: "Same Name Group" });
    expect(one.headers.get("location")).toBe("/o/same-name-group");
    expect(two.headers.get("location")).toBe("/o/same-name-group-2");
    const secondOrg = await getDb()
      .selectFrom("memberships")
      .innerJoin("organizations", "organizations.id", "memberships.organization_id")
      .select(["organizations.slug", "memberships.role"])
      .where("memberships.user_id", "=", second.id)
      .execute();
    expect(secondOrg).toEqual([{ slug: "same-name-group-2", role: "admin" }]);
  });

  it("refuses an empty name with a readable message and stores nothing", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const before = await countOrganizations();

    for (const name of ["", "    "]) {
      const response = await client.post("/orgs/new", { name });
      expect(response.status).toBe(400);
      expect(await pageText(response)).toContain("Enter the organization's name.");
    }

    expect(await countOrganizations()).toBe(before);
    const memberships = await getDb().selectFrom("memberships").select("user_id").where("user_id", "=", person.id).execute();
    expect(memberships).toHaveLength(0);
    expect(await auditActionsBy(person.id)).toEqual([]);
  });

  it("refuses a name longer than 120 characters and stores nothing, but accepts exactly 120", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const before = await countOrganizations();

    const tooLong = "A".repeat(121);
    const response = await client.post("/orgs/new", { name: tooLong });
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("Keep the organization's name to 120 characters or fewer.");
    expect(await countOrganizations()).toBe(before);
    const stored = await getDb().selectFrom("organizations").select("id").where("name", "=", tooLong).execute();
    expect(stored).toHaveLength(0);
    expect(await auditActionsBy(person.id)).toEqual([]);

    const longest = "B".repeat(120);
    const accepted = await client.post("/orgs/new", { name: longest });
    expect(accepted.status).toBe(302);
    expect(await countOrganizations()).toBe(before + 1);
  });

  it("sends someone who is not signed in to sign in, and stores nothing", async () => {
    const before = await countOrganizations();
    const client = new HttpClient(server.origin);
    const response = await client.post("/orgs/new", { name: "Anonymous Attempt" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!, server.origin);
    expect(location.pathname).toBe("/signin");
    expect(location.searchParams.get("redirectTo")).toBe("/orgs/new");
    expect(await countOrganizations()).toBe(before);
    const stored = await getDb().selectFrom("organizations").select("id").where("name", "=", "Anonymous Attempt").execute();
    expect(stored).toHaveLength(0);
  });
});

describe("belonging to more than one organization", () => {
  it("lists both in the header switcher with the person's role, and both pages open", async () => {
    const person = await createTestUser({ displayName: "Sam Two-Hats" });
    const client = await signedInClient(server.origin, person);
    const created = await client.post("/orgs/new", { name: "Northgate Listening Project" });
    expect(created.status).toBe(302);
    const { organization: other } = await createTestOrganization("Southbank Recovery Peers");
    await addMember({ organizationId: other.id, userId: person.id, role: "trainee" });

    for (const path of ["/", "/o/northgate-listening-project", `/o/${other.slug}`]) {
      const page = await client.get(path);
      expect(page.status).toBe(200);
      const header = await headerText(page);
      expect(header).toContain("Northgate Listening Project (admin)");
      expect(header).toContain("Southbank Recovery Peers (trainee)");
    }

    const own = await client.get("/o/northgate-listening-project");
    expect(own.status).toBe(200);
    const ownText = await pageText(own);
    expect(ownText).toContain("Northgate Listening Project");
    expect(ownText).toContain("Your role here: admin");

    const joined = await client.get(`/o/${other.slug}`);
    expect(joined.status).toBe(200);
    const joinedText = await pageText(joined);
    expect(joinedText).toContain("Southbank Recovery Peers");
    expect(joinedText).toContain("Your role here: trainee");
    expect(joinedText).not.toContain("Invite people");
  });

  it("does not list organizations the person does not belong to", async () => {
    const person = await createTestUser();
    await createTestOrganization("Hidden Elsewhere Collective");
    const client = await signedInClient(server.origin, person);
    await client.post("/orgs/new", { name: "Only Mine Group" });
    const page = await client.get("/o/only-mine-group");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(visibleText(html)).toContain("Only Mine Group (admin)");
    expect(html).not.toContain("Hidden Elsewhere Collective");
  });
});

describe("a new organization's first steps", () => {
  it("tick themselves as a trainer joins, a programme is defined and a cohort created, then the list goes away", async () => {
    const { organization, admin } = await createTestOrganization("Harbour Peer Network");
    const client = await signedInClient(server.origin, admin);
    const home = async () => pageText(await client.get(`/o/${organization.slug}`));
    const stepsOf = (text: string) => /Get your organization ready (\d) of 3 first steps done/.exec(text)?.[1];
    const stateOf = (text: string, step: string) => new RegExp(`(Done|Waiting|To do) ${step}`).exec(text)?.[1];

    let text = await home();
    expect(stepsOf(text)).toBe("0");
    expect([stateOf(text, "Invite a trainer"), stateOf(text, "Define a programme"), stateOf(text, "Create a cohort")]).toEqual(["To do", "To do", "To do"]);

    await createInvitation({ organizationId: organization.id, actorId: admin.id, email: "tomas@example.org", role: "trainer", appOrigin: server.origin });
    expect(stateOf(await home(), "Invite a trainer")).toBe("Waiting");

    const trainer = await createTestUser({ displayName: "Tomás Reyes" });
    await addMember({ organizationId: organization.id, userId: trainer.id, role: "trainer" });
    text = await home();
    expect(stateOf(text, "Invite a trainer")).toBe("Done");
    expect(stepsOf(text)).toBe("1");

    await createTestProgramme({ organizationId: organization.id, adminId: admin.id, title: "Foundation" });
    expect(stateOf(await home(), "Define a programme")).toBe("Done");

    await createTestCohort({ organizationId: organization.id, trainer, name: "Autumn group" });
    text = await home();
    expect(text).not.toContain("Get your organization ready");
  });

  it("is shown to admins only: a trainer of an organization with no programme or cohort sees none of it", async () => {
    const { organization } = await createTestOrganization("Quiet Harbour");
    const trainer = await createTestUser({ displayName: "New Trainer" });
    await addMember({ organizationId: organization.id, userId: trainer.id, role: "trainer" });
    const text = await pageText(await (await signedInClient(server.origin, trainer)).get(`/o/${organization.slug}`));
    expect(text).toContain("Hello, New Trainer.");
    expect(text).not.toContain("Get your organization ready");
    expect(text).not.toContain("first steps");
  });
});
