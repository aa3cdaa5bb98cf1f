import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { afterSubmit, expectNoAxeViolations, launchBrowser, openHydrated, openPage } from "../support/browser";
import { addToCohort, assignTestModules, completeModule, createNamedMember, createTestCohort, day, startModule } from "../support/cohort-factories";
import { createTestOrganization } from "../support/factories";
import { BASICS, MUTUALITY, createTestProgramme, issueTestRecord, makeEligible } from "../support/record-factories";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Issue 13 in a real browser: the programme form warns, as choices are made,
 * about a required competency no chosen module builds; a trainer assigns a
 * programme's modules in one step; the progress table and the records table
 * read well at 1280 px (no sideways scrolling with three modules, no word or
 * name broken) and as cards on a 390 px phone, still tables to screen readers.
 */

const COMMUNICATION = "psc-communication";
const LONG_NAME = "Oluwaseun Adebayo-Fitzgerald";

let server: TestServer;
let browser: Browser;
let orgSlug = "";
let cohortId = "";
let admin = { id: "", email: "", password: "" };
let trainer = { id: "", email: "", password: "" };
const problemLists: string[][] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const created = await createTestOrganization("Meadow Peer Support");
  const organization = created.organization;
  orgSlug = organization.slug;
  admin = created.admin;
  trainer = await createNamedMember(organization.id, "Tomás Trainer", "trainer");
  const people = [await createNamedMember(organization.id, "Amina Yusuf"), await createNamedMember(organization.id, LONG_NAME), await createNamedMember(organization.id, "Trainee Example")];
  cohortId = (await createTestCohort({ organizationId: organization.id, trainer, name: "Spring group" })).id;
  await addToCohort({ organizationId: organization.id, cohortId, trainer, people });
  await assignTestModules({ organizationId: organization.id, cohortId, trainer, slugs: [BASICS], dueOn: day(-2) });
  await assignTestModules({ organizationId: organization.id, cohortId, trainer, slugs: [MUTUALITY, COMMUNICATION], dueOn: day(20) });
  const scope = (p: { id: string }) => ({ organizationId: organization.id, userId: p.id });
  for (const slug of [BASICS, MUTUALITY, COMMUNICATION]) await completeModule(scope(people[0]!), slug);
  await startModule(scope(people[1]!), MUTUALITY);
  const programme = await createTestProgramme({ organizationId: organization.id, adminId: admin.id, title: "Peer Support Worker Foundation Certificate", modules: [BASICS] });
  for (const holder of people.slice(0, 2)) {
    await makeEligible({ organizationId: organization.id, trainee: holder, trainer, programmeId: programme.id });
    await issueTestRecord({ organization, admin, programmeId: programme.id, trainee: holder, origin: server.origin });
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const url = (path: string) => new URL(path, server.origin).href;

async function signedIn(account: { email: string; password: string }, width = 1280): Promise<Page> {
  const { page, problems } = await openPage(browser, { viewport: { width, height: width < 600 ? 844 : 900 } });
  problemLists.push(problems);
  await page.goto(url("/signin"));
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await afterSubmit(page, () => page.getByRole("button", { name: "Sign in" }).click());
  await page.waitForURL(url(`/o/${orgSlug}`));
  return page;
}

/** How far the page, or the table's own box, would scroll sideways (0: it fits). */
function sidewaysOverflow(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const wrap = document.querySelector(sel)!;
    return {
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      table: wrap.scrollWidth - wrap.clientWidth,
    };
  }, selector);
}

