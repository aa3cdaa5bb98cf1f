import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseTimeZone } from "~/models/accounts/user.server";
import { createTestOrganization, createTestUser } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { signedInClient } from "../support/sign-in";
import { newestActivityAsReadIn, storedTimeZone } from "../support/time-zone-checks";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Each person's time zone (decision 024): stored per account, set once by
 * the browser while none is stored, changed in account settings, and used
 * for every time the pages show. Without one, pages show UTC and say so.
 */

let server: TestServer;
let admin: Awaited<ReturnType<typeof createTestOrganization>>["admin"];
let orgSlug = "";

beforeAll(async () => {
  server = await startTestServer();
  const created = await createTestOrganization("Harbour Peer Network");
  admin = created.admin;
  orgSlug = created.organization.slug;
});
afterAll(() => server.stop());

describe("time zones", () => {
  it("without a stored zone, pages show UTC and say so", async () => {
    const client = await signedInClient(server.origin, admin);
    const page = await pageText(await client.get(`/o/${orgSlug}/admin/activity`));
    expect(page).toContain("When (UTC)");
    expect(page).toContain(`${await newestActivityAsReadIn("UTC")} UTC`);
    expect(page).toContain("Times are shown in UTC (Coordinated Universal Time). Change your time zone");
  });

  it("a person who chose a zone sees every time in it, and the note under the page names it", async () => {
    await chooseTimeZone(admin.id, "Pacific/Auckland");
    const client = await signedInClient(server.origin, admin);
    const page = await pageText(await client.get(`/o/${orgSlug}/admin/activity`));
    const inAuckland = await newestActivityAsReadIn("Pacific/Auckland");
    expect(page).toContain("When (Auckland time)");
    expect(page).toContain(inAuckland);
    expect(page).not.toContain(`${inAuckland} UTC`);
    expect(page).toContain("Times are shown in Auckland time (Pacific/Auckland).");
  });

  it("the settings page offers the runtime's zones and saves the one chosen", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    const form = await client.get("/account/time-zone");
    const html = await form.text();
    expect(html).toContain('<option value="UTC" selected="">UTC (Coordinated Universal Time)</option>');
    expect(html).toContain('<option value="Asia/Tokyo">Tokyo (Asia)</option>');
    expect(html).toContain('<optgroup label="Europe">');

    const saved = await client.post("/account/time-zone", { intent: "choose", timeZone: "Asia/Tokyo" });
    expect(saved.status).toBe(200);
    expect(await pageText(saved)).toContain("Times are now shown in Tokyo time (Asia/Tokyo).");
    expect(await storedTimeZone(person.id)).toBe("Asia/Tokyo");
    expect(await (await client.get("/account/time-zone")).text()).toContain('<option value="Asia/Tokyo" selected="">');
  });

  it.each([
    ["a zone that does not exist", { intent: "choose", timeZone: "Mars/Olympus_Mons" }, "Choose a time zone from the list."],
    ["a path instead of a zone", { intent: "choose", timeZone: "../../etc/passwd" }, "Choose a time zone from the list."],
    ["no zone", { intent: "choose", timeZone: "" }, "Choose a time zone from the list."],
    ["two zones at once", { intent: "choose", timeZone: ["Europe/Paris", "Asia/Tokyo"] }, "Choose a time zone from the list."],
    ["an unknown intent", { intent: "guess", timeZone: "Europe/Paris" }, "We did not understand that request."],
  ])("refuses %s with a message and keeps the zone", async (_, fields, message) => {
    const person = await createTestUser();
    await chooseTimeZone(person.id, "Europe/Lisbon");
    const client = await signedInClient(server.origin, person);
    const response = await client.post("/account/time-zone", fields as Record<string, string | string[]>);
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain(message);
    expect(await storedTimeZone(person.id)).toBe("Europe/Lisbon");
  });

  it("the browser's zone is kept only while none is stored: it never overrides a choice", async () => {
    const person = await createTestUser();
    const client = await signedInClient(server.origin, person);
    expect(await storedTimeZone(person.id)).toBeNull();
    expect((await client.post("/account/time-zone", { intent: "detected", timeZone: "America/Sao_Paulo" })).status).toBe(200);
    expect(await storedTimeZone(person.id)).toBe("America/Sao_Paulo");
    expect((await client.post("/account/time-zone", { intent: "detected", timeZone: "Europe/Paris" })).status).toBe(200);
    expect(await storedTimeZone(person.id)).toBe("America/Sao_Paulo");
  });

  it("someone signed out cannot set a zone, and one person's choice never changes another's", async () => {
    const first = await createTestUser();
    const second = await createTestUser();
    const anonymous = new HttpClient(server.origin);
    const refused = await anonymous.post("/account/time-zone", { intent: "choose", timeZone: "Asia/Tokyo" });
    expect(refused.status).toBe(302);
    expect(refused.headers.get("location")).toMatch(/^\/signin/);
    const client = await signedInClient(server.origin, first);
    await client.post("/account/time-zone", { intent: "choose", timeZone: "Africa/Nairobi" });
    expect(await storedTimeZone(first.id)).toBe("Africa/Nairobi");
    expect(await storedTimeZone(second.id)).toBeNull();
  });
});
