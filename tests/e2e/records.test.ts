import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { afterSubmit, describeFocus, expectNoAxeViolations, launchBrowser, openHydrated, openPage, tabTo } from "../support/browser";
import { createNamedMember, createTestCohort } from "../support/cohort-factories";
import { createTestOrganization } from "../support/factories";
import { makeEligible } from "../support/record-factories";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * A completion record from start to end in a real browser. An admin defines
 * a programme (one module, one competency at Developing) and issues a record
 * to the trainee who meets it; the trainee downloads the certificate and the
 * badge from their records page; a visitor with no account types the code
 * and sees the record is valid; the admin revokes it with the keyboard only
 * and the visitor's page then says it was revoked, when and why. Axe checks
 * every page, the verification page included.
 */

const PROGRAMME = "Peer Support Foundation Certificate";
const REASON = "Issued before the trainee's final observation.";

let server: TestServer;
let browser: Browser;
let orgSlug = "";
let orgName = "";
let admin = { id: "", email: "", password: "" };
let trainee = { id: "", email: "", password: "", displayName: "" };
let trainer = { id: "", email: "", password: "" };
let organizationId = "";
let code = "";
let recordPath = "";
const contexts: { context: BrowserContext; problems: string[]; who: string }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const created = await createTestOrganization("Lakeside Peer Collective");
  organizationId = created.organization.id;
  orgSlug = created.organization.slug;
  orgName = created.organization.name;
  admin = created.admin;
  trainer = await createNamedMember(organizationId, "Tomás Trainer", "trainer");
  trainee = await createNamedMember(organizationId, "Amara Okafor");
  await createTestCohort({ organizationId, trainer, name: "Spring group" });
});

