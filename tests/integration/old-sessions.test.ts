import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storedSessionId } from "~/auth/session-adapter.server";
import { validateSession } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { createTestUser } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { sessionIdsOf } from "../support/row-counts";
import { mailCountTo, tokenFromMail } from "../support/server-log";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * "The old session ends", shown by using the old session: each test keeps a
 * cookie from before the event and sends it afterwards, as someone who had
 * copied it would (issue 21, gap 4).
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

/** A browser holding nothing but this session cookie. */
const withCookie = (sessionId: string) => new HttpClient(server.origin, { cookie: `pst_session=${sessionId}` });

async function expectRefused(sessionId: string) {
  const response = await withCookie(sessionId).get("/account");
  expect(response.status, "the old cookie is sent to sign in").toBe(302);
  expect(response.headers.get("location")).toBe("/signin?redirectTo=%2Faccount");
}

async function expectAccepted(sessionId: string) {
  expect((await withCookie(sessionId).get("/account")).status).toBe(200);
}

describe("an old session's cookie is refused", () => {
  it("after signing in again in the same browser", async () => {
    const person = await createTestUser();
    const browser = await signedInClient(server.origin, person);
    const before = browser.cookie("pst_session")!;
    expect((await browser.post("/signin", { email: person.email, password: person.password })).status).toBe(302);
    expect(browser.cookie("pst_session")).not.toBe(before);
    await expectRefused(before);
    await expectAccepted(browser.cookie("pst_session")!);
  });

  it("after signing out", async () => {
    const person = await createTestUser();
    const browser = await signedInClient(server.origin, person);
    const before = browser.cookie("pst_session")!;
    expect((await browser.post("/signout", {})).status).toBe(302);
    expect(browser.cookie("pst_session")).toBeUndefined();
    await expectRefused(before);
  });

  it("after a password change: every other device's session ends, the one that changed it stays", async () => {
    const person = await createTestUser();
    const laptop = await signedInClient(server.origin, person);
    const phone = await signedInClient(server.origin, person);
    const phoneSession = phone.cookie("pst_session")!;
    const changed = await laptop.post("/account/password", { currentPassword: person.password, newPassword: "a fresh and sturdy phrase" });
    expect(changed.status).toBe(200);
    await expectRefused(phoneSession);
    await expectAccepted(laptop.cookie("pst_session")!);
    expect(await sessionIdsOf(person.id)).toEqual([storedSessionId(laptop.cookie("pst_session")!)]);
  });

  it("after a password reset: every session of the account ends", async () => {
    const person = await createTestUser();
    const laptop = await signedInClient(server.origin, person);
    const phone = await signedInClient(server.origin, person);
    const skip = mailCountTo(server, person.email);
    expect((await new HttpClient(server.origin).post("/forgot-password", { email: person.email })).status).toBe(200);
    const token = await tokenFromMail(server, person.email, "reset-password", { skip });
    expect((await new HttpClient(server.origin).post(`/reset-password/${token}`, { password: "a brand new morning routine" })).status).toBe(302);
    await expectRefused(laptop.cookie("pst_session")!);
    await expectRefused(phone.cookie("pst_session")!);
  });

  it("after a new email address is confirmed: sessions other than the one that asked end", async () => {
    const person = await createTestUser();
    const laptop = await signedInClient(server.origin, person);
    const phone = await signedInClient(server.origin, person);
    const newEmail = `moved-${Date.now()}@example.org`;
    expect((await laptop.post("/account/email", { email: newEmail, currentPassword: person.password })).status).toBe(200);
    // Asking changes nothing yet.
    await expectAccepted(phone.cookie("pst_session")!);
    const token = await tokenFromMail(server, newEmail, "confirm-email");
    expect((await new HttpClient(server.origin).post(`/confirm-email/${token}`, {})).status).toBe(200);
    await expectRefused(phone.cookie("pst_session")!);
    await expectAccepted(laptop.cookie("pst_session")!);
  });
});

describe("inactivity, with a clock the test controls", () => {
  const DAY = 86_400_000;

  it("a session left alone for 14 days ends, and its row is deleted", async () => {
    const person = await createTestUser();
    const browser = await signedInClient(server.origin, person);
    const sessionId = browser.cookie("pst_session")!;
    const signedInAt = Date.now();
    const later = (days: number) => new Date(signedInAt + days * DAY);

    const stillFresh = await validateSession(sessionId, later(6.9));
    expect(stillFresh?.user.id).toBe(person.id);
    expect(stillFresh?.session.fresh, "in its first week a session is not extended").toBe(false);

    expect(await validateSession(sessionId, new Date(later(14).getTime() + 60_000))).toBeNull();
    expect(await getDb().selectFrom("sessions").select("id").where("id", "=", storedSessionId(sessionId)).execute()).toEqual([]);
    await expectRefused(sessionId);
  });

  it("a session used in its second week is extended, so it ends 14 days after its last use", async () => {
    const person = await createTestUser();
    const browser = await signedInClient(server.origin, person);
    const sessionId = browser.cookie("pst_session")!;
    const signedInAt = Date.now();
    const later = (days: number) => new Date(signedInAt + days * DAY);

    const used = await validateSession(sessionId, later(10));
    expect(used?.session.fresh, "the cookie is sent again with the new expiry").toBe(true);
    expect(used?.session.expiresAt.getTime()).toBe(later(24).getTime());
    // Past the first 14 days, but within 14 days of the last use: still signed in (and extended again).
    const usedAgain = await validateSession(sessionId, later(20));
    expect(usedAgain?.user.id).toBe(person.id);
    expect(usedAgain?.session.expiresAt.getTime()).toBe(later(34).getTime());
    // Then left alone: it ends 14 days after that use.
    expect(await validateSession(sessionId, new Date(later(34).getTime() + 1000))).toBeNull();
    await expectRefused(sessionId);
  });
});
