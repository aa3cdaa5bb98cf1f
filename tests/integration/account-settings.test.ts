import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storedSessionId } from "~/auth/session-adapter.server";
import { hashToken } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import { createTestUser } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { sessionIdsOf } from "../support/row-counts";
import { mailCountTo, tokenFromMail } from "../support/server-log";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

async function storedUser(id: string) {
  return getDb().selectFrom("users").select(["email", "display_name", "password_hash"]).where("id", "=", id).executeTakeFirstOrThrow();
}

async function signInStatus(email: string, password: string): Promise<number> {
  return (await new HttpClient(server.origin).post("/signin", { email, password })).status;
}

describe("signed out", () => {
  it("GET /account sends an anonymous visitor to sign in, and back afterwards", async () => {
    const anonymous = new HttpClient(server.origin);
    const response = await anonymous.get("/account");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/signin?redirectTo=%2Faccount");

    const person = await createTestUser();
    const signIn = await anonymous.post("/signin", { email: person.email, password: person.password, redirectTo: "/account" });
    expect(signIn.headers.get("location")).toBe("/account");
    expect(await pageText(await anonymous.follow(signIn))).toContain("Account settings");
  });

  it("each settings page and form needs a session", async () => {
    const anonymous = new HttpClient(server.origin);
    for (const path of ["/account/email", "/account/password", "/account/sessions"]) {
      const page = await anonymous.get(path);
      expect(page.status, path).toBe(302);
      expect(page.headers.get("location")).toBe(`/signin?${new URLSearchParams({ redirectTo: path })}`);
    }
    const person = await createTestUser();
    await signedInClient(server.origin, person);
    const post = await anonymous.post("/account/sessions", {});
    expect(post.status).toBe(302);
    expect(post.headers.get("location")).toContain("/signin");
    expect(await sessionIdsOf(person.id)).toHaveLength(1);
  });
});

describe("name", () => {
  it("changes the name shown on the site", async () => {
    const person = await createTestUser({ displayName: "Old Name" });
    const client = await signedInClient(server.origin, person);
    const page = await client.get("/account");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('action="/account?index"');

    const response = await client.post("/account?index", { displayName: "  Bell Hooks  " });
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain("Your name has been saved.");
    expect((await storedUser(person.id)).display_name).toBe("Bell Hooks");
    expect(await pageText(await client.get("/"))).toContain("Bell Hooks");
  });
});

