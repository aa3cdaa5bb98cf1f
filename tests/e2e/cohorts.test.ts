import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { afterSubmit, describeFocus, expectNoAxeViolations, launchBrowser, openHydrated, openPage, tabTo, startAndAnswerQuiz } from "../support/browser";
import { findModule } from "~/content/catalog.server";
import type { CompiledModule } from "~/content/types";
import { acceptCohortRequests, createNamedMember, day } from "../support/cohort-factories";
import { createTestOrganization } from "../support/factories";
import { tokenFromMail } from "../support/server-log";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * A trainer runs a cohort in a real browser: creates it, adds trainees from
 * a CSV file (one row refused), who agree to join (Amara on her requests
 * page, with the keyboard), assigns two modules with a due date and
 * follows the progress table. A trainee completes one module and shares her
 * reflection; the trainer sees the table change (sorting and filtering it
 * with the keyboard only), comments on the reflection, and the trainee reads
 * the comment and answers. Axe checks every page on the way.
 */

const COHORT = "Lakeside spring group";
const MUTUALITY_SLUG = "mutuality-and-equality";
const BASICS_TITLE = () => findModule("what-is-peer-support")!.frontmatter.title;
const MUTUALITY_TITLE = () => findModule(MUTUALITY_SLUG)!.frontmatter.title;
const REFLECTION_TEXT = "A nurse once asked me what I needed before deciding anything. I felt like a person again.";
const COMMENT = "Thank you, Amara. What did that nurse do that you want to do too?";
const REPLY = "She waited for my answer and did not rush me.";

let server: TestServer;
let browser: Browser;
let orgSlug = "";
let organizationId = "";
let trainer = { email: "", password: "" };
let admin = { email: "", password: "" };
let amara = { id: "", email: "", password: "" };
let ben = { id: "", email: "", password: "" };
const newcomer = "nia.newcomer@example.org";
const contexts: { context: BrowserContext; problems: string[]; who: string }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const { organization, admin: organizationAdmin } = await createTestOrganization("Lakeside Peer Collective");
  admin = organizationAdmin;
  orgSlug = organization.slug;
  organizationId = organization.id;
  trainer = await createNamedMember(organization.id, "Tomás Trainer", "trainer");
  amara = await createNamedMember(organization.id, "Amara Okafor");
  ben = await createNamedMember(organization.id, "Ben Adams");
});

