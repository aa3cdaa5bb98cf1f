import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lucia, SESSION_COOKIE_NAME } from "~/auth/lucia.server";
import { createTestOrganization, createTestUser } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText, visibleText } from "../support/page-text";
import { sendRaw, type RawRequest, type RawResponse } from "../support/raw-http";
import { rowCounts } from "../support/row-counts";
import { mailCountTo, tokenFromMail } from "../support/server-log";
import { signedInClient } from "../support/sign-in";
import { freePort, startTestServer, type TestServer } from "../support/test-server";

/*
 * Issue 12, findings 1, 4 and 7: links come from APP_URL and nowhere else,
 * production refuses a request for another host, redirect targets stay on
 * the site, and malformed input (cookies, targets, request lines) is never a 500.
 */

/** The production server as tests usually start it: APP_URL is http://127.0.0.1:<port>. */
let server: TestServer;
/** Production, with APP_URL naming the machine as "localhost" (so 127.0.0.1 is another host to it). */
let named: TestServer;
/** NODE_ENV=test behind a trusted proxy: Host is not checked outside production, yet links still use APP_URL. */
let lenient: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  const namedPort = String(await freePort());
  named = await startTestServer({ PORT: namedPort, APP_URL: `http://localhost:${namedPort}` });
  const lenientPort = String(await freePort());
  lenient = await startTestServer({ PORT: lenientPort, APP_URL: `http://localhost:${lenientPort}`, NODE_ENV: "test", TRUST_PROXY: "1" });
});
afterAll(async () => {
  await Promise.all([server?.stop(), named?.stop(), lenient?.stop()]);
});

const hostOf = (target: TestServer) => new URL(target.origin).host;

const FORM_TYPE: [string, string] = ["Content-Type", "application/x-www-form-urlencoded"];
const formBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** A form POST sent byte for byte: Host and Origin as given, not as a browser would set them. */
function postRaw(target: TestServer, path: string, fields: Record<string, string>, headers: [string, string][]): Promise<RawResponse | undefined> {
  return sendRaw(target.origin, { method: "POST", target: path, body: formBody(fields), headers: [...headers, FORM_TYPE] });
}

async function sessionCookieFor(userId: string): Promise<string> {
  const session = await lucia.createSession(userId, {});
  return `${SESSION_COOKIE_NAME}=${session.id}`;
}

/** Why the server would not start with this environment ("started" if it did; it is stopped again). */
async function startRefusal(env: Record<string, string>): Promise<string> {
  return startTestServer(env).then(
    async (started) => {
      await started.stop();
      return "started";
    },
    (error: Error) => error.message,
  );
}

describe("production needs APP_URL", () => {
  it("refuses to start without it, and says what to set", async () => {
    expect(await startRefusal({ APP_URL: "" })).toMatch(/APP_URL: required in production.*like https:\/\/train\.example\.org/);
  });

  it("refuses to start with an address that is more than an origin", async () => {
    expect(await startRefusal({ APP_URL: "https://train.example.org/app" })).toMatch(/APP_URL: only the origin/);
  });
});

