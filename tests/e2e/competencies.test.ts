import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findModule } from "~/content/catalog.server";
import { afterSubmit, describeFocus, expectNoAxeViolations, launchBrowser, openHydrated, openPage, tabTo, startAndAnswerQuiz } from "../support/browser";
import { addToCohort, createTestCohort } from "../support/cohort-factories";
import { findCompetency, sectionHolding } from "../support/competency-factories";
import { createTestMember, createTestOrganization } from "../support/factories";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * The competency tracker in a real browser. A trainee rates themselves with
 * the keyboard alone, passes a quiz and sees the level of "Engage in
 * collaborative and caring relationships" (who.role-01) move from Not yet to
 * Developing; their trainer records an observation and the trainee sees
 * Verified. Axe checks every page on the way; the page must not ask for
 * anything the CSP refuses (inline styles would show as console errors).
 */

const MODULE = "what-is-peer-support";
const QUIZ = "basics-check";
const COMPETENCY = "Engage in collaborative and caring relationships";

let server: TestServer;
let browser: Browser;
let orgSlug = "";
let orgName = "";
let trainee = { id: "", email: "", password: "", displayName: "" };
let trainer = { id: "", email: "", password: "", displayName: "" };
let competencyId = "";
const contexts: { context: BrowserContext; problems: string[]; who: string }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const { organization } = await createTestOrganization("Lakeside Peer Collective");
  orgSlug = organization.slug;
  orgName = organization.name;
  trainee = await createTestMember(organization.id, "trainee");
  trainer = await createTestMember(organization.id, "trainer");
  const cohort = await createTestCohort({ organizationId: organization.id, trainer });
  await addToCohort({ organizationId: organization.id, cohortId: cohort.id, trainer, people: [trainee] });
  competencyId = (await findCompetency("who.role-01")).id;
});

