import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateId } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import { createInvitation } from "~/models/accounts/invitation.server";
import { createTestMember, createTestOrganization, createTestUser, TEST_PASSWORD } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { rowCounts } from "../support/row-counts";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const goodSignUp = { displayName: "Ada Lovelace", email: "ada@example.org", password: "engines of analysis" };

/**
 * Sends the form and checks the refusal a person would see: the status, the
 * words on the page, and that no table gained or lost a row.
 */
async function expectRefused(
  send: () => Promise<Response>,
  expected: { status: number; text: string[] },
): Promise<string> {
  const before = await rowCounts();
  const response = await send();
  expect(response.status).toBe(expected.status);
  const text = await pageText(response);
  for (const words of expected.text) expect(text).toContain(words);
  expect(await rowCounts()).toEqual(before);
  return text;
}

describe("sign-up form with bad input", () => {
  it("refuses empty fields and says what to fill in", async () => {
    const client = new HttpClient(server.origin);
    await expectRefused(() => client.post("/signup", { displayName: "", email: "", password: "" }), {
      status: 400,
      text: ["Some answers need a change", "Enter your name.", "Enter an email address.", "Choose a password."],
    });
  });

  it("refuses a form with the fields left out altogether", async () => {
    const client = new HttpClient(server.origin);
    await expectRefused(() => client.post("/signup", {}), {
      status: 400,
      text: ["Enter your name.", "Enter an email address.", "Choose a password."],
    });
  });

  it("refuses a name of only spaces", async () => {
    const client = new HttpClient(server.origin);
    await expectRefused(() => client.post("/signup", { ...goodSignUp, displayName: "     " }), {
      status: 400,
      text: ["Enter your name."],
    });
  });

  it("refuses a 10,000-character name", async () => {
    const client = new HttpClient(server.origin);
    await expectRefused(() => client.post("/signup", { ...goodSignUp, displayName: "N".repeat(10_000) }), {
      status: 400,
      text: ["Keep your name to 100 characters or fewer."],
    });
  });

  it("refuses a 300-character email address", async () => {
    const client = new HttpClient(server.origin);
    const email = `${"a".repeat(288)}@example.org`;
    expect(email).toHaveLength(300);
    await expectRefused(() => client.post("/signup", { ...goodSignUp, email }), {
      status: 400,
      text: ["That email address is too long."],
    });
  });

  it("refuses a 300-character password", async () => {
    const client = new HttpClient(server.origin);
    await expectRefused(() => client.post("/signup", { ...goodSignUp, password: "a quiet walk ".repeat(25) }), {
      status: 400,
      text: ["at most 256 characters"],
    });
  });

  it.each(["not-an-email", "ada@", "@example.org", "ada example@example.org", "ada@@example.org"])(
    "refuses the malformed email %j",
    async (email) => {
      const client = new HttpClient(server.origin);
      await expectRefused(() => client.post("/signup", { ...goodSignUp, email }), {
        status: 400,
        text: ["Enter an email address like name@example.org."],
      });
    },
  );

  it("an email that already has an account, in another case, makes no account and no session", async () => {
    await createTestUser({ email: "grace@example.org" });
    const client = new HttpClient(server.origin);
    // The answer is the one any address gets (see accounts.test.ts); the owner is written to instead.
    const response = await client.post("/signup", { ...goodSignUp, email: "  GRACE@Example.ORG " });
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain("We wrote to grace@example.org");
    expect(client.cookie("pst_session")).toBeUndefined();
    expect(await getDb().selectFrom("users").select("id").where("email", "=", "grace@example.org").execute()).toHaveLength(1);
    expect(await getDb().selectFrom("sign_up_requests").select("id").where("email", "=", "grace@example.org").execute()).toEqual([]);
  });

  it("refuses an email field sent twice instead of picking one", async () => {
    const client = new HttpClient(server.origin);
    await expectRefused(
      () => client.post("/signup", { ...goodSignUp, email: ["first@example.org", "second@example.org"] }),
      { status: 400, text: ["Some answers need a change", "Enter an email address."] },
    );
    const rows = await getDb()
      .selectFrom("users")
      .select("id")
      .where("email", "in", ["first@example.org", "second@example.org"])
      .execute();
    expect(rows).toHaveLength(0);
  });

  it("refuses a body that is not a form", async () => {
    const client = new HttpClient(server.origin);
    await expectRefused(
      () =>
        client.request("/signup", {
          method: "POST",
          headers: { origin: server.origin, "content-type": "application/json" },
          body: JSON.stringify(goodSignUp),
        }),
      { status: 400, text: ["We could not read the form. Reload the page and try again."] },
    );
  });
});

