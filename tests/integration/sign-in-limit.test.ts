import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "~/auth/tokens.server";
import { getDb } from "~/db.server";
import { throttleKey } from "~/models/accounts/request-throttle.server";
import {
  ACCOUNT_FIRST_WAIT_SECONDS,
  ACCOUNT_FREE_FAILURES,
  ACCOUNT_LONGEST_WAIT_SECONDS,
  ADDRESS_FAILURE_LIMIT,
  DEVICE_FAILURE_LIMIT,
  reserveSignInAttempt,
} from "~/models/accounts/sign-in-throttle.server";
import { createTestUser } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { sessionIdsOf } from "../support/row-counts";
import { mailCountTo, tokenFromMail } from "../support/server-log";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * The sign-in limit (decision 019): each attempt is counted before its
 * password is checked, so concurrent guesses cannot slip past the count; an
 * address that fails often waits; an account that fails often makes each
 * attempt from an unknown device wait a little longer, up to a bound; and a
 * browser the account signed in on before is not held back by an attacker.
 *
 * Behind a proxy (TRUST_PROXY=1) the caller's address comes from
 * X-Forwarded-For, which lets one test speak from many addresses.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: "1" });
});
afterAll(() => server.stop());

const ADDRESS_WAIT = "Too many sign-in attempts failed from your network. For your safety, wait";
const ACCOUNT_WAIT = "Too many sign-in attempts failed for this email address. For your safety, wait";
const MISMATCH_MESSAGE = "That email and password do not match an account.";
const WRONG = "not the right password";

