import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createTestOrganization, createTestUser } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { rowCounts, sessionIdsOf } from "../support/row-counts";
import { mailCountTo, requestLogLines, tokenFromMail, waitForLogLine } from "../support/server-log";
import { signedInClient, signUpThroughMail } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

/** The directives of a Content-Security-Policy header, by name. */
function parseCsp(header: string | null): Map<string, string[]> {
  expect(header, "Content-Security-Policy header").toBeTruthy();
  const directives = new Map<string, string[]>();
  for (const part of header!.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

/** Checks the headers every HTML page must carry; returns the CSP nonce. */
async function expectProtectedHtml(response: Response, label: string): Promise<string> {
  expect(response.headers.get("content-type"), label).toMatch(/^text\/html/);
  const csp = parseCsp(response.headers.get("content-security-policy"));
  const scriptSrc = csp.get("script-src") ?? csp.get("default-src") ?? [];
  const nonces = scriptSrc.filter((value) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(value));
  expect(nonces, `${label}: script-src has one nonce`).toHaveLength(1);
  expect(scriptSrc, label).not.toContain("'unsafe-eval'");
  expect(scriptSrc, label).not.toContain("'unsafe-inline'");
  expect(scriptSrc, label).not.toContain("*");
  expect(csp.get("frame-ancestors"), label).toEqual(["'none'"]);
  expect(csp.get("object-src"), label).toEqual(["'none'"]);
  expect(response.headers.get("referrer-policy"), label).toMatch(/^(same-origin|no-referrer|strict-origin)$/);
  expect(response.headers.get("x-content-type-options"), label).toBe("nosniff");
  const nonce = nonces[0]!.slice("'nonce-".length, -1);

  // Every script on the page carries this response's nonce, so it runs; nothing else would.
  const html = await response.text();
  const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
  for (const tag of scripts) expect(tag, label).toContain(`nonce="${nonce}"`);
  return nonce;
}

describe("security headers", () => {
  it("every kind of HTML page has a nonce-based CSP, no framing, a referrer policy and nosniff", async () => {
    const anonymous = new HttpClient(server.origin);
    const person = await createTestUser();
    const signedIn = await signedInClient(server.origin, person);
    const { organization, admin } = await createTestOrganization();
    const adminClient = await signedInClient(server.origin, admin);

    const pages: [string, () => Promise<Response>, number][] = [
      ["home", () => anonymous.get("/"), 200],
      ["sign in", () => anonymous.get("/signin"), 200],
      ["sign up", () => anonymous.get("/signup"), 200],
      ["forgot password", () => anonymous.get("/forgot-password"), 200],
      ["reset link", () => anonymous.get("/reset-password/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), 200],
      ["unknown invitation", () => anonymous.get("/invite/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), 404],
      ["not found", () => anonymous.get("/no/such/page"), 404],
      ["account", () => signedIn.get("/account"), 200],
      ["admin page", () => adminClient.get(`/o/${organization.slug}/admin/invitations`), 200],
      ["form error", () => anonymous.post("/signup", {}), 400],
      ["cross-site refusal", () => anonymous.post("/signup", {}, { headers: { origin: "https://evil.example" } }), 403],
    ];
    const seen = new Set<string>();
    for (const [label, load, status] of pages) {
      const response = await load();
      expect(response.status, label).toBe(status);
      const nonce = await expectProtectedHtml(response, label);
      expect(seen.has(nonce), `${label}: a fresh nonce`).toBe(false);
      seen.add(nonce);
    }
  });

  it("the pages that run Remix scripts really carry nonced scripts", async () => {
    const response = await new HttpClient(server.origin).get("/signin");
    const nonce = parseCsp(response.headers.get("content-security-policy")).get("script-src")!.find((v) => v.startsWith("'nonce-"))!;
    const html = await response.text();
    expect(html).toContain(`nonce="${nonce.slice("'nonce-".length, -1)}"`);
  });

  it("the 413 page carries the same headers", async () => {
    const small = await startTestServer({ MAX_BODY_BYTES: "1024" });
    try {
      const response = await new HttpClient(small.origin).post("/signup", { displayName: "x".repeat(2000) });
      expect(response.status).toBe(413);
      await expectProtectedHtml(response, "413");
    } finally {
      await small.stop();
    }
  });

  it("behind an https proxy the session cookie is Secure and HSTS is sent; plain http gets neither", async () => {
    const proxied = await startTestServer({ TRUST_PROXY: "1" }, { scheme: "https" });
    try {
      const person = await createTestUser();
      const overHttps = new HttpClient(proxied.origin, { "x-forwarded-proto": "https" });
      // The browser's Origin is the public https one the proxy serves (APP_URL).
      const response = await overHttps.post(
        "/signin",
        { email: person.email, password: person.password },
        { headers: { origin: proxied.appUrl } },
      );
      expect(response.status).toBe(302);
      expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith("pst_session="));
      expect(cookie).toMatch(/;\s*Secure/i);

      const plain = await new HttpClient(proxied.origin).get("/signin");
      expect(plain.headers.get("strict-transport-security")).toBeNull();
    } finally {
      await proxied.stop();
    }
  });

  it("/healthz answers 200 ok", async () => {
    const response = await new HttpClient(server.origin).get("/healthz");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok");
  });
});

describe("forms from another site", () => {
  const signUp = { displayName: "Mallory", email: "mallory@example.org", password: "a long enough sentence" };

  it.each<[string, Record<string, string>]>([
    ["Origin: https://evil.example", { origin: "https://evil.example" }],
    ["Origin: null", { origin: "null" }],
    ["Origin of this host on another port", { origin: "http://127.0.0.1:1" }],
    ["Sec-Fetch-Site: cross-site (even beside this site's Origin)", { origin: "SELF", "sec-fetch-site": "cross-site" }],
    ["a Referer on another site and no Origin", { referer: "https://evil.example/form" }],
  ])("a sign-up with %s is refused with 403 and creates nobody", async (_label, headers) => {
    const client = new HttpClient(server.origin);
    const before = await rowCounts();
    const response = await client.request("/signup", {
      method: "POST",
      body: new URLSearchParams(signUp),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...headers,
        ...(headers.origin === "SELF" ? { origin: server.origin } : {}),
      },
    });
    expect(response.status).toBe(403);
    const text = await pageText(response);
    expect(text).toContain("This form came from another website");
    expect(text).toContain("Go back, reload the page and try again.");
    expect(client.cookie("pst_session")).toBeUndefined();
    expect(await rowCounts()).toEqual(before);
  });

  it("the same sign-up sent from this site goes through (the refusal above is about the origin)", async () => {
    const client = new HttpClient(server.origin);
    const response = await client.post("/signup", { ...signUp, email: "not-mallory@example.org" }, { headers: { "sec-fetch-site": "same-origin" } });
    expect(response.status).toBe(200);
    const row = await getDb().selectFrom("sign_up_requests").select("id").where("email", "=", "not-mallory@example.org").executeTakeFirst();
    expect(row).toBeDefined();
  });

  it("a cross-site sign-out or 'sign out everywhere else' with the victim's cookie changes nothing", async () => {
    const person = await createTestUser();
    const victim = await signedInClient(server.origin, person);
    await signedInClient(server.origin, person);
    const sessions = await sessionIdsOf(person.id);
    expect(sessions).toHaveLength(2);

    const everywhere = await victim.post("/account/sessions", {}, { headers: { origin: "https://evil.example" } });
    expect(everywhere.status).toBe(403);
    const signOut = await victim.post("/signout", {}, { headers: { origin: "https://evil.example" } });
    expect(signOut.status).toBe(403);
    expect(await sessionIdsOf(person.id)).toEqual(sessions);
    expect((await victim.get("/account")).status).toBe(200);
  });

  it("a cross-site email change is refused even with the right password", async () => {
    const person = await createTestUser();
    const victim = await signedInClient(server.origin, person);
    const response = await victim.post(
      "/account/email",
      { email: "attacker@example.org", currentPassword: person.password },
      { headers: { "sec-fetch-site": "cross-site" } },
    );
    expect(response.status).toBe(403);
    const row = await getDb().selectFrom("users").select("email").where("id", "=", person.id).executeTakeFirstOrThrow();
    expect(row.email).toBe(person.email);
  });
});

describe("the request log", () => {
  it("never holds a password, an invitation token or a reset token, and redacts link paths", async () => {
    const password = "Unique-Log-Canary-Password 71";
    const newPassword = "Second-Log-Canary-Password 72";
    const email = "log.canary@example.org";
    const inviteeEmail = "log.invitee@example.org";

    // Sign up, sign out, sign in again with the password.
    const person = new HttpClient(server.origin);
    const signUpSkip = mailCountTo(server, email);
    await signUpThroughMail(server, person, { displayName: "Log Canary", email, password });
    const signUpToken = await tokenFromMail(server, email, "confirm-signup", { skip: signUpSkip });
    expect((await person.post("/signout", {})).status).toBe(302);
    expect((await person.post("/signin", { email, password })).status).toBe(302);

    // Create an organization and an invitation; open the invitation link.
    const created = await person.post("/orgs/new", { name: "Canary Collective" });
    expect(created.status).toBe(302);
    const orgPath = created.headers.get("location")!;
    const inviteSkip = mailCountTo(server, inviteeEmail);
    const invited = await person.post(`${orgPath}/admin/invitations`, { intent: "invite", email: inviteeEmail, role: "trainee" });
    expect(invited.status).toBe(200);
    const invitationToken = await tokenFromMail(server, inviteeEmail, "invite", { skip: inviteSkip });
    const invitationPage = await new HttpClient(server.origin).get(`/invite/${invitationToken}?from=mail`);
    expect(invitationPage.status).toBe(200);
    expect(await pageText(invitationPage)).toContain("Join Canary Collective");

    // Ask for a password reset and use the link.
    const resetSkip = mailCountTo(server, email);
    expect((await new HttpClient(server.origin).post("/forgot-password", { email })).status).toBe(200);
    const resetToken = await tokenFromMail(server, email, "reset-password", { skip: resetSkip });
    expect((await new HttpClient(server.origin).get(`/reset-password/${resetToken}`)).status).toBe(200);
    const reset = await new HttpClient(server.origin).post(`/reset-password/${resetToken}`, { password: newPassword });
    expect(reset.status).toBe(302);
    expect((await new HttpClient(server.origin).post("/signin", { email, password: newPassword })).status).toBe(302);

    // Wait until the last requests are logged, then read every line but the mail.
    await waitForLogLine(server, (line) => line.includes('"path":"/reset-password/[redacted]"') && line.includes('"method":"POST"'));
    await waitForLogLine(server, (line) => line.includes('"path":"/signin"') && line.includes('"status":302'));
    const lines = requestLogLines(server);
    const raw = JSON.stringify(lines);
    for (const secret of [password, newPassword, invitationToken, resetToken, signUpToken]) {
      expect(raw).not.toContain(secret);
      expect(raw).not.toContain(encodeURIComponent(secret));
    }

    // The mail is the delivery, so the tokens are there (and the check above looked at the right log).
    const mailText = server.mail().map((mail) => mail.text).join("\n");
    expect(mailText).toContain(invitationToken);
    expect(mailText).toContain(resetToken);
    expect(mailText).toContain(signUpToken);

    const paths = lines.filter((line) => line.event === "http.request").map((line) => line.path);
    expect(paths).toContain("/invite/[redacted]");
    expect(paths).toContain("/reset-password/[redacted]");
    expect(paths).toContain("/signup");
    expect(paths).toContain("/confirm-signup/[redacted]");
    expect(paths.some((path) => path?.includes("from=mail"))).toBe(false);
    expect(paths.some((path) => /^\/(invite|reset-password|confirm-signup|confirm-email)\/(?!\[redacted\]$)/.test(path ?? ""))).toBe(false);
  });
});