describe("sign-in form with bad input", () => {
  it("refuses an email sent twice, even when one of them has the right password", async () => {
    const person = await createTestUser();
    const client = new HttpClient(server.origin);
    await expectRefused(
      () => client.post("/signin", { email: [person.email, "someone@example.org"], password: person.password }),
      { status: 400, text: ["Enter an email address."] },
    );
    expect(client.cookie("pst_session")).toBeUndefined();
  });

  it("a return address too long to use does not block signing in; it goes to the start page", async () => {
    // The sign-in form carries ?redirectTo= from the address bar in a hidden field.
    const person = await createTestUser();
    const client = new HttpClient(server.origin);
    const response = await client.post("/signin", {
      email: person.email,
      password: person.password,
      redirectTo: `/account?${"q=x&".repeat(200)}`,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
  });

  it("refuses empty fields without counting a failed attempt", async () => {
    const client = new HttpClient(server.origin);
    await expectRefused(() => client.post("/signin", { email: "", password: "" }), {
      status: 400,
      text: ["Enter an email address.", "Enter your password."],
    });
  });
});

describe("account forms with bad input", () => {
  it("refuses an empty or oversized name and keeps the old one", async () => {
    const person = await createTestUser({ displayName: "Kept Name" });
    const client = await signedInClient(server.origin, person);
    await expectRefused(() => client.post("/account?index", { displayName: "" }), {
      status: 400,
      text: ["Enter your name."],
    });
    await expectRefused(() => client.post("/account?index", { displayName: "x".repeat(10_000) }), {
      status: 400,
      text: ["Keep your name to 100 characters or fewer."],
    });
    const row = await getDb().selectFrom("users").select("display_name").where("id", "=", person.id).executeTakeFirstOrThrow();
    expect(row.display_name).toBe("Kept Name");
  });

  it("refuses a malformed new email address and keeps the old one", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    await expectRefused(() => client.post("/account/email", { email: "nope", currentPassword: person.password }), {
      status: 400,
      text: ["Enter an email address like name@example.org."],
    });
    const row = await getDb().selectFrom("users").select("email").where("id", "=", person.id).executeTakeFirstOrThrow();
    expect(row.email).toBe(person.email);
  });

  it("refuses a new email address sent twice", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    await expectRefused(
      () => client.post("/account/email", { email: ["a1@example.org", "a2@example.org"], currentPassword: person.password }),
      { status: 400, text: ["Enter an email address."] },
    );
    const row = await getDb().selectFrom("users").select("email").where("id", "=", person.id).executeTakeFirstOrThrow();
    expect(row.email).toBe(person.email);
  });

  it("refuses an empty or oversized organization name", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    await expectRefused(() => client.post("/orgs/new", { name: "" }), {
      status: 400,
      text: ["Enter the organization's name."],
    });
    await expectRefused(() => client.post("/orgs/new", { name: "O".repeat(10_000) }), {
      status: 400,
      text: ["Keep the organization's name to 120 characters or fewer."],
    });
  });
});