describe("email address", () => {
  /** Asks for a new address and returns the confirmation token mailed to it. */
  async function askForNewAddress(client: HttpClient, person: { password: string }, newEmail: string) {
    const to = newEmail.toLowerCase();
    const skip = mailCountTo(server, to);
    const response = await client.post("/account/email", { email: newEmail, currentPassword: person.password });
    expect(response.status).toBe(200);
    return { response, token: await tokenFromMail(server, to, "confirm-email", { skip }) };
  }

  it("a new address is used only once the link mailed to it is opened; until then the account keeps the old one", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const { response, token } = await askForNewAddress(client, person, "New.Address@Example.org");
    const text = await pageText(response);
    expect(text).toContain(`We wrote to new.address@example.org. Your account keeps ${person.email} until the change is confirmed from that mailbox, within 24 hours.`);
    expect(text).toContain("This site cannot send email yet. The message was written to the server's log instead.");
    expect((await storedUser(person.id)).email).toBe(person.email);
    expect(await pageText(await client.get("/account/email"))).toContain("A change to new.address@example.org is waiting to be confirmed from that mailbox.");
    expect(await signInStatus(person.email, person.password)).toBe(302);
    expect(await signInStatus("new.address@example.org", person.password)).toBe(400);
    const stored = await getDb().selectFrom("email_changes").selectAll().where("user_id", "=", person.id).execute();
    expect(stored.map((row) => row.token_hash)).toEqual([hashToken(token)]);
    expect(JSON.stringify(stored)).not.toContain(token);

    // Opening the link asks; the button changes the address.
    const page = await new HttpClient(server.origin).get(`/confirm-email/${token}`);
    expect(await pageText(page)).toContain("Someone asked to use new.address@example.org for their account.");
    expect((await storedUser(person.id)).email).toBe(person.email);
    const oldMail = mailCountTo(server, person.email);
    const confirmed = await new HttpClient(server.origin).post(`/confirm-email/${token}`, {});
    expect(confirmed.status).toBe(200);
    expect(await pageText(confirmed)).toContain("Your email address is now new.address@example.org.");
    expect((await storedUser(person.id)).email).toBe("new.address@example.org");
    expect(await signInStatus("new.address@example.org", person.password)).toBe(302);
    expect(await signInStatus(person.email, person.password)).toBe(400);

    // The old address is told, with nothing private in the message (not even the new address).
    await expect.poll(() => mailCountTo(server, person.email)).toBe(oldMail + 1);
    const notice = server.mail().filter((mail) => mail.to === person.email).at(-1)!;
    expect(notice.subject).toBe("Your email address was changed");
    expect(notice.text).not.toContain("new.address@example.org");

    // The link works once.
    const again = await new HttpClient(server.origin).post(`/confirm-email/${token}`, {});
    expect(again.status).toBe(410);
    expect(await pageText(again)).toContain("This confirmation link is not valid any more.");
  });

  it("with a wrong current password is refused with 400, and nothing is asked or sent", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const response = await client.post("/account/email", { email: "elsewhere@example.org", currentPassword: "not my password at all" });
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("Your current password is not right. Check it and try again.");
    expect((await storedUser(person.id)).email).toBe(person.email);
    expect(await getDb().selectFrom("email_changes").select("id").where("user_id", "=", person.id).execute()).toEqual([]);
    expect(mailCountTo(server, "elsewhere@example.org")).toBe(0);
  });

  it("without the current password is refused with 400 and left unchanged", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const response = await client.post("/account/email", { email: "elsewhere2@example.org", currentPassword: "" });
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("Enter your password.");
    expect((await storedUser(person.id)).email).toBe(person.email);
  });

  it("an address another account uses gets the same answer as a free one; that account's owner gets a notice, and nothing changes", async () => {
    const other = await createTestUser({ email: "already.used@example.org" });
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const taken = await client.post("/account/email", { email: "Already.Used@EXAMPLE.org", currentPassword: person.password });
    const free = await client.post("/account/email", { email: "never.used@example.org", currentPassword: person.password });
    expect(taken.status).toBe(200);
    expect(free.status).toBe(200);
    expect((await pageText(taken)).replaceAll("already.used@example.org", "ADDRESS")).toBe(
      (await pageText(free)).replaceAll("never.used@example.org", "ADDRESS"),
    );
    await tokenFromMail(server, "never.used@example.org", "confirm-email");
    const notice = server.mail().filter((mail) => mail.to === "already.used@example.org");
    expect(notice).toHaveLength(1);
    expect(notice[0]!.subject).toBe("Someone asked to use your email address");
    expect(notice[0]!.text).not.toContain("/confirm-email/");
    expect(notice[0]!.text).not.toContain(person.email);
    expect((await storedUser(person.id)).email).toBe(person.email);
    expect((await storedUser(other.id)).email).toBe("already.used@example.org");
  });

  it("a newer request replaces the older one, and asking for one's own address withdraws it", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const first = await askForNewAddress(client, person, `first-${Date.now()}@example.org`);
    const second = await askForNewAddress(client, person, `second-${Date.now()}@example.org`);
    expect((await new HttpClient(server.origin).post(`/confirm-email/${first.token}`, {})).status).toBe(410);

    const same = await client.post("/account/email", { email: person.email.toUpperCase(), currentPassword: person.password });
    expect(same.status).toBe(200);
    expect(await pageText(same)).toContain(`${person.email} is already your email address. Nothing has changed.`);
    expect((await new HttpClient(server.origin).post(`/confirm-email/${second.token}`, {})).status).toBe(410);
    expect((await storedUser(person.id)).email).toBe(person.email);
  });

  it("a link older than 24 hours no longer changes the address", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const { token } = await askForNewAddress(client, person, `late-${Date.now()}@example.org`);
    await getDb().updateTable("email_changes").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where("user_id", "=", person.id).execute();
    expect(await pageText(await client.get(`/confirm-email/${token}`))).toContain("This confirmation link is not valid any more.");
    expect((await client.post(`/confirm-email/${token}`, {})).status).toBe(410);
    expect((await storedUser(person.id)).email).toBe(person.email);
  });
});

