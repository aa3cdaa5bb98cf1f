import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createTestUser } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * The shared form pieces (decision 027) as a person without JavaScript meets
 * them: a plain POST answered by a page with the errors beside the fields,
 * announced with them, and what was typed still there.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

/** The opening tag of the element with this id. */
function tagWithId(html: string, id: string): string {
  const match = new RegExp(`<[a-z]+ [^>]*id="${id}"[^>]*>`).exec(html);
  expect(match, `an element with id ${id}`).not.toBeNull();
  return match![0];
}

async function storedName(id: string) {
  return (await getDb().selectFrom("users").select("display_name").where("id", "=", id).executeTakeFirstOrThrow()).display_name;
}

describe("a refused form, posted without JavaScript", () => {
  it("shows the error beside the field, marks the field invalid and described by it, and keeps what was typed", async () => {
    const person = await createTestUser({ displayName: "Kept Name" });
    const client = await signedInClient(server.origin, person);
    const typed = "Sam\u202Eeman";
    const response = await client.post("/account?index", { displayName: typed });
    expect(response.status).toBe(400);
    const html = await response.text();
    const input = tagWithId(html, "field-displayName");
    expect(input).toContain('aria-invalid="true"');
    expect(input).toContain('aria-describedby="field-displayName-error"');
    expect(input).toContain(`value="${typed}"`);
    expect(tagWithId(html, "field-displayName-error")).toContain('class="field__error"');
    expect(html).toMatch(/role="alert"[^>]*>\s*<p>Some answers need a change. See the messages below.<\/p>/);
    expect(await storedName(person.id)).toBe("Kept Name");
  });

  it("a field that was fine is not marked invalid", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const html = await (await client.get("/account")).text();
    expect(tagWithId(html, "field-displayName")).not.toContain("aria-invalid");
  });
});

describe("what a refusal sends back", () => {
  it("keeps the typed email but never writes a password back into the page", async () => {
    const person = await createTestUser();
    const secret = "not-the-password-but-secret-1234";
    const response = await new HttpClient(server.origin).post("/signin", { email: person.email, password: secret });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(tagWithId(html, "field-email")).toContain(`value="${person.email}"`);
    expect(tagWithId(html, "field-password")).not.toContain("value=");
    expect(html).not.toContain(secret);
    expect(await pageText(new Response(html))).toContain("That email and password do not match an account.");
  });

  it("a hint and an error are both named by aria-describedby, hint first", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const response = await client.post("/account/password", { currentPassword: person.password, newPassword: "short" });
    expect(response.status).toBe(400);
    const input = tagWithId(await response.text(), "field-newPassword");
    expect(input).toContain('aria-describedby="field-newPassword-hint field-newPassword-error"');
    expect(input).toContain('aria-invalid="true"');
  });
});

describe("a body that cannot be read as the form", () => {
  const unreadable = "We could not read the form. Reload the page and try again.";

  it("a forged conform intent gets 400 and a message, never a 500", async () => {
    const response = await new HttpClient(server.origin).post("/signin", { __intent__: "{not json", email: "a@example.org", password: "x" });
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain(unreadable);
  });

  // conform skips a name it cannot read as a path; the form is then refused for what it lacks.
  it.each([
    ["a field name that is not a path", { "email..x": "a@example.org", password: "x" }],
    ["a field named __proto__", { "a.__proto__": "1", email: "a@example.org" }],
  ])("%s is left out: 400 with what to fix, never a 500", async (_, fields) => {
    const response = await new HttpClient(server.origin).post("/signin", fields);
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("Some answers need a change. See the messages below.");
  });

  it("a multipart body cut short gets 400 and a message", async () => {
    const client = new HttpClient(server.origin);
    const response = await client.request("/signin", {
      method: "POST",
      body: '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\na@exa',
      headers: { origin: server.origin, "content-type": "multipart/form-data; boundary=xyz" },
    });
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain(unreadable);
  });
});