/** How many lines an element's own text takes on screen (1: not broken); text in child elements is left out. */
function linesOf(element: Locator) {
  return element.evaluate((node) => {
    const tops = new Set<number>();
    for (const child of node.childNodes) {
      if (child.nodeType !== Node.TEXT_NODE || !child.textContent?.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(child);
      for (const rect of range.getClientRects()) tops.add(Math.round(rect.top));
    }
    return tops.size;
  });
}

describe("the programme form", () => {
  it("warns as soon as a required competency is built by no chosen module, and the warning goes when a module builds it", async () => {
    const page = await signedIn(admin);
    await openHydrated(page, url(`/o/${orgSlug}/admin/programmes/new`));
    const check = page.locator("#coverage [role=status]");
    expect(await check.innerText()).toBe("No competency is required, so there is nothing to check.");
    await page.getByRole("checkbox", { name: "What peer support is" }).check();
    await page.getByLabel(/^Provide support/).selectOption("developing");
    expect(await check.innerText()).toMatch(/^1 required competency is not built by any chosen module:\s+Provide support\s+Trainees could reach it/);
    expect(await page.locator("main").innerText()).toContain("No chosen module builds this.");
    await expectNoAxeViolations(page, "programme form with a warning");

    // "Demeanour" builds "Provide support": the warning goes and the row names the module.
    await page.getByRole("checkbox", { name: "Demeanour" }).check();
    expect(await check.innerText()).toBe("Each required competency is built by at least one chosen module.");
    expect(await page.getByRole("combobox", { name: /^Provide support/ }).getAttribute("aria-describedby")).toMatch(/coverage/);
    expect(await page.locator("main").innerText()).toContain("Built by: Demeanour");
    await page.getByRole("checkbox", { name: "Demeanour" }).uncheck();

    // Saved with the gap: the server refuses, then "Save anyway" saves it.
    await page.getByLabel("Name").fill("Quick start");
    await page.getByLabel("What it is").fill("A short first programme.");
    await afterSubmit(page, () => page.getByRole("button", { name: "Save programme" }).click());
    await page.getByRole("alert").filter({ hasText: "Not saved yet: none of the chosen modules builds “Provide support”." }).waitFor();
    await expectNoAxeViolations(page, "programme form refused with a gap");
    await page.getByLabel("Save anyway: I know no chosen module builds this competency").check();
    await afterSubmit(page, () => page.getByRole("button", { name: "Save programme" }).click());
    await page.getByRole("heading", { level: 1, name: "Quick start" }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await openHydrated(page, url(`/o/${orgSlug}/admin/programmes/new`));
    await expectNoAxeViolations(page, "programme form on a phone");
    expect(problemLists.at(-1)).toEqual([]);
  });
});

describe("a trainer assigns a programme's modules in one step", () => {
  it("assigns what the cohort lacks and keeps what it has", async () => {
    const organizationId = (await getDb().selectFrom("organizations").select("id").where("slug", "=", orgSlug).executeTakeFirstOrThrow()).id;
    await createTestProgramme({ organizationId, adminId: admin.id, title: "Leadership path", modules: [MUTUALITY, "foundations-peer-leadership"] });
    const summer = await createTestCohort({ organizationId, trainer, name: "Summer group" });
    await assignTestModules({ organizationId, cohortId: summer.id, trainer, slugs: [MUTUALITY], dueOn: day(5) });
    const page = await signedIn(trainer);
    await openHydrated(page, url(`/o/${orgSlug}/teach/cohorts/${summer.id}/modules`));
    await page.getByLabel("Programme", { exact: true }).selectOption({ label: "Leadership path (1 of 2 modules not assigned yet)" });
    await afterSubmit(page, () => page.getByRole("button", { name: "Assign all modules of this programme" }).click());
    await page.getByRole("status").filter({ hasText: "1 module of “Leadership path” is assigned, with no due date" }).waitFor();
    expect(await page.getByRole("row", { name: /Peer leadership in community programmes/ }).count()).toBe(1);
    await expectNoAxeViolations(page, "cohort modules after assigning a programme");
    expect(problemLists.at(-1)).toEqual([]);
  });
});

describe("wide tables", () => {
  it("the progress table with three modules fits a 1280 px screen, names and words whole, no scrolling region", async () => {
    const page = await signedIn(trainer);
    await openHydrated(page, url(`/o/${orgSlug}/teach/cohorts/${cohortId}`));
    const table = page.getByRole("table", { name: /Trainees and assigned modules/ });
    expect(await sidewaysOverflow(page, ".matrix-wrap")).toEqual({ page: 0, table: 0 });
    expect(await page.getByRole("region", { name: /Trainees and assigned modules/ }).count(), "no scroll region with three modules").toBe(0);
    for (const name of [LONG_NAME, "Amina Yusuf", "Trainee Example"]) expect(await linesOf(table.getByRole("link", { name, exact: true })), name).toBe(1);
    expect(await linesOf(table.getByRole("link", { name: "Trainee", exact: true }))).toBe(1);
    expect(await linesOf(table.getByText("Overdue").first()), "a status word stays whole").toBe(1);
    expect(await table.getByRole("columnheader").count()).toBe(5);
    await expectNoAxeViolations(page, "progress table at 1280 px");
    expect(problemLists.at(-1)).toEqual([]);
  });

  it("the progress table with more modules scrolls inside a labelled region the keyboard can reach", async () => {
    const organizationId = (await getDb().selectFrom("organizations").select("id").where("slug", "=", orgSlug).executeTakeFirstOrThrow()).id;
    const wide = await createTestCohort({ organizationId, trainer, name: "Long course" });
    const people = await getDb().selectFrom("users").select(["id", "email"]).where("display_name", "in", ["Amina Yusuf", LONG_NAME]).execute();
    await addToCohort({ organizationId, cohortId: wide.id, trainer, people });
    await assignTestModules({ organizationId, cohortId: wide.id, trainer, slugs: [BASICS, MUTUALITY, COMMUNICATION, "psc-demeanour"] });
    const page = await signedIn(trainer);
    await openHydrated(page, url(`/o/${orgSlug}/teach/cohorts/${wide.id}`));
    const region = page.getByRole("region", { name: /Trainees and assigned modules/ });
    expect(await region.getAttribute("tabindex")).toBe("0");
    expect((await sidewaysOverflow(page, ".matrix-wrap")).page).toBe(0);
    expect((await sidewaysOverflow(page, ".matrix-wrap")).table).toBeGreaterThan(0);
    // Focused, the region scrolls with the arrow keys (Chromium scrolls smoothly: wait for it).
    await region.focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => document.querySelector(".matrix-wrap")!.scrollLeft > 0);
    await expectNoAxeViolations(page, "progress table with four modules");
  });

  it("on a phone each trainee is a card, still read as a table with its headings", async () => {
    const page = await signedIn(trainer, 390);
    await openHydrated(page, url(`/o/${orgSlug}/teach/cohorts/${cohortId}`));
    expect((await sidewaysOverflow(page, ".matrix-wrap")).page).toBe(0);
    const table = page.getByRole("table", { name: /Trainees and assigned modules/ });
    expect(await table.getByRole("columnheader").count()).toBe(5);
    expect(await table.getByRole("rowheader").count()).toBe(3);
    const card = table.getByRole("row", { name: /Amina Yusuf/ });
    expect(await card.getByRole("cell").count()).toBe(4);
    expect(await card.innerText()).toContain("3 of 3");
    // Each value shows its column's name above it (drawn by CSS, so screen readers hear the heading once).
    const labels = await card.getByRole("cell").evaluateAll((cells) => cells.map((cell) => getComputedStyle(cell, "::before").content));
    expect(labels.join(" ")).toMatch(/"Completed".*"Mutuality and equality"/);
    await expectNoAxeViolations(page, "progress cards at 390 px");
  });

  it("the admin's records table reads whole at 1280 px and as cards at 390 px", async () => {
    const page = await signedIn(admin);
    await openHydrated(page, url(`/o/${orgSlug}/admin/records`));
    expect(await sidewaysOverflow(page, ".table-wrap")).toEqual({ page: 0, table: 0 });
    for (const name of [LONG_NAME, "Amina Yusuf"]) expect(await linesOf(page.getByRole("link", { name: new RegExp(`^${name}\\b`) })), name).toBe(1);
    await expectNoAxeViolations(page, "records table at 1280 px");
    await page.setViewportSize({ width: 390, height: 844 });
    expect((await sidewaysOverflow(page, ".table-wrap")).page).toBe(0);
    const table = page.getByRole("table", { name: "Completion records" });
    expect(await table.getByRole("columnheader").count()).toBe(5);
    expect(await table.getByRole("row", { name: new RegExp(LONG_NAME) }).getByRole("cell").first().innerText()).toContain("Peer Support Worker Foundation Certificate");
    await expectNoAxeViolations(page, "records cards at 390 px");
    expect(problemLists.at(-1)).toEqual([]);
  });
});