describe("reset-link poisoning (finding 1)", () => {
  it("a reset request with a forged Host is refused with 400 in production: no token, no mail", async () => {
    const person = await createTestUser();
    const before = await rowCounts();
    const forged = await postRaw(server, "/forgot-password", { email: person.email }, [
      ["Host", "evil.example"],
      ["Origin", "http://evil.example"],
    ]);
    expect(forged?.status).toBe(400);
    const text = visibleText(forged!.body);
    expect(text).toContain("This address is not the address of this site");
    expect(text).toContain(`This site is at ${server.appUrl}.`);
    expect(forged!.body).toContain(`href="${server.appUrl}/"`);
    expect(await rowCounts()).toEqual(before);

    // The same request for this site's host goes through; once its mail is here, any mail from the forged one would be too.
    const honest = await postRaw(server, "/forgot-password", { email: person.email }, [
      ["Host", hostOf(server)],
      ["Origin", server.appUrl],
    ]);
    expect(honest?.status).toBe(200);
    await tokenFromMail(server, person.email, "reset-password");
    const mail = server.mail().filter((message) => message.to === person.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toMatch(new RegExp(`${server.appUrl}/reset-password/[a-z2-7]{32}`));
    expect(mail[0]!.text).not.toContain("evil.example");
  });

  it("outside production Host is not checked, but the link is still built from APP_URL, whatever Host or X-Forwarded-Host say", async () => {
    const person = await createTestUser();
    const response = await postRaw(lenient, "/forgot-password", { email: person.email }, [
      ["Host", "evil.example"],
      ["X-Forwarded-Host", "evil.example"],
      ["X-Forwarded-Proto", "https"],
      ["Origin", lenient.appUrl],
    ]);
    expect(response?.status).toBe(200);
    await tokenFromMail(lenient, person.email, "reset-password");
    const [mail] = lenient.mail().filter((message) => message.to === person.email);
    expect(mail!.text).toMatch(new RegExp(`${lenient.appUrl}/reset-password/[a-z2-7]{32}`));
    expect(mail!.text).not.toContain("evil.example");
  });

  it("invitation links and completion-record addresses come from APP_URL too", async () => {
    const { organization, admin } = await createTestOrganization("Origin Test Collective");
    const cookie = await sessionCookieFor(admin.id);
    const invitee = `invitee-${Date.now()}@example.org`;
    const skip = mailCountTo(lenient, invitee);
    const invited = await postRaw(lenient, `/o/${organization.slug}/admin/invitations`, { intent: "invite", email: invitee, role: "trainee" }, [
      ["Host", "evil.example"],
      ["X-Forwarded-Host", "evil.example"],
      ["Origin", lenient.appUrl],
      ["Cookie", cookie],
    ]);
    expect(invited?.status).toBe(200);
    await tokenFromMail(lenient, invitee, "invite", { skip });
    const [mail] = lenient.mail().filter((message) => message.to === invitee);
    expect(mail!.text).toMatch(new RegExp(`${lenient.appUrl}/invite/[a-z2-7]{32}`));
    expect(mail!.text).not.toContain("evil.example");
    // The link shown on the page is the same one.
    expect(invited!.body).toMatch(new RegExp(`value="${lenient.appUrl}/invite/[a-z2-7]{32}"`));
    expect(invited!.body).not.toContain("evil.example");

    // The issuer profile every credential points at.
    const issuer = await sendRaw(lenient.origin, { target: `/issuers/${organization.id}`, headers: [["Host", "evil.example"], ["X-Forwarded-Host", "evil.example"]] });
    expect(issuer?.status).toBe(200);
    const profile = JSON.parse(issuer!.body) as { id: string };
    expect(profile.id).toBe(`${lenient.appUrl}/issuers/${organization.id}`);
    expect(issuer!.body).not.toContain("evil.example");
  });

  it("the same-origin check on forms compares with APP_URL, not with the Host the request names", async () => {
    const person = await createTestUser();
    const before = await rowCounts();
    // A request naming evil.example as its host and its origin is still cross-site to this site.
    const response = await postRaw(lenient, "/signin", { email: person.email, password: person.password }, [
      ["Host", "evil.example"],
      ["Origin", "http://evil.example"],
    ]);
    expect(response?.status).toBe(403);
    expect(visibleText(response!.body)).toContain("This form came from another website");
    expect(await rowCounts()).toEqual(before);
  });
});

describe("production refuses a request for another host", () => {
  it.each([
    ["another site", () => "evil.example"],
    ["this host with a suffix", () => `${hostOf(server)}.evil.example`],
    ["this host on a longer port", () => `${hostOf(server)}0`],
    ["this machine by another name", () => hostOf(server).replace("127.0.0.1", "localhost")],
    ["this host with a path glued on", () => `${hostOf(server)}/signin`],
    ["this host with user info", () => `evil@${hostOf(server)}`],
  ])("%s (%s) gets 400 and a plain page, for pages, forms and files alike", async (_label, host) => {
    const requests: RawRequest[] = [
      { target: "/signin", headers: [] },
      { target: "/app.css", headers: [] },
      { method: "POST", target: "/signup", body: formBody({ displayName: "Mallory", email: "mallory@example.org", password: "a long enough sentence" }), headers: [FORM_TYPE] },
    ];
    const before = await rowCounts();
    for (const request of requests) {
      const response = await sendRaw(server.origin, { ...request, headers: [["Host", host()], ["Origin", server.appUrl], ...request.headers] });
      expect(response?.status, request.target).toBe(400);
      expect(visibleText(response!.body)).toContain("This address is not the address of this site");
      expect(response!.headers.get("content-security-policy")?.[0]).toContain("frame-ancestors 'none'");
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("a request without a Host is refused too", async () => {
    const response = await sendRaw(server.origin, { target: "/signin", headers: [] });
    expect(response?.status).toBe(400);
  });

  it("the host of APP_URL is served in any letter case; the machine's address is another host", async () => {
    const port = new URL(named.origin).port;
    for (const host of [`localhost:${port}`, `LOCALHOST:${port}`, `LocalHost:${port}`]) {
      const response = await sendRaw(named.origin, { target: "/signin", headers: [["Host", host]] });
      expect(response?.status, host).toBe(200);
    }
    const byAddress = await sendRaw(named.origin, { target: "/signin", headers: [["Host", `127.0.0.1:${port}`]] });
    expect(byAddress?.status).toBe(400);
    expect(visibleText(byAddress!.body)).toContain(`This site is at http://localhost:${port}.`);
  });

  it("a form sent to this site's host in capitals, or with a made-up X-Forwarded-Host, is answered (Remix's own host check gave 500)", async () => {
    const person = await createTestUser();
    const port = new URL(named.origin).port;
    for (const headers of [
      [["Host", `LOCALHOST:${port}`]],
      [["Host", `localhost:${port}`], ["X-Forwarded-Host", "evil.example"]],
      [["Host", `localhost:${port}`], ["X-Forwarded-Host", ""]],
    ] as [string, string][][]) {
      const response = await postRaw(named, "/signin", { email: person.email, password: person.password }, [...headers, ["Origin", named.appUrl]]);
      expect(response?.status, JSON.stringify(headers)).toBe(302);
    }
  });

  it("the reset link of a request for the right host names APP_URL's host, not the address it was sent to", async () => {
    const person = await createTestUser();
    const port = new URL(named.origin).port;
    const response = await postRaw(named, "/forgot-password", { email: person.email }, [
      ["Host", `localhost:${port}`],
      ["Origin", named.appUrl],
    ]);
    expect(response?.status).toBe(200);
    await tokenFromMail(named, person.email, "reset-password");
    const [mail] = named.mail().filter((message) => message.to === person.email);
    expect(mail!.text).toMatch(new RegExp(`http://localhost:${port}/reset-password/[a-z2-7]{32}`));
  });

  it("/healthz answers whatever the Host (load balancers name the server by its address)", async () => {
    const response = await sendRaw(server.origin, { target: "/healthz", headers: [["Host", "10.0.0.7:3000"]] });
    expect(response?.status).toBe(200);
    expect(response!.body).toBe("ok");
  });
});

describe("request targets that are not a path of this site", () => {
  it.each([
    ["an absolute-form target naming another host", "GET", "http://evil.example/signin"],
    ["an absolute-form target naming this host", "GET", "__SELF__/signin"],
    ["an asterisk", "OPTIONS", "*"],
  ])("%s gets a 4xx, never a 500", async (_label, method, target) => {
    const response = await sendRaw(server.origin, { method, target: target.replace("__SELF__", server.origin), headers: [["Host", hostOf(server)]] });
    expect(response?.status).toBeGreaterThanOrEqual(400);
    expect(response?.status).toBeLessThan(500);
  });

  it("a path that starts with // stays on this site", async () => {
    const response = await sendRaw(server.origin, { target: "//evil.example/signin", headers: [["Host", hostOf(server)]] });
    expect(response?.status).toBe(404);
    expect(response!.headers.get("location")).toBeUndefined();
  });
});

describe("open redirect after sign-in (finding 4)", () => {
  const attacks = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "//evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "/.//evil.example",
    "/a/..//evil.example",
    "/%2e%2e//evil.example",
    "https://evil.example",
    "HTTPS://evil.example",
    "javascript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "\u3000//evil.example",
  ];

  it.each(attacks)("a signed-in visit to /signin?redirectTo=%j goes home", async (target) => {
    const client = await signedInClientOnce();
    const response = await client.get(`/signin?${new URLSearchParams({ redirectTo: target })}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
  });

  it.each([
    ["/o/some-org/learn?section=2", "/o/some-org/learn?section=2"],
    ["/\u3000", "/%E3%80%80"],
    ["/\u3000/evil.example", "/%E3%80%80/evil.example"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("redirectTo=%j is a path of this site: it is kept, written in ASCII (U+3000 gave 500)", async (target, expected) => {
    const client = await signedInClientOnce();
    const response = await client.get(`/signin?${new URLSearchParams({ redirectTo: target })}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(expected);
  });

  it("signing in or signing up with a hostile redirectTo lands on the start page, signed in", async () => {
    const person = await createTestUser();
    const signIn = await new HttpClient(server.origin).post("/signin", { email: person.email, password: person.password, redirectTo: "/\t/evil.example" });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toBe("/");

    // Sign-up finishes through the link mailed to the address (decision 019): the target it carries is checked there too.
    const newcomer = new HttpClient(server.origin);
    const email = `redirect-${Date.now()}@example.org`;
    const signUp = await newcomer.post("/signup", { displayName: "Redirect Tester", email, password: "a long enough sentence", redirectTo: "/.//evil.example" });
    expect(signUp.status).toBe(200);
    const token = await tokenFromMail(server, email, "confirm-signup");
    const confirmed = await newcomer.post(`/confirm-signup/${token}`, {});
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("location")).toBe("/");
    expect((await newcomer.get("/account")).status).toBe(200);

    // A harmless target survives the round trip through the mail.
    const keeper = new HttpClient(server.origin);
    const keeperEmail = `redirect-kept-${Date.now()}@example.org`;
    await keeper.post("/signup", { displayName: "Kept Target", email: keeperEmail, password: "a long enough sentence", redirectTo: "/account" });
    const kept = await keeper.post(`/confirm-signup/${await tokenFromMail(server, keeperEmail, "confirm-signup")}`, {});
    expect(kept.headers.get("location")).toBe("/account");

    const withUnicode = await new HttpClient(server.origin).post("/signin", { email: person.email, password: person.password, redirectTo: "/\u3000" });
    expect(withUnicode.status).toBe(302);
    expect(withUnicode.headers.get("location")).toBe("/%E3%80%80");
  });
});

let sharedClient: HttpClient | undefined;
/** One signed-in person for the redirect cases (signing in once keeps them clear of the sign-in limit). */
async function signedInClientOnce(): Promise<HttpClient> {
  sharedClient ??= await signedInClient(server.origin, await createTestUser());
  return sharedClient;
}

describe("malformed cookies (finding 7)", () => {
  it.each(["other=%ff", "%ff=%ff", "a=%E0%A4%A; b=%", `${SESSION_COOKIE_NAME}=%ff`, `${SESSION_COOKIE_NAME}=%`, "=; ;=%ff;;"])(
    "with Cookie: %s every kind of page answers as to someone signed out",
    async (cookie) => {
      const client = new HttpClient(server.origin, { cookie });
      const home = await client.get("/");
      expect(home.status).toBe(200);
      expect(await pageText(home)).toContain("Sign in");
      expect((await client.get("/signin")).status).toBe(200);
      expect((await client.get("/verify")).status).toBe(200);
      expect((await client.get("/no/such/page")).status).toBe(404);
      const account = await client.get("/account");
      expect(account.status).toBe(302);
      expect(account.headers.get("location")).toBe("/signin?redirectTo=%2Faccount");
    },
  );

  it("a malformed session cookie is cleared", async () => {
    const response = await new HttpClient(server.origin, { cookie: `${SESSION_COOKIE_NAME}=%ff` }).get("/");
    const cleared = response.headers.getSetCookie().find((value) => value.startsWith(`${SESSION_COOKIE_NAME}=`));
    expect(cleared).toMatch(new RegExp(`^${SESSION_COOKIE_NAME}=;.*Max-Age=0`, "i"));
  });

  it("someone signed in stays signed in when another cookie beside theirs is malformed", async () => {
    const person = await createTestUser();
    const signedIn = await signedInClient(server.origin, person);
    const cookie = `other=%ff; ${signedIn.cookieHeader}; last=%E0%A4%A`;
    const account = await new HttpClient(server.origin, { cookie }).get("/account");
    expect(account.status).toBe(200);
    expect(await pageText(account)).toContain(person.displayName);
  });

  it("a sign-in sent with a malformed cookie signs in", async () => {
    const person = await createTestUser();
    const client = new HttpClient(server.origin);
    const response = await client.post("/signin", { email: person.email, password: person.password }, { headers: { cookie: "other=%ff" } });
    expect(response.status).toBe(302);
    expect(client.cookie(SESSION_COOKIE_NAME)).toBeTruthy();
  });
});