let addressCounter = 0;
/** An address no other test in this file uses. */
function newAddress(): string {
  addressCounter += 1;
  return `203.0.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
}

/** A browser at one address; it keeps its cookies (the device cookie among them). */
const browserAt = (address: string) => new HttpClient(server.origin, { "x-forwarded-for": address });

function signIn(address: string, email: string, password: string) {
  return browserAt(address).post("/signin", { email, password });
}

async function failTimes(times: number, attempt: (i: number) => { address: string; email: string }) {
  for (let i = 0; i < times; i++) {
    const { address, email } = attempt(i);
    const response = await signIn(address, email, WRONG);
    expect(response.status, `failed attempt ${i + 1}`).toBe(400);
    expect(await pageText(response)).toContain(MISMATCH_MESSAGE);
  }
}

/** Moves the account's counted failures into the past, as if that much time had gone by. */
async function letTimePass(email: string, seconds: number) {
  const rows = await getDb().selectFrom("sign_in_failures").select(["id", "at"]).where("key", "=", throttleKey("account", email)).execute();
  for (const row of rows) {
    const at = new Date(new Date(row.at).getTime() - seconds * 1000).toISOString();
    await getDb().updateTable("sign_in_failures").set({ at }).where("id", "=", row.id).execute();
  }
}

/** A browser that has signed in to this account before, signed out again: it holds only its device cookie. */
async function knownDevice(person: { email: string; password: string }, address: string): Promise<HttpClient> {
  const browser = browserAt(address);
  expect((await browser.post("/signin", { email: person.email, password: person.password })).status).toBe(302);
  expect(browser.cookie("pst_device")).toMatch(/^[a-z2-7]{32}$/);
  expect((await browser.post("/signout", {})).status).toBe(302);
  expect(browser.cookie("pst_session")).toBeUndefined();
  return browser;
}

describe("the count is made before the check, atomically", () => {
  it("200 concurrent wrong passwords against one account, from 200 addresses: only the free failures are checked", async () => {
    const person = await createTestUser();
    const responses = await Promise.all(Array.from({ length: 200 }, () => signIn(newAddress(), person.email, WRONG)));
    const statuses = responses.map((response) => response.status);
    const checked = statuses.filter((status) => status === 400).length;
    expect(checked).toBe(ACCOUNT_FREE_FAILURES);
    expect(statuses.filter((status) => status === 429)).toHaveLength(200 - ACCOUNT_FREE_FAILURES);
    const counted = await getDb().selectFrom("sign_in_failures").select("id").where("key", "=", throttleKey("account", person.email)).execute();
    expect(counted).toHaveLength(ACCOUNT_FREE_FAILURES);
  });

  it("the same holds with two server processes answering at once", async () => {
    const cluster = await startTestServer({ TRUST_PROXY: "1", WEB_CONCURRENCY: "2" });
    try {
      const person = await createTestUser();
      const responses = await Promise.all(
        Array.from({ length: 200 }, () => new HttpClient(cluster.origin, { "x-forwarded-for": newAddress() }).post("/signin", { email: person.email, password: WRONG })),
      );
      expect(responses.filter((response) => response.status === 400)).toHaveLength(ACCOUNT_FREE_FAILURES);
      expect(responses.filter((response) => response.status === 429)).toHaveLength(200 - ACCOUNT_FREE_FAILURES);
    } finally {
      await cluster.stop();
    }
  });

  it("200 concurrent wrong passwords from one address, over 200 accounts: at most the address limit is checked", async () => {
    const address = newAddress();
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => signIn(address, `sprayed${i}@example.org`, WRONG)),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 400)).toHaveLength(ADDRESS_FAILURE_LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(200 - ADDRESS_FAILURE_LIMIT);
  });
});

describe("per account: the attacker is slowed, the owner is not locked out", () => {
  it(`after ${ACCOUNT_FREE_FAILURES} failures an unknown device waits ${ACCOUNT_FIRST_WAIT_SECONDS} seconds, even with the right password`, async () => {
    const person = await createTestUser();
    await failTimes(ACCOUNT_FREE_FAILURES, () => ({ address: newAddress(), email: person.email }));
    const refused = await signIn(newAddress(), person.email, person.password);
    expect(refused.status).toBe(429);
    expect(await pageText(refused)).toContain(`${ACCOUNT_WAIT} ${ACCOUNT_FIRST_WAIT_SECONDS} seconds before you try again`);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(ACCOUNT_FIRST_WAIT_SECONDS - 5);
    expect(retryAfter).toBeLessThanOrEqual(ACCOUNT_FIRST_WAIT_SECONDS);
    expect(refused.headers.getSetCookie().some((c) => c.startsWith("pst_session="))).toBe(false);
    expect(await sessionIdsOf(person.id)).toEqual([]);
  });

  it("one failure fewer is not yet enough", async () => {
    const person = await createTestUser();
    await failTimes(ACCOUNT_FREE_FAILURES - 1, () => ({ address: newAddress(), email: person.email }));
    expect((await signIn(newAddress(), person.email, person.password)).status).toBe(302);
  });

  it("the owner, on a device where they signed in before, gets in at once after an attacker's many failures", async () => {
    const person = await createTestUser();
    const ownersAddress = newAddress();
    const phone = await knownDevice(person, ownersAddress);
    // The attacker keeps trying, from addresses of their own, long after being told to wait.
    await failTimes(ACCOUNT_FREE_FAILURES, () => ({ address: newAddress(), email: person.email }));
    for (let i = 0; i < 30; i++) expect((await signIn(newAddress(), person.email, WRONG)).status).toBe(429);

    const response = await phone.post("/signin", { email: person.email, password: person.password });
    expect(response.status).toBe(302);
    expect(phone.cookie("pst_session")).toBeTruthy();
    expect((await phone.get("/account")).status).toBe(200);
    // Signing in did not forgive the attacker's failures: a device the account does not know still waits.
    expect((await signIn(newAddress(), person.email, person.password)).status).toBe(429);
  });

  it("a new device is told how long to wait, and after that wait the right password works", async () => {
    const person = await createTestUser();
    await failTimes(ACCOUNT_FREE_FAILURES, () => ({ address: newAddress(), email: person.email }));
    const laptop = browserAt(newAddress());
    const told = await laptop.post("/signin", { email: person.email, password: person.password });
    expect(told.status).toBe(429);
    const wait = Number(told.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(ACCOUNT_LONGEST_WAIT_SECONDS);
    await letTimePass(person.email, wait);
    expect((await laptop.post("/signin", { email: person.email, password: person.password })).status).toBe(302);
  });

  it("the limit follows the account whatever case the email is typed in", async () => {
    const person = await createTestUser();
    await failTimes(ACCOUNT_FREE_FAILURES, (i) => ({ address: newAddress(), email: i % 2 ? person.email.toUpperCase() : person.email }));
    expect((await signIn(newAddress(), person.email, person.password)).status).toBe(429);
  });

  it("another account is unaffected", async () => {
    const attacked = await createTestUser();
    const other = await createTestUser();
    await failTimes(ACCOUNT_FREE_FAILURES, () => ({ address: newAddress(), email: attacked.email }));
    expect((await signIn(newAddress(), attacked.email, attacked.password)).status).toBe(429);
    expect((await signIn(newAddress(), other.email, other.password)).status).toBe(302);
    expect(await sessionIdsOf(other.id)).toHaveLength(1);
  });

  it("failures older than an hour no longer count", async () => {
    const person = await createTestUser();
    await failTimes(ACCOUNT_FREE_FAILURES, () => ({ address: newAddress(), email: person.email }));
    expect((await signIn(newAddress(), person.email, person.password)).status).toBe(429);
    await letTimePass(person.email, 61 * 60);
    expect((await signIn(newAddress(), person.email, person.password)).status).toBe(302);
  });

  it(`a known device has a limit of its own: after ${DEVICE_FAILURE_LIMIT} failures it counts as any other device`, async () => {
    const person = await createTestUser();
    const address = newAddress();
    const browser = await knownDevice(person, address);
    for (let i = 0; i < DEVICE_FAILURE_LIMIT; i++) {
      expect((await browser.post("/signin", { email: person.email, password: WRONG })).status, `device failure ${i + 1}`).toBe(400);
    }
    // Its failures so far were its own; from now on they count against the account (and its address).
    for (let i = 0; i < ACCOUNT_FREE_FAILURES; i++) {
      expect((await browser.post("/signin", { email: person.email, password: WRONG })).status, `account failure ${i + 1}`).toBe(400);
    }
    expect((await browser.post("/signin", { email: person.email, password: person.password })).status).toBe(429);
  });
});

describe("known devices and new passwords", () => {
  it("the browser that reset the password by mail is known: it signs in at once, whatever an attacker did", async () => {
    const person = await createTestUser();
    await failTimes(ACCOUNT_FREE_FAILURES, () => ({ address: newAddress(), email: person.email }));
    const browser = browserAt(newAddress());
    const skip = mailCountTo(server, person.email);
    expect((await browser.post("/forgot-password", { email: person.email })).status).toBe(200);
    const token = await tokenFromMail(server, person.email, "reset-password", { skip });
    expect((await browser.post(`/reset-password/${token}`, { password: "a brand new morning routine" })).status).toBe(302);
    expect(browser.cookie("pst_device")).toMatch(/^[a-z2-7]{32}$/);
    expect((await signIn(newAddress(), person.email, "a brand new morning routine")).status, "an unknown device still waits").toBe(429);
    expect((await browser.post("/signin", { email: person.email, password: "a brand new morning routine" })).status).toBe(302);
  });

  it("a password change forgets every other device the account signed in on", async () => {
    const person = await createTestUser();
    const oldPhone = await knownDevice(person, newAddress());
    const laptop = browserAt(newAddress());
    expect((await laptop.post("/signin", { email: person.email, password: person.password })).status).toBe(302);
    const newPassword = "a fresh and sturdy phrase";
    expect((await laptop.post("/account/password", { currentPassword: person.password, newPassword })).status).toBe(200);
    expect(await getDb().selectFrom("known_devices").select("token_hash").where("user_id", "=", person.id).execute()).toEqual([
      { token_hash: hashToken(laptop.cookie("pst_device")!) },
    ]);
    // The old phone is now a stranger: after the account's free failures, it waits like any other device.
    await failTimes(ACCOUNT_FREE_FAILURES, () => ({ address: newAddress(), email: person.email }));
    expect((await oldPhone.post("/signin", { email: person.email, password: newPassword })).status).toBe(429);
    expect((await laptop.post("/signin", { email: person.email, password: newPassword })).status).toBe(302);
  });
});

describe("the account's wait, with a clock the test controls", () => {
  it("doubles from the first wait with each further failure and never passes the longest", async () => {
    const email = `clocked-${Date.now()}@example.org`;
    let now = new Date();
    const waits: number[] = [];
    // An attacker who tries again the moment each wait is over, from a new address every time.
    for (let attempt = 0; attempt < 14; attempt++) {
      const reservation = await reserveSignInAttempt({ email, address: newAddress(), deviceToken: undefined, now });
      if (reservation.allowed) continue;
      waits.push(reservation.waitSeconds);
      now = new Date(now.getTime() + reservation.waitSeconds * 1000);
      expect((await reserveSignInAttempt({ email, address: newAddress(), deviceToken: undefined, now })).allowed).toBe(true);
    }
    expect(waits.slice(0, 6)).toEqual([15, 30, 60, 120, 240, 300]);
    expect(Math.max(...waits)).toBe(ACCOUNT_LONGEST_WAIT_SECONDS);
  });
});

describe("per address", () => {
  it(`${ADDRESS_FAILURE_LIMIT} failures from one address across different emails make that address wait, for any account`, async () => {
    const address = newAddress();
    await failTimes(ADDRESS_FAILURE_LIMIT, (i) => ({ address, email: `stranger${i}-${Date.now()}@example.org` }));
    const person = await createTestUser();
    const refused = await signIn(address, person.email, person.password);
    expect(refused.status).toBe(429);
    expect(await pageText(refused)).toContain(ADDRESS_WAIT);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await sessionIdsOf(person.id)).toEqual([]);

    // The same account from a different address signs in.
    expect((await signIn(newAddress(), person.email, person.password)).status).toBe(302);
  });

  it("a device that signed in before gets in even from an address that has to wait", async () => {
    const address = newAddress();
    const person = await createTestUser();
    const browser = await knownDevice(person, address);
    await failTimes(ADDRESS_FAILURE_LIMIT, (i) => ({ address, email: `neighbour${i}-${Date.now()}@example.org` }));
    expect((await signIn(address, person.email, person.password)).status).toBe(429);
    expect((await browser.post("/signin", { email: person.email, password: person.password })).status).toBe(302);
  });

  it("a success in between does not forgive the address", async () => {
    const address = newAddress();
    const person = await createTestUser();
    await failTimes(ADDRESS_FAILURE_LIMIT - 1, (i) => ({ address, email: `wanderer${i}-${Date.now()}@example.org` }));
    expect((await signIn(address, person.email, person.password)).status).toBe(302);
    await failTimes(1, () => ({ address, email: `wanderer-last-${Date.now()}@example.org` }));
    expect((await signIn(address, person.email, person.password)).status).toBe(429);
    expect((await signIn(newAddress(), `wanderer0-${Date.now()}@example.org`, WRONG)).status).toBe(400);
  });
});

describe("behind one trusted proxy", () => {
  it("addresses the client wrote into X-Forwarded-For itself do not escape the limit", async () => {
    // The proxy appends the address it saw; anything before it came from the client.
    const real = newAddress();
    await failTimes(ADDRESS_FAILURE_LIMIT, (i) => ({ address: `10.9.8.${i + 1}, ${real}`, email: `forger${i}@example.org` }));
    const person = await createTestUser();
    const response = await signIn(`10.9.8.200, ${real}`, person.email, person.password);
    expect(response.status).toBe(429);
    expect(await pageText(response)).toContain(ADDRESS_WAIT);
    expect(await sessionIdsOf(person.id)).toEqual([]);
  });
});

describe("without a trusted proxy", () => {
  it("X-Forwarded-For is ignored, so changing it does not escape the address limit", async () => {
    const direct = await startTestServer();
    try {
      const person = await createTestUser();
      for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++) {
        const client = new HttpClient(direct.origin, { "x-forwarded-for": `198.51.100.${i + 1}` });
        const response = await client.post("/signin", { email: `spoofer${i}@example.org`, password: WRONG });
        expect(response.status).toBe(400);
      }
      const client = new HttpClient(direct.origin, { "x-forwarded-for": "198.51.100.200" });
      const response = await client.post("/signin", { email: person.email, password: person.password });
      expect(response.status).toBe(429);
    } finally {
      await direct.stop();
      // The direct server's caller (this machine) is throttled; free it for anything after.
      await getDb().deleteFrom("sign_in_failures").where("key", "like", "address:%").execute();
    }
  });
});