afterAll(async () => {
  for (const { context } of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

const url = (path: string) => new URL(path, server.origin).href;
const competenciesPath = () => `/o/${orgSlug}/learn/competencies`;

async function newPerson(who: string): Promise<Page> {
  const opened = await openPage(browser);
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

/** The level the competency's card shows, e.g. "Developing". */
async function levelOnCard(page: Page): Promise<string> {
  const text = await page.locator(`#competency-${competencyId} .competency-card__level`).innerText();
  return text.replace(/^\s*Level from evidence:\s*/, "").trim();
}

let traineePage: Page;

describe("a trainee's competencies move with their evidence", () => {
  it("finds the competencies page in the organization's navigation, every competency at Not yet", async () => {
    traineePage = await newPerson("trainee");
    await signIn(traineePage, trainee);
    await traineePage.getByRole("navigation", { name: `${orgName} sections` }).getByRole("link", { name: "Competencies" }).click();
    await traineePage.waitForURL(url(competenciesPath()));
    await traineePage.getByRole("heading", { level: 1, name: "Your competencies" }).waitFor();
    expect(await levelOnCard(traineePage)).toBe("Not yet");
    // The chart is an image with a summary; the table beside it says the same in words.
    const chart = traineePage.getByRole("img", { name: /Bar chart of 23 competencies by level: 23 not yet/ });
    expect(await chart.count()).toBe(1);
    const row = traineePage.getByRole("row", { name: new RegExp(COMPETENCY) });
    expect(await row.innerText()).toMatch(/Not yet\s+Not rated/);
    await expectNoAxeViolations(traineePage, "competencies (nothing yet)");
  });

  it("rates themselves with the keyboard alone; the rating shows beside the level, which does not move", async () => {
    await traineePage.getByRole("link", { name: "Rate yourself" }).first().click();
    await traineePage.waitForURL(url(`${competenciesPath()}/self-assessment`));
    await traineePage.getByRole("heading", { level: 1, name: "Rate yourself" }).waitFor();
    await expectNoAxeViolations(traineePage, "self-assessment");
    await tabTo(traineePage, `#rate-${competencyId}-1`, { limit: 80 });
    await traineePage.keyboard.press("Space");
    await traineePage.keyboard.press("ArrowDown");
    expect(await traineePage.locator(`#rate-${competencyId}-2`).isChecked()).toBe(true);
    expect((await describeFocus(traineePage)).id).toBe(`rate-${competencyId}-2`);
    await tabTo(traineePage, "button[type=submit]");
    await afterSubmit(traineePage, () => traineePage.keyboard.press("Enter"));
    await traineePage.waitForURL(url(`${competenciesPath()}?saved=1`));
    await traineePage.getByRole("status").filter({ hasText: "Saved 1 rating." }).waitFor();
    expect(await levelOnCard(traineePage)).toBe("Not yet");
    expect(await traineePage.locator(`#competency-${competencyId} .competency-card__self`).innerText()).toMatch(/Your own rating: Learning/);
    await expectNoAxeViolations(traineePage, "competencies after rating");
  });

  it("passes a quiz and sees the level move to Developing, with the quiz as evidence", async () => {
    const module = findModule(MODULE)!;
    const section = sectionHolding(module, "Quiz", QUIZ);
    await openHydrated(traineePage, url(`/o/${orgSlug}/learn/${MODULE}?section=${section}`));
    const quiz = module.quizzes.find((q) => q.id === QUIZ)!;
    const form = traineePage.locator(`#quiz-${QUIZ}`);
    await startAndAnswerQuiz(traineePage, quiz);
    await afterSubmit(traineePage, () => form.getByRole("button", { name: "Check my answers" }).click());
    expect(await form.innerText()).toContain("You scored 100%");

    await openHydrated(traineePage, url(competenciesPath()));
    expect(await levelOnCard(traineePage)).toBe("Developing");
    const card = traineePage.locator(`#competency-${competencyId}`);
    await card.getByText(/^Evidence \(\d+\)/).click();
    expect(await card.innerText()).toContain(`Passed a quiz (100%) in ${module.frontmatter.title}`);
    expect(await traineePage.getByRole("row", { name: new RegExp(COMPETENCY) }).innerText()).toMatch(/Developing\s+Learning/);
    await expectNoAxeViolations(traineePage, "competencies after a quiz");
  });
});

describe("a trainer verifies a competency by observation", () => {
  it("records an observation from the trainee's page, and the trainee sees Verified", async () => {
    const page = await newPerson("trainer");
    await signIn(page, trainer);
    await openHydrated(page, url(`/o/${orgSlug}/teach/trainees/${trainee.id}/competencies`));
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(`${trainee.displayName}'s competencies`);
    await expectNoAxeViolations(page, "trainer's view of a trainee");

    // Refused with messages first, nothing lost.
    await afterSubmit(page, () => page.getByRole("button", { name: "Record observation" }).click());
    expect(await page.locator(".notice--error").innerText()).toContain("Some answers need a change");
    expect(await page.locator("#field-rating-error").innerText()).toBe("Choose what you saw.");
    await expectNoAxeViolations(page, "observation form with errors");

    await page.getByLabel("Competency").selectOption(competencyId);
    await page.getByLabel(/3\. On their own/).check();
    await page.getByLabel("Note").fill("In a role-play, listened first and asked what the person wanted from the visit.");
    await afterSubmit(page, () => page.getByRole("button", { name: "Record observation" }).click());
    expect(await page.getByRole("status").innerText()).toContain(`Observation recorded for “${COMPETENCY}”. Its level is now Verified.`);
    await expectNoAxeViolations(page, "trainer's view after an observation");

    await openHydrated(traineePage, url(competenciesPath()));
    expect(await levelOnCard(traineePage)).toBe("Verified");
    const card = traineePage.locator(`#competency-${competencyId}`);
    await card.getByText(/^Evidence \(\d+\)/).click();
    expect(await card.innerText()).toContain(`Observed by ${trainer.displayName}: On their own`);
    expect(await card.innerText()).toContain("listened first and asked what the person wanted");
    await expectNoAxeViolations(traineePage, "competencies after an observation");
  });

  it("left nothing red in any browser console", () => {
    for (const { problems, who } of contexts) expect(problems, who).toEqual([]);
  });
});