afterAll(async () => {
  for (const { context } of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

const url = (path: string) => new URL(path, server.origin).href;
const heading1 = (page: Page) => page.getByRole("heading", { level: 1 }).innerText();
/** Waits until the page shows this main heading: a link followed in the app changes the address before the page. */
const waitForHeading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true }).waitFor();

async function newPerson(who: string, options: Parameters<typeof openPage>[1] = {}): Promise<Page> {
  const opened = await openPage(browser, { acceptDownloads: true, ...options });
  contexts.push({ ...opened, who });
  return opened.page;
}

async function signIn(page: Page, person: { email: string; password: string }) {
  await openHydrated(page, url("/signin"));
  await page.getByLabel("Email address").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(url(`/o/${orgSlug}`));
}

let adminPage: Page;
let visitor: Page;

describe("an admin defines a programme and issues a record", () => {
  it("defines the programme from the organization's navigation", async () => {
    adminPage = await newPerson("admin");
    await signIn(adminPage, admin);
    const sections = adminPage.getByRole("navigation", { name: `${orgName} sections` });
    await sections.getByText("Admin", { exact: true }).click();
    await sections.getByRole("link", { name: "Programmes" }).click();
    await waitForHeading(adminPage, `Programmes of ${orgName}`);
    await expectNoAxeViolations(adminPage, "programmes (none yet)");

    await adminPage.getByRole("link", { name: "Define a programme" }).click();
    await waitForHeading(adminPage, "Define a programme");
    await expectNoAxeViolations(adminPage, "define a programme");
    // Sent empty first: the messages say what to fix, nothing is lost.
    await afterSubmit(adminPage, () => adminPage.getByRole("button", { name: "Save programme" }).click());
    await adminPage.locator("#field-title-error").waitFor();
    expect(await adminPage.locator("#field-title-error").innerText()).toBe("Enter a name for the programme.");
    await expectNoAxeViolations(adminPage, "define a programme, with errors");

    await adminPage.getByLabel("Name").fill(PROGRAMME);
    await adminPage.getByLabel("What it is").fill("The first steps for new peer supporters, with a trainer.");
    await adminPage.getByRole("checkbox", { name: "What peer support is" }).check();
    await adminPage.getByLabel(/Engage in collaborative and caring relationships/).selectOption("developing");
    await adminPage.getByLabel("Valid for (months)").fill("24");
    await afterSubmit(adminPage, () => adminPage.getByRole("button", { name: "Save programme" }).click());
    await waitForHeading(adminPage, PROGRAMME);
    await adminPage.getByRole("status").filter({ hasText: "The programme is saved." }).waitFor();
    expect(await adminPage.locator("main").innerText()).toContain("Records are valid for 24 months.");
    await expectNoAxeViolations(adminPage, "programme page");
  });

  it("sees what the trainee still misses, and issues the record once they meet it", async () => {
    const row = adminPage.getByRole("row", { name: new RegExp(trainee.displayName) });
    expect(await row.innerText()).toContain("Still missing: the module “What peer support is”");
    const programmeId = /programmes\/([a-z2-7]{16})/.exec(adminPage.url())![1]!;
    await makeEligible({ organizationId, trainee, trainer, programmeId });
    await openHydrated(adminPage, adminPage.url());
    expect(await row.innerText()).toContain("Meets every requirement");
    await afterSubmit(adminPage, () => row.getByRole("button", { name: `Issue record to ${trainee.displayName}` }).click());
    await adminPage.getByRole("status").filter({ hasText: "The record is issued." }).waitFor();
    expect(await row.innerText()).toContain("Holds a valid record");
    await expectNoAxeViolations(adminPage, "programme page after issuing");
    await adminPage.getByRole("link", { name: "See the record", exact: true }).click();
    await adminPage.waitForURL(/\/admin\/records\/[a-z2-7]{16}$/);
    await waitForHeading(adminPage, `${PROGRAMME}: ${trainee.displayName}`);
    recordPath = new URL(adminPage.url()).pathname;
    code = (await adminPage.locator(".code-text").innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await expectNoAxeViolations(adminPage, "record page");
  });
});

describe("the trainee downloads their record", () => {
  it("finds it on their records page and downloads the certificate and the badge", async () => {
    const page = await newPerson("trainee");
    await signIn(page, trainee);
    await page.getByRole("navigation", { name: `${orgName} sections` }).getByRole("link", { name: "Records", exact: true }).click();
    await waitForHeading(page, "Your records");
    const card = page.locator(".record-card");
    expect(await card.innerText()).toContain(PROGRAMME);
    expect(await card.innerText()).toContain(`Verification code: ${code}`);
    await expectNoAxeViolations(page, "trainee's records");

    const [pdf] = await Promise.all([page.waitForEvent("download"), card.getByRole("link", { name: /Certificate \(PDF\)/ }).click()]);
    expect(pdf.suggestedFilename()).toMatch(/^peer-support-foundation-certificate-[0-9a-z]{16}\.pdf$/);
    expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe("%PDF-");
    const [json] = await Promise.all([page.waitForEvent("download"), card.getByRole("link", { name: /Open Badge \(\.json\)/ }).click()]);
    const credential = JSON.parse(readFileSync((await json.path())!, "utf8"));
    expect(credential.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(credential.credentialSubject.achievement.name).toBe(PROGRAMME);
    const [jwt] = await Promise.all([page.waitForEvent("download"), card.getByRole("link", { name: /Signed badge \(\.jwt\)/ }).click()]);
    expect(readFileSync((await jwt.path())!, "utf8")).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});

describe("anyone verifies it without an account", () => {
  it("types the code, in lower case and without dashes, and sees that the record is valid", async () => {
    visitor = await newPerson("visitor");
    await openHydrated(visitor, url("/verify"));
    expect(await heading1(visitor)).toBe("Check a completion record");
    await expectNoAxeViolations(visitor, "verification form");
    await visitor.getByLabel("Verification code").fill(code.toLowerCase().replace(/-/g, ""));
    await visitor.getByRole("button", { name: "Check the record" }).click();
    await visitor.waitForURL(url(`/verify/${code}`));
    // The symbol beside the heading is decoration: the words say it.
    await waitForHeading(visitor, "This record is valid");
    const text = await visitor.locator("main").innerText();
    expect(text).toContain(`${orgName} issued this record to ${trainee.displayName}`);
    expect(text).toContain("Engage in collaborative and caring relationships");
    await expectNoAxeViolations(visitor, "verification page (valid)");
  });

  it("an unknown code gets a plain not-found page", async () => {
    const page = await newPerson("another visitor");
    const response = await page.goto(url("/verify/0000-0000-0000-0000"));
    expect(response?.status()).toBe(404);
    expect(await heading1(page)).toBe("Page not found");
    expect(await page.locator("main").innerText()).toContain("No completion record has this code.");
    await expectNoAxeViolations(page, "verification page (unknown code)");
  });
});

describe("the admin revokes the record with the keyboard only", () => {
  it("downloads the certificate of the record from its page before anything else", async () => {
    await openHydrated(adminPage, url(recordPath));
    const [download] = await Promise.all([adminPage.waitForEvent("download"), adminPage.getByRole("link", { name: "Certificate (.pdf)" }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    expect(readFileSync((await download.path())!).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("writes a reason, confirms, and revokes; the public page then says revoked, when and why", async () => {
    await openHydrated(adminPage, url(recordPath));
    await tabTo(adminPage, "#field-reason", { limit: 60 });
    await adminPage.keyboard.type(REASON);
    await tabTo(adminPage, "button.button--danger");
    expect((await describeFocus(adminPage)).text).toBe("Revoke the record");
    await afterSubmit(adminPage, () => adminPage.keyboard.press("Enter"));
    // Nothing is revoked yet: the page asks, with the reason as the public will read it, and focus is on the question.
    expect((await describeFocus(adminPage)).text).toBe("Revoke this record for good?");
    expect(await adminPage.locator(".quoted-reason").innerText()).toBe(REASON);
    expect(await adminPage.locator(".record-status-line").innerText()).not.toContain("Revoked");
    await expectNoAxeViolations(adminPage, "record page (confirm revoking)");
    await tabTo(adminPage, "button.button--danger");
    expect((await describeFocus(adminPage)).text).toBe("Yes, revoke the record");
    await afterSubmit(adminPage, () => adminPage.keyboard.press("Enter"));
    await adminPage.getByRole("status").filter({ hasText: "The record is revoked." }).waitFor();
    expect(await adminPage.locator(".record-status-line").innerText()).toContain("Revoked");
    await expectNoAxeViolations(adminPage, "record page (revoked)");

    await openHydrated(visitor, url(`/verify/${code}`));
    await waitForHeading(visitor, "This record was revoked");
    const verdict = await visitor.locator(".verdict").innerText();
    expect(verdict).toMatch(new RegExp(`${orgName} revoked it on \\d{1,2} \\w+ \\d{4}\\.`));
    expect(verdict).toContain(`Reason given: ${REASON}`);
    await expectNoAxeViolations(visitor, "verification page (revoked)");

    await adminPage.getByRole("link", { name: "Issued records" }).first().click();
    await waitForHeading(adminPage, `Records issued by ${orgName}`);
    await adminPage.getByLabel("Status").selectOption("revoked");
    await Promise.all([adminPage.waitForURL(/status=revoked/), adminPage.getByRole("button", { name: "Show records" }).click()]);
    expect(await adminPage.locator("main").innerText()).toContain("1 record");
    await expectNoAxeViolations(adminPage, "records list (revoked)");
  });

  it("left nothing red in any browser console", () => {
    for (const { problems, who } of contexts) expect(problems, who).toEqual([]);
  });
});