describe("names with hidden formatting characters (issue 12, finding 10)", () => {
  const hidden = "has a hidden character in it, like a line break or a text-direction mark, often copied in by accident";

  it.each([
    ["a right-to-left override", "Sam\u202eLee (trainer)"],
    ["a right-to-left isolate", "\u2067Sam Lee\u2069"],
    ["a left-to-right embedding", "\u202aSam Lee"],
    ["a right-to-left mark", "Sam Lee\u200f!"],
    ["a line break inside", "Sam\nLee"],
    ["a terminal escape", "Sam\u001b[31mLee"],
  ])("sign-up refuses a name with %s, says why, and creates nobody", async (_label, displayName) => {
    await expectRefused(() => new HttpClient(server.origin).post("/signup", { ...goodSignUp, email: `hidden-${Date.now()}@example.org`, displayName }), {
      status: 400,
      text: [`Your name ${hidden}`],
    });
  });

  it("account settings refuse one and keep the old name", async () => {
    const person = await createTestUser({ displayName: "Kept Name" });
    const client = await signedInClient(server.origin, person);
    await expectRefused(() => client.post("/account?index", { displayName: "Kept\u202eemaN" }), {
      status: 400,
      text: [`Your name ${hidden}`],
    });
    const row = await getDb().selectFrom("users").select("display_name").where("id", "=", person.id).executeTakeFirstOrThrow();
    expect(row.display_name).toBe("Kept Name");
  });

  it("a new organization's name with one is refused", async () => {
    const client = await signedInClient(server.origin, await createTestUser());
    await expectRefused(() => client.post("/orgs/new", { name: "Riverside\u2066 Peer Support" }), {
      status: 400,
      text: [`The organization's name ${hidden}`],
    });
  });

  it("a name in another script, with the joiners it needs, is accepted and shown as typed", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const name = "مریم می\u200cخواهد"; // a zero-width non-joiner is part of Persian spelling
    const response = await client.post("/account?index", { displayName: name });
    expect(response.status).toBe(200);
    const row = await getDb().selectFrom("users").select("display_name").where("id", "=", person.id).executeTakeFirstOrThrow();
    expect(row.display_name).toBe(name);
    expect(await pageText(await client.get("/"))).toContain(`Welcome, ${name}`);
  });
});

describe("a body over the size limit", () => {
  it("gets a readable 413 page and nothing is written (small limit)", async () => {
    const small = await startTestServer({ MAX_BODY_BYTES: "4096" });
    try {
      const client = new HttpClient(small.origin);
      const text = await expectRefused(
        () => client.post("/signup", { ...goodSignUp, email: "big@example.org", displayName: "B".repeat(5000) }),
        { status: 413, text: ["That was too much to send at once", "larger than 4 KB", "Make it shorter and try again."] },
      );
      expect(text).not.toContain("Something went wrong");
      // A body with no declared length is cut off once it passes the limit.
      const chunks = [new TextEncoder().encode("displayName="), new TextEncoder().encode("C".repeat(8000))];
      await expectRefused(
        () =>
          client.request("/signup", {
            method: "POST",
            headers: { origin: small.origin, "content-type": "application/x-www-form-urlencoded" },
            body: new ReadableStream({
              pull(controller) {
                const next = chunks.shift();
                if (next) controller.enqueue(next);
                else controller.close();
              },
            }),
            duplex: "half",
          } as RequestInit),
        { status: 413, text: ["That was too much to send at once"] },
      );
      // A form under the limit still goes through on the same server.
      const fine = await client.post("/signup", { ...goodSignUp, email: "small@example.org" });
      expect(fine.status).toBe(200);
    } finally {
      await small.stop();
    }
  });

  it("gets a 413 over the default 1 MiB limit", async () => {
    const client = new HttpClient(server.origin);
    await expectRefused(
      () => client.post("/signup", { ...goodSignUp, email: "huge@example.org", displayName: "H".repeat(1_100_000) }),
      { status: 413, text: ["That was too much to send at once", "larger than 1024 KB"] },
    );
  });
});

