import { expect } from "vitest";
import { HttpClient } from "./http-client";
import { mailCountTo, tokenFromMail } from "./server-log";
import type { TestServer } from "./test-server";

/** A client signed in as this person (fails the test if sign-in does not work). */
export async function signedInClient(origin: string, person: { email: string; password: string }) {
  const client = new HttpClient(origin);
  const response = await client.post("/signin", { email: person.email, password: person.password });
  expect(response.status, "sign-in should redirect").toBe(302);
  expect(client.cookie("pst_session")).toBeTruthy();
  return client;
}

/**
 * Signs up through the form and the link mailed to the address, as a person
 * would: the form answers 200 ("we wrote to …"), the link's button makes the
 * account and signs the client in. Returns the button's response (a redirect).
 */
export async function signUpThroughMail(
  server: TestServer,
  client: HttpClient,
  fields: { displayName: string; email: string; password: string; redirectTo?: string },
): Promise<Response> {
  const skip = mailCountTo(server, normalized(fields.email));
  const form = await client.post("/signup", fields);
  expect(form.status, "the sign-up form answers with a page, not an account").toBe(200);
  const token = await tokenFromMail(server, normalized(fields.email), "confirm-signup", { skip });
  const confirmed = await client.post(`/confirm-signup/${token}`, {});
  expect(confirmed.status, "the link's button makes the account").toBe(302);
  expect(client.cookie("pst_session")).toBeTruthy();
  return confirmed;
}

const normalized = (email: string) => email.trim().toLowerCase();
