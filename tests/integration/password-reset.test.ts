import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVEN_ANSWER_MS } from "~/auth/even-timing.server";
import { hashToken } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import { createTestUser } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { rowCounts, sessionIdsOf } from "../support/row-counts";
import { mailCountTo, tokenFromMail } from "../support/server-log";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

// Behind a proxy (TRUST_PROXY=1), so that each request can come from an
// address of its own and only the limits a test is about come into play.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: "1" });
});

let addressCounter = 0;
/** A browser at an address no other request in this file uses. */
function visitor(): HttpClient {
  addressCounter += 1;
  return new HttpClient(server.origin, { "x-forwarded-for": `198.51.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}` });
}
afterAll(() => server.stop());

const NEW_PASSWORD = "a brand new morning routine";
const NOT_VALID = "This reset link is not valid any more.";

/** Asks for a reset link for this address and returns the token from the mail. */
async function requestLink(email: string): Promise<string> {
  const skip = mailCountTo(server, email);
  const response = await visitor().post("/forgot-password", { email });
  expect(response.status).toBe(200);
  return tokenFromMail(server, email, "reset-password", { skip });
}

async function canSignIn(email: string, password: string): Promise<boolean> {
  const response = await visitor().post("/signin", { email, password });
  expect([302, 400]).toContain(response.status);
  return response.status === 302;
}

