import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storedSessionId } from "~/auth/session-adapter.server";
import { hashToken } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import { createTestUser } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { rowCounts } from "../support/row-counts";
import { mailCountTo, tokenFromMail } from "../support/server-log";
import { signedInClient, signUpThroughMail } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe("sign up", () => {
  it("makes no account until the link mailed to the address is opened; then makes it with an argon2id hash and signs the person in", async () => {
    const client = new HttpClient(server.origin);
    const response = await client.post("/signup", {
      displayName: "Rosa Parks",
      email: "Rosa@Example.org ",
      password: "my own quiet morning walk",
    });
    expect(response.status).toBe(200);
    const text = await pageText(response);
    expect(text).toContain("Check your email");
    expect(text).toContain("We wrote to rosa@example.org with what to do next.");
    // There is no mail server: the page says where the message went instead of claiming it was sent.
    expect(text).toContain("This site cannot send email yet. The message was written to the server's log instead.");
    expect(client.cookie("pst_session")).toBeUndefined();
    expect(await getDb().selectFrom("users").select("id").where("email", "=", "rosa@example.org").executeTakeFirst()).toBeUndefined();

    const token = await tokenFromMail(server, "rosa@example.org", "confirm-signup");
    const waiting = await getDb().selectFrom("sign_up_requests").selectAll().where("email", "=", "rosa@example.org").execute();
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(waiting)).not.toContain(token);
    expect(JSON.stringify(waiting)).not.toContain("my own quiet morning walk");

    // Opening the link only asks; the button makes the account.
    const page = await client.get(`/confirm-signup/${token}`);
    expect(await pageText(page)).toContain("Your account for rosa@example.org is ready to be made");
    expect(await getDb().selectFrom("users").select("id").where("email", "=", "rosa@example.org").executeTakeFirst()).toBeUndefined();
    const confirmed = await client.post(`/confirm-signup/${token}`, {});
    expect(confirmed.status).toBe(302);
    const row = await getDb().selectFrom("users").selectAll().where("email", "=", "rosa@example.org").executeTakeFirst();
    expect(row?.display_name).toBe("Rosa Parks");
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    expect(await pageText(await client.follow(confirmed))).toContain("Welcome, Rosa Parks");
    expect(await getDb().selectFrom("sign_up_requests").select("id").where("email", "=", "rosa@example.org").execute()).toEqual([]);

    // The link works once.
    const again = await new HttpClient(server.origin).post(`/confirm-signup/${token}`, {});
    expect(again.status).toBe(410);
    expect(await pageText(again)).toContain("This link is not valid any more.");
  });

  it("sets an http-only, SameSite=Lax session cookie that is not Secure on plain http", async () => {
    const client = new HttpClient(server.origin);
    const response = await signUpThroughMail(server, client, {
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
    const before = await rowCounts();
    const short = await client.post("/signup", { displayName: "Short", email: "short@example.org", password: "tooshort" });
    expect(short.status).toBe(400);
    expect(await pageText(short)).toContain("at least 12 characters");
    const common = await client.post("/signup", { displayName: "Common", email: "common@example.org", password: "password1234" });
    expect(common.status).toBe(400);
    expect(await pageText(common)).toContain("too common");
    expect(await rowCounts()).toEqual(before);
  });

  it("an address that already has an account gets exactly the answer a new one gets, and its owner a notice instead of a link", async () => {
    const owner = await createTestUser({ email: "taken@example.org" });
    const send = (email: string) =>
      new HttpClient(server.origin).post("/signup", { displayName: "Again", email, password: "another long sentence" });
    const known = await send("TAKEN@example.org");
    const fresh = await send("untaken@example.org");
    expect(known.status).toBe(fresh.status);
    expect(known.status).toBe(200);
    expect(known.headers.getSetCookie()).toEqual(fresh.headers.getSetCookie());
    const knownText = await pageText(known);
    expect(knownText).toContain("We wrote to taken@example.org");
    expect(knownText.replaceAll("taken@example.org", "ADDRESS")).toBe((await pageText(fresh)).replaceAll("untaken@example.org", "ADDRESS"));

    // The owner is told someone tried, and given no link that would make a second account.
    await tokenFromMail(server, "untaken@example.org", "confirm-signup");
    const notice = server.mail().filter((mail) => mail.to === "taken@example.org");
    expect(notice).toHaveLength(1);
    expect(notice[0]!.subject).toBe("You already have an account");
    expect(notice[0]!.text).toContain(`${server.origin}/signin`);
    expect(notice[0]!.text).not.toContain("/confirm-signup/");
    expect(await getDb().selectFrom("sign_up_requests").select("id").where("email", "=", "taken@example.org").execute()).toEqual([]);
    const accounts = await getDb().selectFrom("users").select(["id", "display_name"]).where("email", "=", "taken@example.org").execute();
    expect(accounts).toEqual([{ id: owner.id, display_name: owner.displayName }]);
  });

  it("a link older than 24 hours no longer makes the account", async () => {
    const client = new HttpClient(server.origin);
    const skip = mailCountTo(server, "late@example.org");
    expect((await client.post("/signup", { displayName: "Late", email: "late@example.org", password: "a long enough sentence" })).status).toBe(200);
    const token = await tokenFromMail(server, "late@example.org", "confirm-signup", { skip });
    const row = await getDb().selectFrom("sign_up_requests").select("expires_at").where("token_hash", "=", hashToken(token)).executeTakeFirstOrThrow();
    expect(new Date(row.expires_at).getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    await getDb().updateTable("sign_up_requests").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    expect(await pageText(await client.get(`/confirm-signup/${token}`))).toContain("This link is not valid any more.");
    expect((await client.post(`/confirm-signup/${token}`, {})).status).toBe(410);
    expect(await getDb().selectFrom("users").select("id").where("email", "=", "late@example.org").executeTakeFirst()).toBeUndefined();
  });

  it("a second sign-up for the same address replaces the first link", async () => {
    const client = new HttpClient(server.origin);
    const fields = { displayName: "Twice", email: "twice@example.org", password: "a long enough sentence" };
    expect((await client.post("/signup", fields)).status).toBe(200);
    const first = await tokenFromMail(server, fields.email, "confirm-signup");
    expect((await client.post("/signup", { ...fields, displayName: "Twice Again" })).status).toBe(200);
    const second = await tokenFromMail(server, fields.email, "confirm-signup", { skip: 1 });
    expect((await client.post(`/confirm-signup/${first}`, {})).status).toBe(410);
    expect((await client.post(`/confirm-signup/${second}`, {})).status).toBe(302);
    const row = await getDb().selectFrom("users").select("display_name").where("email", "=", fields.email).executeTakeFirstOrThrow();
    expect(row.display_name).toBe("Twice Again");
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

  it("issues a new session id on every sign-in and ends the old session: its cookie is refused", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const first = client.cookie("pst_session")!;
    // Signing in again in the same browser (the form still works while signed in).
    const again = await client.post("/signin", { email: person.email, password: person.password });
    expect(again.status).toBe(302);
    const second = client.cookie("pst_session")!;
    expect(second).not.toBe(first);
    const oldCookie = await new HttpClient(server.origin, { cookie: `pst_session=${first}` }).get("/account");
    expect(oldCookie.status).toBe(302);
    expect(oldCookie.headers.get("location")).toBe("/signin?redirectTo=%2Faccount");
    expect((await client.get("/account")).status).toBe(200);
  });

  it("signs out: the session row is deleted and the cookie no longer works", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const sessionId = client.cookie("pst_session")!;
    const response = await client.post("/signout", {});
    expect(response.status).toBe(302);
    const row = await getDb().selectFrom("sessions").select("id").where("id", "=", storedSessionId(sessionId)).executeTakeFirst();
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
      .where("id", "=", storedSessionId(sessionId))
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
    await getDb().updateTable("sessions").set({ expires_at: soon }).where("id", "=", storedSessionId(sessionId)).execute();
    const response = await client.get("/account");
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().some((c) => c.startsWith(`pst_session=${sessionId}`))).toBe(true);
    const row = await getDb().selectFrom("sessions").select("expires_at").where("id", "=", storedSessionId(sessionId)).executeTakeFirstOrThrow();
    expect(row.expires_at > soon).toBe(true);
  });

  it("only sends people back to paths on this site after sign-in", async () => {
    const person = await createTestUser();
    const client = new HttpClient(server.origin);
    const response = await client.post("/signin", { email: person.email, password: person.password, redirectTo: "//evil.example/steal" });
    expect(response.headers.get("location")).toBe("/");
  });
});
