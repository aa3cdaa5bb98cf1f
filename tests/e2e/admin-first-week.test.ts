import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { afterSubmit, describeFocus, expectNoAxeViolations, launchBrowser, openHydrated, openPage, signInThroughForm } from "../support/browser";
import { createNamedMember } from "../support/cohort-factories";
import { createTestOrganization } from "../support/factories";
import { BASICS } from "../support/record-factories";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * What a new organization's admin tripped over in the first week, in
 * Chromium: importing a framework as OpenSALT publishes it (preview, import,
 * turn on), passing on an invitation link while the site sends no mail (with
 * and without JavaScript), the reset page saying what happens, and a
 * trainee's way from a module summary back to the list. Axe checks each page;
 * a console error anywhere fails the run.
 */

const FIXTURE = "tests/fixtures/opensalt-style-case-package.json";
const FRAMEWORK = "Peer Recovery Support Core Competencies (OpenSALT sample)";

let server: TestServer;
let browser: Browser;
let orgSlug = "";
let admin = { email: "", password: "" };
let trainee = { email: "", password: "" };
const contexts: { context: BrowserContext; problems: string[]; who: string }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const created = await createTestOrganization("Millbrook Peer Alliance");
  orgSlug = created.organization.slug;
  admin = created.admin;
  trainee = await createNamedMember(created.organization.id, "Kofi Mensah");
});

