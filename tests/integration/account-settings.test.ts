import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createTestUser } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { sessionIdsOf } from "../support/row-counts";
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
  it("changes with the right current password; the new address signs in, the old one does not", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const response = await client.post("/account/email", { email: "New.Address@Example.org", currentPassword: person.password });
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain("Your email address has been changed.");
    expect((await storedUser(person.id)).email).toBe("new.address@example.org");
    expect(await signInStatus("new.address@example.org", person.password)).toBe(302);
    expect(await signInStatus(person.email, person.password)).toBe(400);
  });

  it("with a wrong current password is refused with 400 and left unchanged", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const response = await client.post("/account/email", { email: "elsewhere@example.org", currentPassword: "not my password at all" });
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("Your current password is not right. Check it and try again.");
    expect((await storedUser(person.id)).email).toBe(person.email);
  });

  it("without the current password is refused with 400 and left unchanged", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const response = await client.post("/account/email", { email: "elsewhere2@example.org", currentPassword: "" });
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("Enter your password.");
    expect((await storedUser(person.id)).email).toBe(person.email);
  });

  it("taken by another account (in any case) is refused with 409 and left unchanged", async () => {
    const other = await createTestUser({ email: "already.used@example.org" });
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const response = await client.post("/account/email", { email: "Already.Used@EXAMPLE.org", currentPassword: person.password });
    expect(response.status).toBe(409);
    expect(await pageText(response)).toContain("Another account already uses this email address.");
    expect((await storedUser(person.id)).email).toBe(person.email);
    expect((await storedUser(other.id)).email).toBe("already.used@example.org");
  });

  it("saving the address one already has is fine", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const response = await client.post("/account/email", { email: person.email.toUpperCase(), currentPassword: person.password });
    expect(response.status).toBe(200);
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
    expect(await pageText(response)).toContain("Your password has been changed.");
    expect(await signInStatus(person.email, "a fresh and sturdy phrase")).toBe(302);
    expect(await signInStatus(person.email, person.password)).toBe(400);
    // The browser that changed it stays signed in.
    expect((await client.get("/account")).status).toBe(200);
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

    expect(await sessionIdsOf(person.id)).toEqual([here.cookie("pst_session")]);
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
