import { expect } from "vitest";
import { HttpClient } from "./http-client";

/** A client signed in as this person (fails the test if sign-in does not work). */
export async function signedInClient(origin: string, person: { email: string; password: string }) {
  const client = new HttpClient(origin);
  const response = await client.post("/signin", { email: person.email, password: person.password });
  expect(response.status, "sign-in should redirect").toBe(302);
  expect(client.cookie("pst_session")).toBeTruthy();
  return client;
}
