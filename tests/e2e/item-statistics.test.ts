import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findModule } from "~/content/catalog.server";
import { expectNoAxeViolations, launchBrowser, openPage, signInThroughForm, tabTo, waitForHydration } from "../support/browser";
import { addToCohort, createNamedMember, createTestCohort } from "../support/cohort-factories";
import { createTestOrganization } from "../support/factories";
import { answersWith, submitFirstQuiz } from "../support/quiz-answer-factories";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * A trainer finds the question statistics from the Cohorts page, opens a
 * module's, narrows it to their cohort with the keyboard, at desktop and
 * phone width; axe checks each page and nothing spills sideways on the phone.
 * ITEM_SCREENSHOTS=<folder> keeps a screenshot of each width.
 */

const BASICS = "what-is-peer-support";

let server: TestServer;
let browser: Browser;
let slug = "";
let trainer = { email: "", password: "" };
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const module = findModule(BASICS)!;
  const { organization } = await createTestOrganization("Harbour Peer Network");
  slug = organization.slug;
  const organizationId = organization.id;
  const person = await createNamedMember(organizationId, "Tess Trainer", "trainer");
  trainer = person;
  const cohortId = (await createTestCohort({ organizationId, trainer: person, name: "Harbour autumn group" })).id;
  const trainees = [];
  for (let i = 0; i < 15; i++) trainees.push(await createNamedMember(organizationId, `Harbour Trainee ${i + 1}`));
  await addToCohort({ organizationId, cohortId, trainer: person, people: trainees });
  const firstChoices = ["b", "b", "b", "b", "a", "b", "b", "c", "a", "b", "b", "a", "a", "c", "a"];
  for (const [i, trainee] of trainees.entries()) {
    await submitFirstQuiz({ organizationId, userId: trainee.id }, module, answersWith(module.quizzes[0]!, firstChoices[i]!, i < 5 ? 6 : i < 10 ? 4 : 2));
  }
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

describe("question statistics in the browser", () => {
  it.each([
    ["desktop", 1280, 900],
    ["phone", 390, 844],
  ] as const)("a trainer reads them on a %s, axe finds nothing, choices work by keyboard", async (name, width, height) => {
    const { context, page, problems } = await openPage(browser, { viewport: { width, height } });
    contexts.push(context);
    await signInThroughForm(page, server.origin, trainer, `/o/${slug}`);
    await page.goto(new URL(`/o/${slug}/teach`, server.origin).href);
    await page.getByRole("link", { name: "Question statistics" }).click();
    await page.waitForURL(new URL(`/o/${slug}/teach/questions`, server.origin).href);
    await waitForHydration(page);
    await expectNoAxeViolations(page, `question statistics list (${name})`);
    await page.getByRole("link", { name: findModule(BASICS)!.frontmatter.title }).click();
    await page.waitForURL(new URL(`/o/${slug}/teach/questions/${BASICS}`, server.origin).href);
    await waitForHydration(page);
    await expect.poll(() => page.getByRole("table", { name: /Questions of “Check your understanding”/ }).count()).toBe(1);
    await expectNoAxeViolations(page, `question statistics of a module (${name})`);

    // Narrowed to the cohort with the keyboard only: the same answers, so the same figures.
    await tabTo(page, "#reach-cohort", { limit: 60 });
    await page.keyboard.press("ArrowDown");
    await tabTo(page, ".matrix-filter button");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\?cohort=[a-z2-7]{16}$/);
    await waitForHydration(page);
    await expect.poll(() => page.locator("main").innerText()).toContain("Answers of the trainees of “Harbour autumn group”");
    const peerMeaning = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /^1\. Jo is starting work/ }) });
    await expect.poll(() => peerMeaning.innerText()).toMatch(/15\s+53%\s+\+0\.60/);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "nothing wider than the screen").toBe(0);
    if (process.env.ITEM_SCREENSHOTS) await page.screenshot({ path: join(process.env.ITEM_SCREENSHOTS, `item-statistics-${width}.png`), fullPage: true });
    expect(problems).toEqual([]);
    // Axe over a long page of tables takes a while on a busy machine.
  }, 240_000);
});