afterAll(async () => {
  for (const { context } of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

const url = (path: string) => new URL(path, server.origin).href;

async function newPerson(who: string, options: Parameters<typeof openPage>[1] = {}): Promise<{ page: Page; context: BrowserContext }> {
  const opened = await openPage(browser, options);
  contexts.push({ ...opened, who });
  return opened;
}

const signIn = (page: Page, person: { email: string; password: string }) => signInThroughForm(page, server.origin, person, `/o/${orgSlug}`);

let adminPage: Page;

describe("importing a framework as OpenSALT publishes it", () => {
  it("previews the uploaded package: title, items, what was read differently, the tree", async () => {
    ({ page: adminPage } = await newPerson("admin"));
    await signIn(adminPage, admin);
    await openHydrated(adminPage, url(`/o/${orgSlug}/admin/frameworks`));
    await adminPage.getByLabel("CASE package file").setInputFiles(FIXTURE);
    await afterSubmit(adminPage, () => adminPage.getByRole("button", { name: "Check the package" }).click());
    const preview = adminPage.locator("#preview");
    await preview.getByRole("heading", { name: "Check before importing" }).waitFor();
    expect((await describeFocus(adminPage)).id).toBe("preview");
    const text = await preview.innerText();
    expect(text).toContain(FRAMEWORK);
    expect(text).toContain("16 items: 10 competencies and 6 behaviours");
    expect(text).toContain("38 dates have no time zone, so they were read as UTC");
    expect(text).toContain("It starts turned off");
    await expect(preview.getByText("Behaviour: Introduces self and the peer role in plain words").isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(adminPage, "frameworks page (preview)");
  });

  it("imports on confirmation, turned off, and turns it on for trainees", async () => {
    await afterSubmit(adminPage, () => adminPage.getByRole("button", { name: "Import the framework" }).click());
    await adminPage.getByRole("status").filter({ hasText: `Imported "${FRAMEWORK}" with 10 competencies. It is turned off` }).waitFor();
    const row = adminPage.getByRole("row").filter({ hasText: FRAMEWORK });
    expect(await row.innerText()).toContain("No: off");
    await expectNoAxeViolations(adminPage, "frameworks page (imported, off)");

    const { page: traineePage } = await newPerson("trainee");
    await signIn(traineePage, trainee);
    await openHydrated(traineePage, url(`/o/${orgSlug}/learn/competencies`));
    expect(await traineePage.locator("main").innerText()).not.toContain(FRAMEWORK);

    await afterSubmit(adminPage, () => row.getByRole("button", { name: `Turn on ${FRAMEWORK}` }).click());
    await adminPage.getByRole("status").filter({ hasText: `“${FRAMEWORK}” is on.` }).waitFor();
    expect(await adminPage.getByRole("row").filter({ hasText: FRAMEWORK }).innerText()).toContain("Yes: on");

    await openHydrated(traineePage, url(`/o/${orgSlug}/learn/competencies`));
    expect(await traineePage.locator("main").innerText()).toContain(FRAMEWORK);
  });

  it("asks before removing, and keeps the framework when the admin says so", async () => {
    await adminPage.getByRole("link", { name: `Remove ${FRAMEWORK}` }).click();
    await adminPage.getByRole("heading", { name: `Remove “${FRAMEWORK}”?` }).waitFor();
    expect(await adminPage.locator("#remove").innerText()).toContain("This deletes the framework and its 10 competencies for good.");
    await expectNoAxeViolations(adminPage, "frameworks page (confirm removal)");
    await adminPage.getByRole("link", { name: "Keep it" }).click();
    await adminPage.waitForURL(url(`/o/${orgSlug}/admin/frameworks`));
    // The address changes before React has drawn the page without the question: wait for it to go, then check the framework stayed.
    await adminPage.locator("#remove").waitFor({ state: "detached" });
    expect(await adminPage.getByRole("row").filter({ hasText: FRAMEWORK }).count()).toBe(1);
  });
});

describe("an invitation link while the site sends no mail", () => {
  it("says nobody was told, shows the link, and copies it with the button (announced as Copied)", async () => {
    await adminPage.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
    await openHydrated(adminPage, url(`/o/${orgSlug}/admin/invitations`));
    await adminPage.getByLabel("Email address").fill("new.trainee@example.org");
    await afterSubmit(adminPage, () => adminPage.getByRole("button", { name: "Create invitation" }).click());
    const notice = adminPage.getByRole("status").filter({ hasText: "Invitation created for new.trainee@example.org." });
    await notice.waitFor();
    expect(await notice.innerText()).toContain("This site does not send email yet, so nobody has been told. Copy this link and send it to them yourself");
    const link = await adminPage.getByLabel("Invitation link").inputValue();
    expect(link).toMatch(new RegExp(`^${server.origin}/invite/[a-z2-7]+$`));

    await adminPage.getByRole("button", { name: "Copy the invitation link" }).click();
    await adminPage.locator(".copy-link__status").filter({ hasText: "Copied" }).waitFor();
    expect(await adminPage.locator(".copy-link__status").getAttribute("aria-live")).toBe("polite");
    expect(await adminPage.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await expectNoAxeViolations(adminPage, "invitations page (link to copy)");
  });

  it("without JavaScript, shows the link as text to select, and no button that could not work", async () => {
    const { page } = await newPerson("admin without JavaScript", { javaScriptEnabled: false });
    await page.goto(url("/signin"));
    await page.getByLabel("Email address").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await Promise.all([page.waitForURL(url(`/o/${orgSlug}`)), page.getByRole("button", { name: "Sign in" }).click()]);
    await page.goto(url(`/o/${orgSlug}/admin/invitations`));
    await page.getByLabel("Email address").fill("second.trainee@example.org");
    await afterSubmit(page, () => page.getByRole("button", { name: "Create invitation" }).click());
    expect(await page.getByLabel("Invitation link").inputValue()).toMatch(/\/invite\/[a-z2-7]+$/);
    expect(await page.getByRole("button", { name: /Copy/ }).count()).toBe(0);
    await expectNoAxeViolations(page, "invitations page without JavaScript");
  });
});

describe("asking for a new password", () => {
  it("says the link does not reach the inbox and whom to ask", async () => {
    const { page } = await newPerson("someone who forgot their password");
    await openHydrated(page, url("/forgot-password"));
    expect(await page.locator("main").innerText()).toContain("This site does not send email yet");
    await page.getByLabel("Email address").fill(trainee.email);
    await afterSubmit(page, () => page.getByRole("button", { name: "Make the link" }).click());
    const notice = await page.getByRole("status").innerText();
    expect(notice).toContain("the link does not reach your inbox: ask your organization's admin for help.");
    expect(notice).not.toMatch(/we have sent/i);
    await expectNoAxeViolations(page, "forgot-password page (answered)");
  });
});

describe("a module's summary", () => {
  it("leads “All modules” to the list of modules", async () => {
    const { page } = await newPerson("trainee on a summary");
    await signIn(page, trainee);
    await openHydrated(page, url(`/o/${orgSlug}/learn/${BASICS}/summary`));
    await page.getByRole("link", { name: "All modules" }).click();
    await page.getByRole("heading", { level: 1, name: "Modules", exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/o/${orgSlug}/learn`);
  });
});

describe("the browser consoles", () => {
  it("left nothing red in any of them", () => {
    for (const { problems, who } of contexts) expect(problems, who).toEqual([]);
  });
});
