import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PracticeFile } from "~/content/practice";
import { describeFocus, expectNoAxeViolations, launchBrowser, openHydrated, openPage, signInThroughForm, tabTo } from "../support/browser";
import { addToCohort, createTestCohort } from "../support/cohort-factories";
import { findCompetency } from "../support/competency-factories";
import { createTestMember, createTestOrganization } from "../support/factories";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Practice tasks and rubrics in a real browser (decision 030): the trainer's
 * observation form shows the chosen competency's task and rubric, follows the
 * list as it changes, and works without JavaScript from each card's link; the
 * trainee opens a task on their page with the keyboard. Axe checks each view
 * at desktop and phone width, and nothing may scroll sideways on the phone.
 * With SCREENS_DIR set, the views are saved as PNGs to look at.
 */

const who = JSON.parse(readFileSync("content/practice/who-qualityrights.json", "utf8")) as PracticeFile;
const taskOf = (code: string) => who.practice.find((p) => p.competency === code)!;

let server: TestServer;
let browser: Browser;
let orgSlug = "";
let trainee = { id: "", email: "", password: "", displayName: "" };
let trainer = { id: "", email: "", password: "", displayName: "" };
let crisis = { id: "", title: "" };
let listening = { id: "", title: "" };
const contexts: { context: BrowserContext; problems: string[]; who: string }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const { organization } = await createTestOrganization("Harbour Peer Network");
  orgSlug = organization.slug;
  trainee = await createTestMember(organization.id, "trainee");
  trainer = await createTestMember(organization.id, "trainer");
  const cohort = await createTestCohort({ organizationId: organization.id, trainer });
  await addToCohort({ organizationId: organization.id, cohortId: cohort.id, trainer, people: [trainee] });
  crisis = await findCompetency("who.role-08");
  listening = await findCompetency("who.role-09");
});

afterAll(async () => {
  for (const { context } of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

const url = (path: string) => new URL(path, server.origin).href;
const observePath = () => `/o/${orgSlug}/teach/trainees/${trainee.id}/competencies`;

async function signedIn(person: { email: string; password: string }, landing: string, options: { width?: number; javaScriptEnabled?: boolean } = {}) {
  const width = options.width ?? 1280;
  const opened = await openPage(browser, { viewport: { width, height: 900 }, javaScriptEnabled: options.javaScriptEnabled });
  contexts.push({ ...opened, who: `${landing} at ${width}${options.javaScriptEnabled === false ? " without JavaScript" : ""}` });
  if (options.javaScriptEnabled === false) {
    await opened.page.goto(url("/signin"));
    await opened.page.getByLabel("Email address").fill(person.email);
    await opened.page.getByLabel("Password").fill(person.password);
    await Promise.all([opened.page.waitForURL(url(`/o/${orgSlug}`)), opened.page.getByRole("button", { name: "Sign in" }).click()]);
  } else {
    await signInThroughForm(opened.page, server.origin, person, `/o/${orgSlug}`);
  }
  return opened.page;
}

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

async function screenshot(page: Page, name: string, selector?: string) {
  const dir = process.env.SCREENS_DIR;
  if (!dir) return;
  const path = join(dir, `${name}.png`);
  if (selector) await page.locator(selector).screenshot({ path });
  else await page.screenshot({ path, fullPage: true });
}

const caption = (page: Page) => page.locator("#observe table.rubric caption").innerText();

describe("the trainer's observation form", () => {
  for (const width of [1280, 390]) {
    it(`at ${width}px shows the chosen competency's task and rubric, follows the list as it changes, and passes axe`, async () => {
      const page = await signedIn(trainer, "observation form", { width });
      await openHydrated(page, url(observePath()));
      expect(await page.locator("#observe").innerText()).toContain("Choose a competency to see its practice task");

      // Keyboard: to the list, a competency chosen there, then on through the crisis lines to the rating.
      await page.locator("#field-competencyId").focus();
      expect((await describeFocus(page)).id).toBe("field-competencyId");
      await page.locator("#field-competencyId").selectOption(crisis.id);
      expect(await caption(page)).toBe(`What to look for: ${crisis.title}`);
      const observe = await page.locator("#observe").innerText();
      expect(observe).toContain(taskOf("who.role-08").title);
      expect(observe).toContain(taskOf("who.role-08").rubric["on-their-own"][0]);
      expect(observe).toContain("If you are in distress now");
      await tabTo(page, "#observe a[href^='tel:']");
      await tabTo(page, "#observe-rating-1", { limit: 10 });
      await expectNoAxeViolations(page, `observation form with a rubric at ${width}`);
      await noSidewaysScroll(page);
      await screenshot(page, `observation-rubric-${width}`, "#observe");

      await page.locator("#field-competencyId").selectOption(listening.id);
      expect(await caption(page)).toBe(`What to look for: ${listening.title}`);
      expect(await page.locator("#observe").innerText()).not.toContain(taskOf("who.role-08").title);
    });
  }

  it("without JavaScript, each card's link opens the form with that competency's rubric", async () => {
    const page = await signedIn(trainer, "observation form", { javaScriptEnabled: false });
    await page.goto(url(observePath()));
    await page.locator(`#competency-${listening.id}`).getByRole("link", { name: `Record an observation of ${listening.title}` }).click();
    await page.waitForURL(/competency=/);
    expect(await page.locator("#field-competencyId").inputValue()).toBe(listening.id);
    expect(await caption(page)).toBe(`What to look for: ${listening.title}`);
    expect(await page.locator("#observe").innerText()).toContain(taskOf("who.role-09").steps[0]);
    await expectNoAxeViolations(page, "observation form without JavaScript");
  });
});

describe("the trainee's competency page", () => {
  it("on a phone, opens a competency's practice task with the keyboard, with what a trainer looks for; passes axe", async () => {
    const page = await signedIn(trainee, "trainee competencies", { width: 390 });
    await openHydrated(page, url(`/o/${orgSlug}/learn/competencies`));
    const card = page.locator(`#competency-${crisis.id}`);
    const summary = card.locator(".competency-card__practice summary");
    await summary.focus();
    await page.keyboard.press("Enter");
    const practice = card.locator(".competency-card__practice");
    expect(await practice.getAttribute("open")).not.toBeNull();
    const text = await practice.innerText();
    expect(text).toContain(taskOf("who.role-08").contentNote);
    expect(text).toContain("What a trainer looks for");
    expect(text).toContain(taskOf("who.role-08").rubric["could-teach-it"][0]);
    await expectNoAxeViolations(page, "trainee competencies with a practice task open");
    await noSidewaysScroll(page);
    await screenshot(page, "trainee-practice-390", `#competency-${crisis.id}`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await expectNoAxeViolations(page, "trainee competencies with a practice task open, at 1280");
    await screenshot(page, "trainee-practice-1280", `#competency-${crisis.id}`);
  });

  it("left nothing red in any browser console", () => {
    for (const { problems, who: label } of contexts) expect(problems, label).toEqual([]);
  });
});