describe("password", () => {
  it("changes with the right current password; the new one signs in, the old one does not", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const response = await client.post("/account/password", {
      currentPassword: person.password,
      newPassword: "a fresh and sturdy phrase",
    });
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain("Your password has been changed. Every other device signed in to your account has been signed out.");
    expect(await signInStatus(person.email, "a fresh and sturdy phrase")).toBe(302);
    expect(await signInStatus(person.email, person.password)).toBe(400);
    // The browser that changed it stays signed in.
    expect((await client.get("/account")).status).toBe(200);
  });

  it("ends every other session of the account, keeps this one, and tells the address", async () => {
    const person = await createTestUser();
    const here = await signedInClient(server.origin, person);
    const phone = await signedInClient(server.origin, person);
    const bystander = await signedInClient(server.origin, await createTestUser());
    const mailBefore = mailCountTo(server, person.email);
    const response = await here.post("/account/password", { currentPassword: person.password, newPassword: "a fresh and sturdy phrase" });
    expect(response.status).toBe(200);
    expect(await sessionIdsOf(person.id)).toEqual([storedSessionId(here.cookie("pst_session")!)]);
    expect((await phone.get("/account")).status).toBe(302);
    expect((await here.get("/account")).status).toBe(200);
    expect((await bystander.get("/account")).status).toBe(200);
    await expect.poll(() => mailCountTo(server, person.email)).toBe(mailBefore + 1);
    const notice = server.mail().filter((mail) => mail.to === person.email).at(-1)!;
    expect(notice.subject).toBe("Your password was changed");
    expect(notice.text).toContain(`${server.origin}/forgot-password`);
    expect(notice.text).not.toContain("a fresh and sturdy phrase");
  });

  it("with a wrong current password is refused with 400 and the hash is unchanged", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const before = (await storedUser(person.id)).password_hash;
    const response = await client.post("/account/password", {
      currentPassword: "this is not it at all",
      newPassword: "a fresh and sturdy phrase",
    });
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("Your current password is not right.");
    expect((await storedUser(person.id)).password_hash).toBe(before);
    expect(await signInStatus(person.email, person.password)).toBe(302);
  });

  it("a weak new password is refused with 400 and the old one still works", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const before = (await storedUser(person.id)).password_hash;
    const response = await client.post("/account/password", { currentPassword: person.password, newPassword: "short" });
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("Use at least 12 characters.");
    expect((await storedUser(person.id)).password_hash).toBe(before);
  });
});

describe("signed-in devices", () => {
  it("signing out of every other session deletes them and keeps this one working", async () => {
    const person = await createTestUser();
    const here = await signedInClient(server.origin, person);
    const phone = await signedInClient(server.origin, person);
    const tablet = await signedInClient(server.origin, person);
    const someoneElse = await createTestUser();
    const someoneElseClient = await signedInClient(server.origin, someoneElse);

    const overview = await here.get("/account/sessions");
    expect(await pageText(overview)).toContain("You are signed in here and on 2 other devices or browsers.");

    const response = await here.post("/account/sessions", {});
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain("You have been signed out on every other device.");

    expect(await sessionIdsOf(person.id)).toEqual([storedSessionId(here.cookie("pst_session")!)]);
    expect((await here.get("/account")).status).toBe(200);
    expect(await pageText(await here.get("/account/sessions"))).toContain("You are signed in only here.");
    for (const client of [phone, tablet]) {
      const page = await client.get("/account");
      expect(page.status).toBe(302);
      expect(page.headers.get("location")).toBe("/signin?redirectTo=%2Faccount");
    }
    // Other people's sessions are untouched.
    expect(await sessionIdsOf(someoneElse.id)).toHaveLength(1);
    expect((await someoneElseClient.get("/account")).status).toBe(200);
  });
});