describe("admin forms with unknown or malformed ids", () => {
  async function adminOfNewOrganization() {
    const { organization, admin } = await createTestOrganization();
    const client = await signedInClient(server.origin, admin);
    return { organization, admin, client, invitations: `/o/${organization.slug}/admin/invitations`, members: `/o/${organization.slug}/admin/members` };
  }

  it("withdrawing an invitation that does not exist is a 404 with an explanation", async () => {
    const { client, invitations } = await adminOfNewOrganization();
    await expectRefused(() => client.post(invitations, { intent: "revoke", invitationId: generateId() }), {
      status: 404,
      text: ["That invitation was not found, or it was already used or withdrawn."],
    });
  });

  it("cannot withdraw another organization's invitation", async () => {
    const other = await createTestOrganization();
    const invitation = await createInvitation({
      organizationId: other.organization.id,
      actorId: other.admin.id,
      email: "invitee@example.org",
      role: "trainee",
      appOrigin: server.origin,
    });
    const { client, invitations } = await adminOfNewOrganization();
    await expectRefused(() => client.post(invitations, { intent: "revoke", invitationId: invitation.id }), {
      status: 404,
      text: ["That invitation was not found"],
    });
    const row = await getDb().selectFrom("invitations").select("revoked_at").where("id", "=", invitation.id).executeTakeFirstOrThrow();
    expect(row.revoked_at).toBeNull();
  });

  it("a malformed invitation id is a 400 that tells the person to reload", async () => {
    const { client, invitations } = await adminOfNewOrganization();
    await expectRefused(() => client.post(invitations, { intent: "revoke", invitationId: "../../etc/passwd" }), {
      status: 400,
      text: ["That item was not found. Reload the page and try again."],
    });
  });

  it("an unknown intent is a 400 that says what can be done", async () => {
    const { client, invitations } = await adminOfNewOrganization();
    await expectRefused(() => client.post(invitations, { intent: "explode", email: "x@example.org", role: "admin" }), {
      status: 400,
      text: ["Choose what to do: invite someone or withdraw an invitation."],
    });
  });

  it("an invitation with an unknown role or bad email is refused", async () => {
    const { client, invitations } = await adminOfNewOrganization();
    await expectRefused(() => client.post(invitations, { intent: "invite", email: "new@example.org", role: "owner" }), {
      status: 400,
      text: ["Choose a role: admin, trainer or trainee."],
    });
    await expectRefused(() => client.post(invitations, { intent: "invite", email: "not an email", role: "trainee" }), {
      status: 400,
      text: ["Enter an email address like name@example.org."],
    });
    expect(server.mail().some((mail) => mail.to === "new@example.org")).toBe(false);
  });

  it("changing the role of or removing someone who is not a member is a 404", async () => {
    const { client, members } = await adminOfNewOrganization();
    const outsider = await createTestUser();
    await expectRefused(() => client.post(members, { intent: "change-role", userId: outsider.id, role: "admin" }), {
      status: 404,
      text: ["That person is not a member of this organization."],
    });
    await expectRefused(() => client.post(members, { intent: "remove", userId: generateId() }), {
      status: 404,
      text: ["That person is not a member of this organization."],
    });
  });

  it("cannot remove a member of another organization through this one", async () => {
    const other = await createTestOrganization();
    const trainee = await createTestMember(other.organization.id, "trainee");
    const { client, members } = await adminOfNewOrganization();
    await expectRefused(() => client.post(members, { intent: "remove", userId: trainee.id }), {
      status: 404,
      text: ["That person is not a member of this organization."],
    });
  });

  it("an unknown role or intent on the members page is a 400 that says what to choose", async () => {
    const { organization, client, members } = await adminOfNewOrganization();
    const trainee = await createTestMember(organization.id, "trainee");
    await expectRefused(() => client.post(members, { intent: "change-role", userId: trainee.id, role: "owner" }), {
      status: 400,
      text: ["Choose a role: admin, trainer or trainee."],
    });
    await expectRefused(() => client.post(members, { intent: "promote", userId: trainee.id }), {
      status: 400,
      text: ["Choose what to do: change the role or remove the person."],
    });
    const row = await getDb()
      .selectFrom("memberships")
      .select("role")
      .where("organization_id", "=", organization.id)
      .where("user_id", "=", trainee.id)
      .executeTakeFirstOrThrow();
    expect(row.role).toBe("trainee");
  });

  it("a user id sent twice is refused", async () => {
    const { organization, client, members } = await adminOfNewOrganization();
    const trainee = await createTestMember(organization.id, "trainee");
    const trainer = await createTestMember(organization.id, "trainer");
    await expectRefused(() => client.post(members, { intent: "remove", userId: [trainee.id, trainer.id] }), {
      status: 400,
      text: ["Reload the page and try again."],
    });
  });

  it("an admin form sent by a signed-in non-admin is a 403", async () => {
    const { organization } = await createTestOrganization();
    const trainee = await createTestMember(organization.id, "trainee");
    const client = await signedInClient(server.origin, { email: trainee.email, password: TEST_PASSWORD });
    await expectRefused(
      () => client.post(`/o/${organization.slug}/admin/invitations`, { intent: "invite", email: "x@example.org", role: "admin" }),
      { status: 403, text: ["You do not have access to this page"] },
    );
  });
});
