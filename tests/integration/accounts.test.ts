import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createTestUser, TEST_PASSWORD } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe("sign up", () => {
  it("creates an account with an argon2id hash and signs the person in", async () => {
    const client = new HttpClient(server.origin);
    const response = await client.post("/signup", {
      displayName: "Rosa Parks",
      email: "Rosa@Example.org ",
      password: "my own quiet morning walk",
    });
    expect(response.status).toBe(302);
    const row = await getDb().selectFrom("users").selectAll().where("email", "=", "rosa@example.org").executeTakeFirst();
    expect(row?.display_name).toBe("Rosa Parks");
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    const home = await client.follow(response);
    expect(await pageText(home)).toContain("Welcome, Rosa Parks");
  });

  it("sets an http-only, SameSite=Lax session cookie that is not Secure on plain http", async () => {
    const client = new HttpClient(server.origin);
    const response = await client.post("/signup", {
      displayName: "Cookie Check",
      email: "cookie@example.org",
      password: "a long enough sentence",
    });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("pst_session="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it("refuses a short or common password and stores nothing", async () => {
    const client = new HttpClient(server.origin);
    const short = await client.post("/signup", { displayName: "Short", email: "short@example.org", password: "tooshort" });
    expect(short.status).toBe(400);
    expect(await pageText(short)).toContain("at least 12 characters");
    const common = await client.post("/signup", { displayName: "Common", email: "common@example.org", password: "password1234" });
    expect(common.status).toBe(400);
    expect(await pageText(common)).toContain("too common");
    const rows = await getDb().selectFrom("users").select("id").where("email", "in", ["short@example.org", "common@example.org"]).execute();
    expect(rows).toHaveLength(0);
  });

  it("refuses an email that already has an account, whatever its case", async () => {
    await createTestUser({ email: "taken@example.org" });
    const client = new HttpClient(server.origin);
    const response = await client.post("/signup", { displayName: "Again", email: "TAKEN@example.org", password: TEST_PASSWORD });
    expect(response.status).toBe(409);
    expect(await pageText(response)).toContain("already exists");
  });
});

describe("sign in and out", () => {
  it("gives the same message for an unknown email and a wrong password", async () => {
    const person = await createTestUser();
    const client = new HttpClient(server.origin);
    const wrongPassword = await client.post("/signin", { email: person.email, password: "not the password at all" });
    const unknownEmail = await client.post("/signin", { email: "nobody@example.org", password: "not the password at all" });
    expect(wrongPassword.status).toBe(400);
    expect(unknownEmail.status).toBe(400);
    const message = "That email and password do not match an account.";
    expect(await pageText(wrongPassword)).toContain(message);
    expect(await pageText(unknownEmail)).toContain(message);
  });

  it("issues a new session id on every sign-in and ends the old session", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const first = client.cookie("pst_session")!;
    const again = await client.post("/signin", { email: person.email, password: person.password });
    // Already signed in: the page sends them on, so sign in from a fresh form post.
    expect([200, 302]).toContain(again.status);
    const second = await signedInClient(server.origin, person);
    expect(second.cookie("pst_session")).not.toBe(first);
  });

  it("signs out: the session row is deleted and the cookie no longer works", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const sessionId = client.cookie("pst_session")!;
    const response = await client.post("/signout", {});
    expect(response.status).toBe(302);
    const row = await getDb().selectFrom("sessions").select("id").where("id", "=", sessionId).executeTakeFirst();
    expect(row).toBeUndefined();
    const reuse = new HttpClient(server.origin, { cookie: `pst_session=${sessionId}` });
    const account = await reuse.get("/account");
    expect(account.status).toBe(302);
    expect(account.headers.get("location")).toContain("/signin");
  });

  it("an expired session is refused and its cookie cleared", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const sessionId = client.cookie("pst_session")!;
    await getDb()
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("id", "=", sessionId)
      .execute();
    const response = await client.get("/account");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/signin?redirectTo=%2Faccount");
    expect(response.headers.getSetCookie().some((c) => c.startsWith("pst_session=;") || /pst_session=; /.test(c) || /Max-Age=0/.test(c))).toBe(true);
  });

  it("a session close to expiry is extended and the cookie renewed", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const sessionId = client.cookie("pst_session")!;
    const soon = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    await getDb().updateTable("sessions").set({ expires_at: soon }).where("id", "=", sessionId).execute();
    const response = await client.get("/account");
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().some((c) => c.startsWith(`pst_session=${sessionId}`))).toBe(true);
    const row = await getDb().selectFrom("sessions").select("expires_at").where("id", "=", sessionId).executeTakeFirstOrThrow();
    expect(row.expires_at > soon).toBe(true);
  });

  it("only sends people back to paths on this site after sign-in", async () => {
    const person = await createTestUser();
    const client = new HttpClient(server.origin);
    const response = await client.post("/signin", { email: person.email, password: person.password, redirectTo: "//evil.example/steal" });
    expect(response.headers.get("location")).toBe("/");
  });
});