afterAll(async () => {
  for (const { context } of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

async function newPerson(who: string, options: Parameters<typeof openPage>[1] = {}): Promise<Page> {
  const opened = await openPage(browser, options);
  contexts.push({ ...opened, who });
  return opened.page;
}

const url = (path: string) => new URL(path, server.origin).href;
const heading1 = (page: Page) => page.getByRole("heading", { level: 1 }).innerText();

/** After a link is followed in the app the address changes before the page does: wait for the page's own heading. */
async function showsPage(page: Page, path: string | RegExp | ((address: URL) => boolean), heading: { level: number; name: string }) {
  await page.waitForURL(typeof path === "string" ? url(path) : path);
  await page.getByRole("heading", { level: heading.level, name: heading.name, exact: true }).waitFor();
}
const mainText = (page: Page) => page.locator("main").innerText();

async function signIn(page: Page, person: { email: string; password: string }) {
  await openHydrated(page, url("/signin"));
  await page.getByLabel("Email address").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await showsPage(page, `/o/${orgSlug}`, { level: 1, name: "Lakeside Peer Collective" });
}

/** The words in each cell of one trainee's row of the progress table. */
async function matrixRow(page: Page, name: string): Promise<string[]> {
  const row = page.locator("table.matrix tbody tr", { has: page.getByRole("link", { name, exact: true }) });
  return (await row.locator("td").allInnerTexts()).map((text) => text.replace(/\s+/g, " ").trim());
}

let trainerPage: Page;
let traineePage: Page;
let cohortPath = "";

describe("a trainer sets up a cohort", () => {
  it("creates the cohort from the Cohorts page", async () => {
    trainerPage = await newPerson("trainer");
    await signIn(trainerPage, trainer);
    await trainerPage.getByRole("navigation", { name: "Lakeside Peer Collective sections" }).getByRole("link", { name: "Cohorts" }).click();
    await showsPage(trainerPage, `/o/${orgSlug}/teach`, { level: 1, name: "Cohorts" });
    await expectNoAxeViolations(trainerPage, "cohort list, empty");

    await trainerPage.getByRole("link", { name: "Create a cohort" }).click();
    await showsPage(trainerPage, `/o/${orgSlug}/teach/cohorts/new`, { level: 1, name: "Create a cohort" });
    await expectNoAxeViolations(trainerPage, "create a cohort");
    // Sent empty first: the refusal is announced and keeps the page usable.
    await afterSubmit(trainerPage, () => trainerPage.getByRole("button", { name: "Create cohort" }).click());
    expect(await trainerPage.getByRole("alert").innerText()).toContain("Some answers need a change");
    expect(await mainText(trainerPage)).toContain("Enter a name for the cohort.");
    await expectNoAxeViolations(trainerPage, "create a cohort, refused");

    await trainerPage.getByLabel("Name").fill(COHORT);
    await trainerPage.getByLabel("Start date").fill(day(-7));
    await trainerPage.getByLabel("End date").fill(day(60));
    await afterSubmit(trainerPage, () => trainerPage.getByRole("button", { name: "Create cohort" }).click());
    await showsPage(trainerPage, /\/teach\/cohorts\/[a-z2-7]{16}\/trainees\?created=1$/, { level: 1, name: COHORT });
    cohortPath = new URL(trainerPage.url()).pathname.replace(/\/trainees$/, "");
    expect(await heading1(trainerPage)).toBe(COHORT);
    expect(await mainText(trainerPage)).toContain("The cohort has been created.");
    expect(await mainText(trainerPage)).toContain("Trainers: Tomás Trainer");
  });

  it("adds trainees from a CSV file and sees the row that was refused, and why", async () => {
    await expectNoAxeViolations(trainerPage, "cohort trainees, empty");
    const csv = ["Name,Email", `Amara Okafor,${amara.email}`, `"Adams, Ben",${ben.email}`, `Nia Newcomer,${newcomer}`, "Typo Person,typo@"].join("\n");
    await trainerPage.getByLabel("CSV file", { exact: true }).setInputFiles({ name: "lakeside.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await afterSubmit(trainerPage, () => trainerPage.getByRole("button", { name: "Upload and add" }).click());
    const report = trainerPage.getByRole("status").filter({ hasText: "asked to join" });
    expect(await report.innerText()).toContain("2 people were asked to join: Amara Okafor, Ben Adams. They join the cohort when they accept.");
    expect(await report.innerText()).toContain("1 person has an invitation.");
    expect(await report.getByRole("table").count(), "no refusal inside the success panel").toBe(0);
    const problems = trainerPage.getByRole("alert");
    expect(await problems.getByRole("heading", { level: 2 }).innerText()).toBe("1 person could not be added");
    const refused = problems.getByRole("table", { name: "Refused rows and why" });
    expect((await refused.locator("tbody tr").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim())).toEqual([
      "Row 5 typo@ This is not a complete email address (like name@example.org).",
    ]);
    expect(await trainerPage.getByRole("heading", { name: "Trainees (0)" }).count()).toBe(1);
    expect(await trainerPage.getByRole("heading", { name: "Waiting for them to accept (2)" }).count()).toBe(1);
    expect(await mainText(trainerPage)).toContain(`Invited, not joined yet (1)`);
    expect(server.mail().some((mail) => mail.to === newcomer && mail.text.includes(`/invite/`))).toBe(true);
    await expectNoAxeViolations(trainerPage, "cohort trainees after the upload");
  });

  it("the newcomer's invitation names the organization, the cohort, who invited her and what trainers will see", async () => {
    const token = await tokenFromMail(server, newcomer, "invite");
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const page = await newPerson(`Nia at ${viewport.width}`, { viewport });
      await openHydrated(page, url(`/invite/${token}`));
      expect(await heading1(page)).toBe("Join Lakeside Peer Collective");
      const text = await mainText(page);
      expect(text).toContain(`Tomás Trainer invited you to join Lakeside Peer Collective as a trainee, in the training group “${COHORT}”.`);
      expect(text).toContain("Trainers: Tomás Trainer.");
      expect(text).toContain("What its trainers will see");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `the invitation scrolls sideways at ${viewport.width} px`).toBeLessThanOrEqual(0);
      await expectNoAxeViolations(page, `invitation to a cohort at ${viewport.width} px`);
    }
  });

  it("an admin can invite a trainee straight into the cohort", async () => {
    const page = await newPerson("admin");
    await signIn(page, admin);
    await openHydrated(page, url(`/o/${orgSlug}/admin/invitations`));
    await page.getByLabel("Email address").fill("olu.admin-invited@example.org");
    await page.getByLabel("Cohort (optional, for a trainee)").selectOption({ label: COHORT });
    await expectNoAxeViolations(page, "invitations with a cohort to choose");
    await afterSubmit(page, () => page.getByRole("button", { name: "Create invitation" }).click());
    expect(await page.getByRole("status").innerText()).toContain("Invitation created for olu.admin-invited@example.org.");
    expect(await page.locator("tbody tr", { hasText: "olu.admin-invited@example.org" }).innerText()).toContain(COHORT);
    await expectNoAxeViolations(page, "invitations after inviting into a cohort");
  });

  it("Amara is asked on her home page, reads what joining means, and says yes with the keyboard", async () => {
    // On a phone first: the request and what trainers would see fit the screen.
    const phone = await newPerson("Amara on a phone", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signIn(phone, amara);
    await openHydrated(phone, url(`/o/${orgSlug}/learn/cohort-requests`));
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "the requests page scrolls sideways on a phone").toBeLessThanOrEqual(0);
    await expectNoAxeViolations(phone, "cohort requests on a phone");

    traineePage = await newPerson("Amara");
    await signIn(traineePage, amara);
    const notice = traineePage.getByRole("region", { name: "A request to join a training group" });
    expect(await notice.innerText()).toContain(`Tomás Trainer asked you to join “${COHORT}”.`);
    await expectNoAxeViolations(traineePage, "trainee home with a request to join");
    await notice.getByRole("link").click();
    await showsPage(traineePage, `/o/${orgSlug}/learn/cohort-requests`, { level: 1, name: "Requests to join a training group" });
    const request = traineePage.getByRole("article", { name: COHORT });
    const text = await request.innerText();
    expect(text).toContain("Tomás Trainer");
    expect(text).toContain("What its trainers will see");
    expect(text).toContain("They will not see what you wrote in a reflection you keep private.");
    await expectNoAxeViolations(traineePage, "cohort requests");

    await traineePage.locator("body").focus();
    await tabTo(traineePage, "button[value=accept]", { limit: 40 });
    await afterSubmit(traineePage, () => traineePage.keyboard.press("Enter"));
    expect(await traineePage.getByRole("status").innerText()).toContain(`You have joined “${COHORT}”.`);
    expect(await mainText(traineePage)).toContain("You have no requests waiting.");
    await expectNoAxeViolations(traineePage, "cohort requests, answered");

    // Ben says yes too (from his own page, as Amara did); the trainer's roster follows.
    await acceptCohortRequests({ organizationId, cohortId: cohortPath.split("/").pop()!, people: [ben] });
    await openHydrated(trainerPage, url(`${cohortPath}/trainees`));
    expect(await trainerPage.getByRole("heading", { name: "Trainees (2)" }).count()).toBe(1);
    expect(await trainerPage.getByRole("heading", { name: /Waiting for them to accept/ }).count()).toBe(0);
  });

  it("assigns two modules with a due date", async () => {
    await trainerPage.getByRole("navigation", { name: "Parts of this cohort" }).getByRole("link", { name: "Modules and due dates" }).click();
    await showsPage(trainerPage, `${cohortPath}/modules`, { level: 2, name: "Assigned modules (0)" });
    await expectNoAxeViolations(trainerPage, "cohort modules, none assigned");
    await trainerPage.getByLabel(BASICS_TITLE()).check();
    await trainerPage.getByLabel(MUTUALITY_TITLE()).check();
    await trainerPage.getByLabel("Due date for the chosen modules (optional)").fill(day(14));
    await afterSubmit(trainerPage, () => trainerPage.getByRole("button", { name: "Assign the chosen modules" }).click());
    expect(await trainerPage.getByRole("status").first().innerText()).toContain("2 modules are assigned.");
    const assigned = trainerPage.getByRole("table", { name: "Modules assigned to this cohort, with their due dates" });
    expect(await assigned.locator("tbody th").allInnerTexts()).toEqual([MUTUALITY_TITLE(), BASICS_TITLE()].sort((a, b) => a.localeCompare(b)));
    expect(await trainerPage.getByLabel(`Due date for ${MUTUALITY_TITLE()}`).inputValue()).toBe(day(14));
    await expectNoAxeViolations(trainerPage, "cohort modules, two assigned");
  });

  it("sees nobody has started yet in the progress table", async () => {
    await trainerPage.getByRole("navigation", { name: "Parts of this cohort" }).getByRole("link", { name: "Progress" }).click();
    await showsPage(trainerPage, cohortPath, { level: 2, name: "Summary" });
    expect(await matrixRow(trainerPage, "Amara Okafor")).toEqual(["0 of 2", "Not started", "Not started"]);
    expect(await matrixRow(trainerPage, "Ben Adams")).toEqual(["0 of 2", "Not started", "Not started"]);
    expect(await mainText(trainerPage)).toContain("This cohort has fewer than five trainees");
    await expectNoAxeViolations(trainerPage, "progress, nothing started");
  });
});

describe("the cohort's settings and the list of cohorts", () => {
  it("offers archiving behind a confirmation, and lists the cohort", async () => {
    await trainerPage.getByRole("navigation", { name: "Parts of this cohort" }).getByRole("link", { name: "Settings" }).click();
    await showsPage(trainerPage, `${cohortPath}/settings`, { level: 2, name: "Settings" });
    expect(await trainerPage.getByLabel("Name").inputValue()).toBe(COHORT);
    await expectNoAxeViolations(trainerPage, "cohort settings");
    await trainerPage.getByRole("link", { name: "Archive this cohort" }).click();
    await trainerPage.getByRole("button", { name: "Yes, archive it" }).waitFor();
    await expectNoAxeViolations(trainerPage, "cohort settings, confirming the archive");
    await trainerPage.getByRole("link", { name: "No, keep it open" }).click();
    await trainerPage.getByRole("link", { name: "Archive this cohort" }).waitFor();

    await trainerPage.getByRole("link", { name: "Cohorts", exact: true }).first().click();
    await showsPage(trainerPage, `/o/${orgSlug}/teach`, { level: 1, name: "Cohorts" });
    const card = trainerPage.locator(".cohort-cards .card", { hasText: COHORT });
    expect(await card.innerText()).toContain("2 trainees · 2 modules");
    await expectNoAxeViolations(trainerPage, "cohort list with a cohort");
  });
});

describe("a trainee completes an assigned module", () => {
  it("finds both modules first on her home page, with the due date", async () => {
    await openHydrated(traineePage, url(`/o/${orgSlug}`));
    const assigned = traineePage.getByRole("region", { name: "Assigned to you" });
    const items = await assigned.locator(".assigned-item").allInnerTexts();
    expect(items).toHaveLength(2);
    for (const item of items) expect(item).toMatch(/Not started\s*Due \d+ \w+ \d{4}/);
    await expectNoAxeViolations(traineePage, "trainee home with assigned modules");
  });

  it("passes the quiz and shares her reflection", async () => {
    await assignedLink(traineePage, MUTUALITY_TITLE());
    // The module's text is edited over time, so the right answers come from its compiled answer key.
    const module = findModule(MUTUALITY_SLUG)!;
    for (const quiz of module.quizzes) {
      await openHydrated(traineePage, url(`/o/${orgSlug}/learn/${MUTUALITY_SLUG}?section=${sectionHolding(module, quiz.id)}`));
      const form = traineePage.locator(`#quiz-${quiz.id}`);
      await startAndAnswerQuiz(traineePage, quiz);
      await afterSubmit(traineePage, () => form.getByRole("button", { name: "Check my answers" }).click());
      expect(await form.getByRole("status").innerText()).toContain("passed this quiz");
    }
    for (const prompt of module.reflections.filter((r) => r.required)) {
      await openHydrated(traineePage, url(`/o/${orgSlug}/learn/${MUTUALITY_SLUG}?section=${sectionHolding(module, prompt.id)}`));
      const reflection = traineePage.locator(`#reflection-${prompt.id}`);
      await reflection.locator("textarea").fill(REFLECTION_TEXT);
      await afterSubmit(traineePage, () => reflection.getByRole("button", { name: "Save reflection" }).click());
      await afterSubmit(traineePage, () => reflection.getByRole("button", { name: "Share with my trainers" }).click());
      await reflection.locator(".reflection__sharing").getByText("Shared with your trainers.").waitFor();
    }
    expect(await mainText(traineePage)).toContain("You have completed this module");
  });
});

/** The part of the module whose page holds this quiz or reflection. */
function sectionHolding(module: CompiledModule, id: string): string {
  return module.sections.find((section) => JSON.stringify(section.tree).includes(`"id":"${id}"`))!.id;
}

async function assignedLink(page: Page, title: string) {
  await page.getByRole("region", { name: "Assigned to you" }).getByRole("link", { name: title }).click();
  await page.waitForURL((address) => address.pathname.endsWith(`/learn/${MUTUALITY_SLUG}`));
}

describe("the trainer follows progress with the keyboard and answers the reflection", () => {
  it("sees the table change", async () => {
    await openHydrated(trainerPage, url(cohortPath));
    const amaraRow = await matrixRow(trainerPage, "Amara Okafor");
    expect(amaraRow[0]).toBe("1 of 2");
    expect(amaraRow[1]).toMatch(/^Completed \d+ \w+ \d{4}$/);
    expect(await matrixRow(trainerPage, "Ben Adams")).toEqual(["0 of 2", "Not started", "Not started"]);
    const summary = trainerPage.getByRole("region", { name: "Summary" });
    expect(await summary.innerText()).toContain("Modules completed: 1 of 4.");
    await expectNoAxeViolations(trainerPage, "progress after a module was completed");
  });

  it("sorts by a module and filters by name with the keyboard only", async () => {
    await trainerPage.locator("body").focus();
    await tabTo(trainerPage, `table.matrix thead a[href*="sort=${MUTUALITY_SLUG}"]`, { limit: 60 });
    expect(await describeFocus(trainerPage)).toMatchObject({ tag: "a", text: MUTUALITY_TITLE() });
    await trainerPage.keyboard.press("Enter");
    await trainerPage.waitForURL((address) => address.searchParams.get("sort") === MUTUALITY_SLUG);
    const header = trainerPage.locator("table.matrix thead th", { hasText: MUTUALITY_TITLE() });
    await expect.poll(() => header.getAttribute("aria-sort")).toBe("ascending");
    expect(await trainerPage.locator("table.matrix tbody th a").allInnerTexts()).toEqual(["Ben Adams", "Amara Okafor"]);
    expect(await trainerPage.locator("#matrix-caption").innerText()).toContain(`sorted by “${MUTUALITY_TITLE()}”, overdue and not started first`);

    // Focus stays on the heading's link (now with its arrow), so Enter again turns the order round.
    expect(await describeFocus(trainerPage)).toMatchObject({ tag: "a", text: `${MUTUALITY_TITLE()} ▲` });
    await trainerPage.keyboard.press("Enter");
    await trainerPage.waitForURL((address) => address.searchParams.get("dir") === "desc");
    await expect.poll(() => header.getAttribute("aria-sort")).toBe("descending");
    expect(await trainerPage.locator("table.matrix tbody th a").allInnerTexts()).toEqual(["Amara Okafor", "Ben Adams"]);

    // Two modules fit the screen: the table is no scrolling region and no extra Tab stop (from four
    // modules it is one, see programmes-and-progress-tables.test.ts).
    expect(await trainerPage.locator(".matrix-wrap").getAttribute("tabindex")).toBeNull();
    expect(await trainerPage.getByRole("region", { name: /Trainees and assigned modules/ }).count()).toBe(0);

    await tabTo(trainerPage, "#filter-q", { backwards: true, limit: 10 });
    await trainerPage.keyboard.type("ben");
    await trainerPage.keyboard.press("Enter");
    await trainerPage.waitForURL((address) => address.searchParams.get("q") === "ben");
    await expect.poll(() => trainerPage.locator("table.matrix tbody th a").allInnerTexts()).toEqual(["Ben Adams"]);
    expect(new URL(trainerPage.url()).searchParams.get("sort"), "filtering keeps the sort").toBe(MUTUALITY_SLUG);
    expect(await trainerPage.locator("#matrix-count").innerText()).toContain("Showing all 1 matching trainees (of 2)");
    await expectNoAxeViolations(trainerPage, "progress, sorted and filtered");

    await tabTo(trainerPage, ".matrix-filter a", { limit: 10 });
    expect(await describeFocus(trainerPage)).toMatchObject({ text: "Show everyone" });
    await trainerPage.keyboard.press("Enter");
    await trainerPage.waitForURL((address) => !address.searchParams.has("q"));
    await expect.poll(() => trainerPage.locator("table.matrix tbody th a").count()).toBe(2);
  });

  it("opens Amara's page from the table and comments on her shared reflection", async () => {
    await trainerPage.locator("#filter-q").focus();
    await tabTo(trainerPage, `table.matrix tbody th a[href$="/trainees/${amara.id}"]`, { limit: 30 });
    await trainerPage.keyboard.press("Enter");
    await showsPage(trainerPage, `/o/${orgSlug}/teach/trainees/${amara.id}`, { level: 1, name: "Amara Okafor" });
    expect(await heading1(trainerPage)).toBe("Amara Okafor");
    const reflections = trainerPage.getByRole("region", { name: "Reflections shared with trainers" });
    expect(await reflections.innerText()).toContain(REFLECTION_TEXT);
    expect(await trainerPage.getByRole("region", { name: "Quiz attempts" }).innerText()).toContain("Passed");
    expect(await trainerPage.getByRole("link", { name: "Competency levels of Amara Okafor" }).getAttribute("href")).toBe(
      `/o/${orgSlug}/teach/trainees/${amara.id}/competencies`,
    );
    await expectNoAxeViolations(trainerPage, "trainee page");

    await trainerPage.getByLabel("Your comment to Amara Okafor").fill(COMMENT);
    await afterSubmit(trainerPage, () => trainerPage.getByRole("button", { name: "Send comment" }).click());
    expect(await reflections.innerText()).toContain("Your comment has been sent.");
    expect(await reflections.locator(".thread__item").allInnerTexts()).toHaveLength(1);
    expect(await trainerPage.getByLabel("Your comment to Amara Okafor").inputValue(), "the box is emptied").toBe("");
    await expectNoAxeViolations(trainerPage, "trainee page after a comment");
  });
});

describe("the trainee reads the comment", () => {
  it("is told on her home page, reads it in her journal and answers", async () => {
    await openHydrated(traineePage, url(`/o/${orgSlug}`));
    const told = traineePage.getByRole("region", { name: "Your trainers answered" });
    expect(await told.innerText()).toContain(`Tomás Trainer commented on your reflection in “${MUTUALITY_TITLE()}”`);
    await expectNoAxeViolations(traineePage, "trainee home with a comment waiting");
    await told.getByRole("link").click();
    await showsPage(traineePage, (address) => address.pathname.endsWith("/learn/journal"), { level: 1, name: "Your reflection journal" });
    const entry = traineePage.locator(".journal__entry", { hasText: MUTUALITY_TITLE() });
    expect(await entry.locator(".thread__item").innerText()).toContain(COMMENT);
    await expectNoAxeViolations(traineePage, "journal with a comment");

    await entry.getByLabel("Your reply").fill(REPLY);
    await afterSubmit(traineePage, () => entry.getByRole("button", { name: /Send reply/ }).click());
    expect(await entry.innerText()).toContain("Your reply has been sent to your trainers.");
    expect(await entry.locator(".thread__item").allInnerTexts()).toHaveLength(2);
    expect(await entry.locator(".thread__item").nth(1).innerText()).toContain(REPLY);
    await expectNoAxeViolations(traineePage, "journal after replying");
  });
});

describe("on a phone", () => {
  it("the trainer's progress page and the trainee page fit a 390 pixel wide screen", async () => {
    const phone = await newPerson("trainer on a phone", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signIn(phone, trainer);
    for (const path of [cohortPath, `${cohortPath}/trainees`, `${cohortPath}/modules`, `/o/${orgSlug}/teach/trainees/${amara.id}`]) {
      await openHydrated(phone, url(path));
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
      await expectNoAxeViolations(phone, `${path} on a phone`);
    }
    // The table's headings are hidden on a phone; the sort choices are offered above it instead.
    await openHydrated(phone, url(cohortPath));
    await phone.getByText("Sort the list").click();
    await phone.locator(".matrix-sort").getByRole("link", { name: "Number completed" }).click();
    await phone.waitForURL((address) => address.searchParams.get("sort") === "completed");
    expect(await phone.locator("table.matrix tbody th a").first().innerText()).toBe("Amara Okafor");
  });
});

describe("the browser console", () => {
  it("no page logged a script error, a CSP refusal, a hydration mismatch or a missing file", () => {
    for (const { who, problems } of contexts) expect(problems, `browser problems for ${who}`).toEqual([]);
  });
});