describe("asking for a reset link", () => {
  it("answers the same for an existing and an unknown address, and only the existing one gets mail", async () => {
    const person = await createTestUser();
    const unknown = "nobody-here@example.org";
    const mailBefore = server.mail().length;

    const missing = await visitor().post("/forgot-password", { email: unknown });
    const existing = await visitor().post("/forgot-password", { email: person.email });
    expect(existing.status).toBe(200);
    expect(missing.status).toBe(200);
    const existingText = await pageText(existing);
    // No mail server: the page says the link does not reach the inbox, and whom to ask, never that it was sent.
    expect(existingText).toContain("If an account uses that address, a link to choose a new password was made.");
    expect(existingText).toContain("This site does not send email yet, so the link does not reach your inbox: ask your organization's admin for help.");
    expect(existingText).not.toMatch(/\b(we have|was|were) sent\b/);
    expect(await pageText(missing)).toBe(existingText);

    // Log lines arrive in order: once the existing address's mail is here, any
    // mail for the unknown one (asked for first) would be too.
    await tokenFromMail(server, person.email, "reset-password");
    const sent = server.mail().slice(mailBefore);
    expect(sent.map((mail) => mail.to)).toEqual([person.email]);
    expect(sent[0]!.subject).toBe("Reset your password");
    expect(sent[0]!.text).toMatch(new RegExp(`${server.origin}/reset-password/[a-z2-7]{32}`));
  });

  it("finds the account whatever case the address is typed in", async () => {
    const person = await createTestUser();
    await visitor().post("/forgot-password", { email: person.email.toUpperCase() });
    await expect(tokenFromMail(server, person.email, "reset-password")).resolves.toMatch(/^[a-z2-7]{32}$/);
  });

  it("stores only a hash of the token", async () => {
    const person = await createTestUser();
    const token = await requestLink(person.email);
    const rows = await getDb().selectFrom("password_resets").selectAll().where("user_id", "=", person.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("refuses an address that is not an email, sending nothing", async () => {
    const mailBefore = server.mail().length;
    const response = await visitor().post("/forgot-password", { email: "not an email" });
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("Enter an email address like name@example.org.");
    expect(server.mail()).toHaveLength(mailBefore);
  });
});

describe("using the link", () => {
  it("sets the new password, ends every session of the account and works only once", async () => {
    const person = await createTestUser();
    const laptop = await signedInClient(server.origin, person);
    const phone = await signedInClient(server.origin, person);
    const bystander = await createTestUser();
    const bystanderClient = await signedInClient(server.origin, bystander);
    expect(await sessionIdsOf(person.id)).toHaveLength(2);

    const token = await requestLink(person.email);
    const form = await visitor().get(`/reset-password/${token}`);
    expect(form.status).toBe(200);
    expect(await pageText(form)).toContain("Save new password");

    const resetter = visitor();
    const saved = await resetter.post(`/reset-password/${token}`, { password: NEW_PASSWORD });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/signin?reset=done");
    expect(await pageText(await resetter.follow(saved))).toContain("Your password has been changed.");

    // Every session of this person is gone; other people stay signed in.
    expect(await sessionIdsOf(person.id)).toEqual([]);
    for (const client of [laptop, phone]) {
      const account = await client.get("/account");
      expect(account.status).toBe(302);
      expect(account.headers.get("location")).toContain("/signin");
    }
    expect((await bystanderClient.get("/account")).status).toBe(200);

    expect(await canSignIn(person.email, NEW_PASSWORD)).toBe(true);
    expect(await canSignIn(person.email, person.password)).toBe(false);

    // A second use of the same link.
    const again = await visitor().post(`/reset-password/${token}`, { password: "yet another long password" });
    expect(again.status).toBe(410);
    expect(await pageText(again)).toContain(NOT_VALID);
    const reopened = await visitor().get(`/reset-password/${token}`);
    expect(await pageText(reopened)).toContain(NOT_VALID);
    expect(await canSignIn(person.email, NEW_PASSWORD)).toBe(true);
  });

  it("a new link replaces the one before: the older stops working at once", async () => {
    const person = await createTestUser();
    const first = await requestLink(person.email);
    const second = await requestLink(person.email);
    expect(second).not.toBe(first);
    expect(await pageText(await visitor().get(`/reset-password/${first}`))).toContain(NOT_VALID);
    const older = await visitor().post(`/reset-password/${first}`, { password: "another long password here" });
    expect(older.status).toBe(410);
    expect(await canSignIn(person.email, person.password)).toBe(true);
    const rows = await getDb().selectFrom("password_resets").select("token_hash").where("user_id", "=", person.id).execute();
    expect(rows).toEqual([{ token_hash: hashToken(second) }]);
    const saved = await visitor().post(`/reset-password/${second}`, { password: NEW_PASSWORD });
    expect(saved.status).toBe(302);
    expect(await canSignIn(person.email, NEW_PASSWORD)).toBe(true);
  });

  it("refuses a link older than one hour", async () => {
    const person = await createTestUser();
    const token = await requestLink(person.email);
    await getDb()
      .updateTable("password_resets")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("token_hash", "=", hashToken(token))
      .execute();

    const page = await visitor().get(`/reset-password/${token}`);
    expect(page.status).toBe(200);
    const text = await pageText(page);
    expect(text).toContain(NOT_VALID);
    expect(text).toContain("Ask for a new link");
    expect(text).not.toContain("Save new password");

    const before = await rowCounts();
    const post = await visitor().post(`/reset-password/${token}`, { password: NEW_PASSWORD });
    expect(post.status).toBe(410);
    expect(await pageText(post)).toContain(NOT_VALID);
    expect(await rowCounts()).toEqual(before);
    expect(await canSignIn(person.email, person.password)).toBe(true);
    expect(await canSignIn(person.email, NEW_PASSWORD)).toBe(false);
  });

  it("the link is valid for one hour from the request", async () => {
    const person = await createTestUser();
    const requested = Date.now();
    const token = await requestLink(person.email);
    const row = await getDb()
      .selectFrom("password_resets")
      .select("expires_at")
      .where("token_hash", "=", hashToken(token))
      .executeTakeFirstOrThrow();
    const validFor = new Date(row.expires_at).getTime() - requested;
    expect(validFor).toBeGreaterThan(59 * 60_000);
    expect(validFor).toBeLessThanOrEqual(60 * 60_000 + 5_000);
  });

  it("refuses a weak new password with 400 and the link stays usable", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const token = await requestLink(person.email);

    const short = await visitor().post(`/reset-password/${token}`, { password: "short" });
    expect(short.status).toBe(400);
    expect(await pageText(short)).toContain("Use at least 12 characters.");
    const common = await visitor().post(`/reset-password/${token}`, { password: "password1234" });
    expect(common.status).toBe(400);
    expect(await pageText(common)).toContain("too common");
    const ownEmail = await visitor().post(`/reset-password/${token}`, { password: person.email });
    expect(ownEmail.status).toBe(400);
    expect(await pageText(ownEmail)).toContain("cannot be your email address");

    // Nothing was spent or changed, and the person is still signed in.
    const row = await getDb()
      .selectFrom("password_resets")
      .select("used_at")
      .where("token_hash", "=", hashToken(token))
      .executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
    expect((await client.get("/account")).status).toBe(200);
    expect(await canSignIn(person.email, person.password)).toBe(true);

    const page = await visitor().get(`/reset-password/${token}`);
    expect(await pageText(page)).toContain("Save new password");
    const saved = await visitor().post(`/reset-password/${token}`, { password: NEW_PASSWORD });
    expect(saved.status).toBe(302);
    expect(await canSignIn(person.email, NEW_PASSWORD)).toBe(true);
  });

  it("an unknown token shows the not-valid page and changes nothing", async () => {
    const page = await visitor().get("/reset-password/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    expect(page.status).toBe(200);
    expect(await pageText(page)).toContain(NOT_VALID);
    const before = await rowCounts();
    const post = await visitor().post("/reset-password/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", {
      password: NEW_PASSWORD,
    });
    expect(post.status).toBe(410);
    expect(await pageText(post)).toContain(NOT_VALID);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("limits on asking", () => {
  const LIMITED = "We had 5 requests for this email address in the last hour, the most we take. Wait";

  it("5 requests an hour for one address; the 6th is told to wait and mints no link, whether or not the address has an account", async () => {
    const person = await createTestUser();
    const unknown = `nobody-${Date.now()}@example.org`;
    const mailBefore = mailCountTo(server, person.email);
    for (let i = 0; i < 5; i++) {
      expect((await visitor().post("/forgot-password", { email: person.email })).status).toBe(200);
      expect((await visitor().post("/forgot-password", { email: unknown })).status).toBe(200);
    }
    await tokenFromMail(server, person.email, "reset-password", { skip: mailBefore + 4 });
    const linksBefore = await getDb().selectFrom("password_resets").select("token_hash").where("user_id", "=", person.id).execute();

    const known = await visitor().post("/forgot-password", { email: person.email });
    const missing = await visitor().post("/forgot-password", { email: unknown });
    expect(known.status).toBe(429);
    expect(missing.status).toBe(429);
    const knownText = await pageText(known);
    expect(knownText).toContain(LIMITED);
    expect(knownText).toMatch(/Wait (\d+ minutes|1 minute), then try again\./);
    // The same words for both: being limited says nothing about who has an account.
    expect(knownText.replace(/\d+ minutes?/, "N")).toBe((await pageText(missing)).replace(/\d+ minutes?/, "N"));
    expect(mailCountTo(server, person.email)).toBe(mailBefore + 5);
    expect(await getDb().selectFrom("password_resets").select("token_hash").where("user_id", "=", person.id).execute()).toEqual(linksBefore);
  });

  it("20 requests an hour from one network address, whatever addresses they name", async () => {
    const caller = new HttpClient(server.origin, { "x-forwarded-for": "192.0.2.77" });
    for (let i = 0; i < 20; i++) {
      expect((await caller.post("/forgot-password", { email: `spray${i}-${Date.now()}@example.org` })).status, `request ${i + 1}`).toBe(200);
    }
    const person = await createTestUser();
    const mailBefore = mailCountTo(server, person.email);
    const refused = await caller.post("/forgot-password", { email: person.email });
    expect(refused.status).toBe(429);
    expect(await pageText(refused)).toContain("We had 20 requests from your network in the last hour, the most we take. Wait");
    // Someone elsewhere can still ask for the same address.
    expect((await visitor().post("/forgot-password", { email: person.email })).status).toBe(200);
    await tokenFromMail(server, person.email, "reset-password", { skip: mailBefore });
  });
});

describe("timing", () => {
  it("asking for a link takes as long for an address with an account as for one without (medians within a tolerance)", async () => {
    const people = await Promise.all(Array.from({ length: 40 }, () => createTestUser()));
    const timed = async (email: string) => {
      const client = visitor();
      const started = performance.now();
      const response = await client.post("/forgot-password", { email });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      return performance.now() - started;
    };
    // A few rounds to warm up, then alternate so that drift in the machine's load hits both alike.
    for (let i = 0; i < 5; i++) await timed(`warm-${i}-${Date.now()}@example.org`);
    const real: number[] = [];
    const unknown: number[] = [];
    for (const [i, person] of people.entries()) {
      real.push(await timed(person.email));
      unknown.push(await timed(`no-account-${i}-${Date.now()}@example.org`));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const withAccount = median(real);
    const without = median(unknown);
    const medians = `medians: ${withAccount.toFixed(1)} ms with an account, ${without.toFixed(1)} ms without`;
    // The extra work for a real account (storing a link, writing the mail) is about a millisecond,
    // hidden under the answer's floor; the machine's noise is larger, so the comparison is loose.
    expect(Math.min(withAccount, without), medians).toBeGreaterThanOrEqual(EVEN_ANSWER_MS);
    expect(Math.abs(withAccount - without), medians).toBeLessThan(Math.max(5, 0.15 * Math.min(withAccount, without)));
  });
});
