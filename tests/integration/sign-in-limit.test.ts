import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createTestUser } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { sessionIdsOf } from "../support/row-counts";
import { startTestServer, type TestServer } from "../support/test-server";

// Behind a proxy (TRUST_PROXY=1) the caller's address comes from
// X-Forwarded-For, which lets one test speak from many addresses.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: "1" });
});
afterAll(() => server.stop());

const WAIT_MESSAGE = "Too many sign-in attempts failed. For your safety, wait 15 minutes before you try again";
const MISMATCH_MESSAGE = "That email and password do not match an account.";

let lastOctet = 0;
/** A documentation-range address no other test in this file uses. */
function newAddress(): string {
  lastOctet += 1;
  return `203.0.113.${lastOctet}`;
}

function signIn(address: string, email: string, password: string) {
  const client = new HttpClient(server.origin, { "x-forwarded-for": address });
  return client.post("/signin", { email, password });
}

async function failTimes(times: number, attempt: (i: number) => { address: string; email: string }) {
  for (let i = 0; i < times; i++) {
    const { address, email } = attempt(i);
    const response = await signIn(address, email, "not the right password");
    expect(response.status, `failed attempt ${i + 1}`).toBe(400);
    expect(await pageText(response)).toContain(MISMATCH_MESSAGE);
  }
}

describe("per account", () => {
  it("after 10 failures the 11th attempt is refused with 429, even with the right password", async () => {
    const person = await createTestUser();
    // Ten different addresses, so only the account's count reaches the limit.
    await failTimes(10, () => ({ address: newAddress(), email: person.email }));
    const eleventh = await signIn(newAddress(), person.email, person.password);
    expect(eleventh.status).toBe(429);
    expect(await pageText(eleventh)).toContain(WAIT_MESSAGE);
    expect(eleventh.headers.getSetCookie().some((c) => c.startsWith("pst_session="))).toBe(false);
    expect(await sessionIdsOf(person.id)).toEqual([]);
  });

  it("nine failures are not yet enough", async () => {
    const person = await createTestUser();
    await failTimes(9, () => ({ address: newAddress(), email: person.email }));
    const tenth = await signIn(newAddress(), person.email, person.password);
    expect(tenth.status).toBe(302);
  });

  it("the limit follows the account whatever case the email is typed in", async () => {
    const person = await createTestUser();
    await failTimes(10, (i) => ({ address: newAddress(), email: i % 2 ? person.email.toUpperCase() : person.email }));
    const response = await signIn(newAddress(), person.email, person.password);
    expect(response.status).toBe(429);
  });

  it("another account from another address is unaffected", async () => {
    const locked = await createTestUser();
    const other = await createTestUser();
    const address = newAddress();
    await failTimes(10, () => ({ address, email: locked.email }));
    expect((await signIn(newAddress(), locked.email, locked.password)).status).toBe(429);
    const response = await signIn(newAddress(), other.email, other.password);
    expect(response.status).toBe(302);
    expect(await sessionIdsOf(other.id)).toHaveLength(1);
  });

  it("failures older than 15 minutes no longer count", async () => {
    const person = await createTestUser();
    await failTimes(10, () => ({ address: newAddress(), email: person.email }));
    expect((await signIn(newAddress(), person.email, person.password)).status).toBe(429);
    await getDb()
      .updateTable("sign_in_failures")
      .set({ at: new Date(Date.now() - 16 * 60_000).toISOString() })
      .where("key", "=", `account:${person.email}`)
      .execute();
    expect((await signIn(newAddress(), person.email, person.password)).status).toBe(302);
  });

  it("a successful sign-in clears the account's failure count", async () => {
    const person = await createTestUser();
    await failTimes(9, () => ({ address: newAddress(), email: person.email }));
    expect((await signIn(newAddress(), person.email, person.password)).status).toBe(302);
    const left = await getDb()
      .selectFrom("sign_in_failures")
      .select("id")
      .where("key", "=", `account:${person.email}`)
      .execute();
    expect(left).toHaveLength(0);
    // Nine more failures: 18 without the reset, only 9 with it.
    await failTimes(9, () => ({ address: newAddress(), email: person.email }));
    expect((await signIn(newAddress(), person.email, person.password)).status).toBe(302);
  });
});

describe("per address", () => {
  it("10 failures from one address across different emails throttle that address for any account", async () => {
    const address = newAddress();
    await failTimes(10, (i) => ({ address, email: `stranger${i}@example.org` }));
    const person = await createTestUser();
    const refused = await signIn(address, person.email, person.password);
    expect(refused.status).toBe(429);
    expect(await pageText(refused)).toContain(WAIT_MESSAGE);
    expect(await sessionIdsOf(person.id)).toEqual([]);

    // The same account from a different address signs in.
    const elsewhere = await signIn(newAddress(), person.email, person.password);
    expect(elsewhere.status).toBe(302);
  });

  it("a different address is not throttled, and a success does not forgive the address", async () => {
    const address = newAddress();
    const person = await createTestUser();
    await failTimes(9, (i) => ({ address, email: `wanderer${i}@example.org` }));
    expect((await signIn(address, person.email, person.password)).status).toBe(302);
    await failTimes(1, () => ({ address, email: "wanderer-last@example.org" }));
    // The address has now failed 10 times; the success in between did not reset it.
    expect((await signIn(address, person.email, person.password)).status).toBe(429);
    expect((await signIn(newAddress(), "wanderer0@example.org", "not the right password")).status).toBe(400);
  });
});

describe("behind one trusted proxy", () => {
  it("addresses the client wrote into X-Forwarded-For itself do not escape the limit", async () => {
    // The proxy appends the address it saw; anything before it came from the client.
    const real = newAddress();
    await failTimes(10, (i) => ({ address: `10.9.8.${i + 1}, ${real}`, email: `forger${i}@example.org` }));
    const person = await createTestUser();
    const response = await signIn(`10.9.8.200, ${real}`, person.email, person.password);
    expect(response.status).toBe(429);
    expect(await pageText(response)).toContain(WAIT_MESSAGE);
    expect(await sessionIdsOf(person.id)).toEqual([]);
  });
});

describe("without a trusted proxy", () => {
  it("X-Forwarded-For is ignored, so changing it does not escape the address limit", async () => {
    const direct = await startTestServer();
    try {
      const person = await createTestUser();
      for (let i = 0; i < 10; i++) {
        const client = new HttpClient(direct.origin, { "x-forwarded-for": `198.51.100.${i + 1}` });
        const response = await client.post("/signin", { email: `spoofer${i}@example.org`, password: "not the right password" });
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
