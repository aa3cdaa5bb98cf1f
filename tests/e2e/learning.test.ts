import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  afterSubmit,
  describeFocus,
  expectNoAxeViolations,
  launchBrowser,
  openHydrated,
  openPage,
  tabTo,
} from "../support/browser";
import { createTestMember, createTestOrganization } from "../support/factories";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * A trainee works through the sample module "Mutuality and equality" in a
 * real browser: the module list, the content-notes gate (and the summary it
 * offers instead), a quiz failed and then passed (the retake with the
 * keyboard only), a reflection written with the keyboard, autosaved, saved
 * and shared, and the journal that lists it. Axe checks every page and state
 * on the way. A second trainee without JavaScript answers the quiz as a plain
 * form. Each module section is one page: ?section=<id>.
 */

const ORGANIZATION_NAME = "Harbour Peer Network";
const MODULE_TITLE = "Mutuality and equality";
const MODULE_SLUG = "mutuality-and-equality";
const QUIZ = "#quiz-mutuality-check";
const WRONG_PRIYA = "Share what she knows, just this once.";
const WRONG_PRIYA_FEEDBACK = "Giving in would break the person's trust and the values of peer support.";
const RIGHT_PRIYA = "Explain the peer support role again and suggest the manager talk with the patient directly.";
const RIGHT_PRIYA_FEEDBACK = "Explaining the role calmly and involving the person keeps trust";
const LATER_ANSWERS = [
  "Both people learn from each other.",
  '"I meet every week with the people I support."',
  "Mo asks what matters most to Alex and helps him weigh up both offers.",
];
const LATER_QUESTIONS = ["q.both-learn", "q.power-words", "q.alex-housing"];
const EQUAL_PRACTICE_RIGHT = ["Asking the person what they want from your time together", "Using everyday language rather than clinical labels"];
const REFLECTION_TEXT =
  "On a ward, staff decided my medication without asking me. Later a peer worker asked what I wanted from our time together, and I felt like a person again.";
const REFLECTION = "#reflection-power-moment-body";

let server: TestServer;
let browser: Browser;
let orgSlug = "";
let trainee = { email: "", password: "" };
let secondTrainee = { email: "", password: "" };
const contexts: { context: BrowserContext; problems: string[]; who: string }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const { organization } = await createTestOrganization(ORGANIZATION_NAME);
  orgSlug = organization.slug;
  trainee = await createTestMember(organization.id, "trainee");
  secondTrainee = await createTestMember(organization.id, "trainee");
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
const learnPath = () => `/o/${orgSlug}/learn`;
const modulePath = () => `${learnPath()}/${MODULE_SLUG}`;
const sectionOf = (page: Page) => new URL(page.url()).searchParams.get("section");
const mainText = (page: Page) => page.locator("main").innerText();
const heading1 = (page: Page) => page.getByRole("heading", { level: 1 }).innerText();

/** The value of the lesson's progress bar (0 to 100), checked against the words beside it. */
async function lessonProgress(page: Page): Promise<number> {
  const bar = page.locator("main .lesson__header progress");
  const value = await bar.evaluate((element) => (element as HTMLProgressElement).value);
  expect(await bar.getAttribute("aria-label")).toBe(`Progress in ${MODULE_TITLE}`);
  expect(await page.locator("main .lesson__header .progress__text").innerText()).toBe(`${value}% done`);
  return value;
}

async function signIn(page: Page, person: { email: string; password: string }) {
  await page.getByLabel("Email address").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // One organization: the start page leads straight to it.
  await arrive(page, `/o/${orgSlug}`, page.getByRole("heading", { level: 1, name: ORGANIZATION_NAME }));
}

/**
 * After a click or key press that leads to another page of the app: waits for
 * the address, then for something only the new page has (the app renders it
 * a moment after the address changes).
 */
async function arrive(page: Page, path: string, landmark: Locator) {
  await page.waitForURL(url(path));
  await landmark.waitFor();
}

/** The same for another part of the lesson (same path, another ?section=). */
async function arriveAtSection(page: Page, section: string, title: string) {
  await page.waitForURL((address) => address.searchParams.get("section") === section);
  await page.getByRole("heading", { level: 2, name: title, exact: true }).waitFor();
}

/** Saves the whole page as pictures one screen high: <prefix>-0.png, <prefix>-1.png, … */
async function screenshotByScreen(page: Page, prefix: string) {
  const { width, height } = page.viewportSize()!;
  const total = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0, n = 0; y < total; y += height, n += 1) {
    await page.screenshot({ path: `${prefix}-${n}.png`, fullPage: true, clip: { x: 0, y, width, height: Math.min(height, total - y) } });
  }
}

let page: Page;
/** The address of the failed attempt's feedback, seen again on a phone. */
let failedAttemptPath = "";
const progressSeen: number[] = [];

/** The text of the label of the focused form field. */
function focusedLabel(page: Page): Promise<string> {
  return page.evaluate(() => ((document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent ?? "").trim());
}

describe("a trainee works through a module with content notes, a quiz and a reflection", () => {
  it("signs in and finds the module in the module list", async () => {
    page = await newPerson("trainee");
    await openHydrated(page, url("/signin"));
    await signIn(page, trainee);
    await expectNoAxeViolations(page, "organization home (trainee, nothing started)");
    expect(await mainText(page)).toContain("You have completed 0 of");

    await page.getByRole("navigation", { name: `${ORGANIZATION_NAME} sections` }).getByRole("link", { name: "Modules" }).click();
    await arrive(page, learnPath(), page.getByRole("heading", { level: 1, name: "Modules" }));
    await expectNoAxeViolations(page, "module list");

    const card = page.locator(".module-card", { has: page.getByRole("link", { name: MODULE_TITLE, exact: true }) });
    expect(await card.count()).toBe(1);
    expect(await card.locator(".status").innerText()).toBe("Not started");
    expect(await card.locator("progress").evaluate((element) => (element as HTMLProgressElement).value)).toBe(0);
  });

  it("meets the content notes first; the summary link leads to the key ideas", async () => {
    await page.getByRole("link", { name: MODULE_TITLE, exact: true }).click();
    const gate = page.getByRole("region", { name: "Before you start: content notes" });
    await arrive(page, modulePath(), gate);
    expect(await heading1(page)).toBe(MODULE_TITLE);
    expect(await gate.innerText()).toContain("This module mentions coercion and loss of control in mental health services.");
    expect(await page.locator(".lesson__body").count(), "no lesson content before the notes").toBe(0);
    expect(await gate.getByRole("link", { name: "Continue to the lesson" }).getAttribute("href")).toBe(
      `${modulePath()}?section=both-learn`,
    );
    await expectNoAxeViolations(page, "content notes gate");

    await gate.getByRole("link", { name: "Skip to the summary" }).click();
    await arrive(page, `${modulePath()}/summary`, page.getByRole("heading", { level: 2, name: "Key ideas" }));
    expect(await heading1(page)).toBe(MODULE_TITLE);
    expect(await page.locator("main .eyebrow").innerText()).toMatch(/summary/i);
    expect(await page.getByRole("heading", { level: 2, name: "Key ideas" }).count()).toBe(1);
    const ideas = await page.locator("main .key-ideas li").allInnerTexts();
    expect(ideas.length).toBeGreaterThan(0);
    expect(ideas.join(" ")).toContain("Everyone has something to teach and something to learn.");
    expect(await mainText(page)).toContain("Content notes: This module mentions coercion");
    await expectNoAxeViolations(page, "module summary");

    // Reading the summary does not start the module: the notes still come first.
    await page.goBack();
    await arrive(page, modulePath(), gate);
    await page.getByRole("link", { name: "Continue to the lesson" }).click();
    await arriveAtSection(page, "both-learn", "Both people learn");
    expect(await mainText(page)).toContain("Part 1 of 3");
    expect(await page.getByRole("navigation", { name: "Parts of this module" }).locator('[aria-current="step"]').innerText()).toBe(
      "Both people learn",
    );
    progressSeen.push(await lessonProgress(page));
    expect(progressSeen[0], "opening the first part counts").toBeGreaterThan(0);
    await expectNoAxeViolations(page, "lesson part 1");
  });

  it("goes to the part with the quiz and fails it, then reads the feedback", async () => {
    await page.getByRole("navigation", { name: "Previous and next part" }).getByRole("link", { name: "Next part" }).click();
    await arriveAtSection(page, "sharing-power", "Sharing power");
    progressSeen.push(await lessonProgress(page));
    expect(progressSeen[1]).toBeGreaterThan(progressSeen[0]!);
    await expectNoAxeViolations(page, "lesson part 2 with the quiz");

    const quiz = page.locator(QUIZ);
    expect(await quiz.innerText()).toContain("You need 80% to pass.");
    expect(await quiz.locator("fieldset").count(), "no question before the quiz is started").toBe(0);
    await afterSubmit(page, () => quiz.getByRole("button", { name: "Start the quiz" }).click());
    expect(sectionOf(page)).toBe("sharing-power");
    await expectNoAxeViolations(page, "quiz started, its paper drawn");
    await quiz.getByRole("group", { name: /tell service staff/ }).getByLabel("True", { exact: true }).check();
    await quiz.getByLabel("Asking the person what they want from your time together").check();
    await quiz.getByLabel("Using everyday language rather than clinical labels").check();
    await quiz.getByLabel(WRONG_PRIYA).check();
    for (const answer of LATER_ANSWERS) await quiz.getByLabel(answer).check();
    await afterSubmit(page, () => quiz.getByRole("button", { name: "Check my answers" }).click());

    expect(sectionOf(page)).toBe("sharing-power");
    failedAttemptPath = new URL(page.url()).pathname + new URL(page.url()).search;
    expect(failedAttemptPath).toMatch(/&attempt=\w+$/);
    const status = quiz.getByRole("status");
    expect(await status.innerText()).toContain("You scored 67%. You need 80% to pass.");
    expect(await status.innerText()).toContain("Read the feedback below, then try again");
    const feedback = quiz.locator(".feedback-list > li");
    expect(await feedback.count()).toBe(6);
    expect(await feedback.nth(0).innerText()).toContain("Not quite. You chose: True");
    expect(await feedback.nth(0).innerText()).toContain("The answer: False");
    expect(await feedback.nth(1).innerText()).toContain("Right.");
    const priya = await feedback.nth(2).innerText();
    expect(priya).toContain(`Not quite. You chose: ${WRONG_PRIYA}`);
    expect(priya).toContain(WRONG_PRIYA_FEEDBACK);
    expect(priya).toContain(`The answer: ${RIGHT_PRIYA}`);
    expect(await quiz.locator(".feedback-list").isVisible()).toBe(true);
    expect(await quiz.locator(".attempts summary").innerText()).toBe("Your attempts (1)");
    expect(await lessonProgress(page), "a failed quiz does not add progress").toBe(progressSeen[1]);
    await expectNoAxeViolations(page, "quiz result (not passed)");
  });

  it("retakes the quiz with the keyboard only and passes", async () => {
    await page.locator("body").focus();
    await tabTo(page, `${QUIZ} .quiz-result a.button`, { limit: 60 });
    expect(await describeFocus(page)).toMatchObject({ tag: "a", text: "Try again" });
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Start the quiz" }).waitFor();
    expect(sectionOf(page)).toBe("sharing-power");
    await tabTo(page, `${QUIZ} button`, { limit: 60 });
    expect(await describeFocus(page)).toMatchObject({ tag: "button", text: "Start the quiz" });
    await afterSubmit(page, () => page.keyboard.press("Enter"));
    await page.getByRole("button", { name: "Check my answers" }).waitFor();
    expect(await page.locator(`${QUIZ} input:checked`).count(), "the retake starts empty").toBe(0);
    await expectNoAxeViolations(page, "quiz, second try");

    // Question 1 (true or false): Tab reaches the new form's first group, on "True"; the arrow key
    // moves to "False" and picks it.
    await tabTo(page, `${QUIZ} input[name="q.reporting"]`, { limit: 60 });
    await page.keyboard.press("ArrowDown");
    expect(await page.getByLabel("False", { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel("True", { exact: true }).isChecked()).toBe(false);

    // Question 2 (choose all that apply): Tab visits each box, in the order this paper shows them; Space ticks the right ones.
    const boxes = await page.locator(`${QUIZ} input[name="q.equal-practice"]`).count();
    for (let box = 0; box < boxes; box++) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/-equal-practice-/);
      if (EQUAL_PRACTICE_RIGHT.includes(await focusedLabel(page))) await page.keyboard.press("Space");
    }
    expect(await page.getByLabel("Asking the person what they want from your time together").isChecked()).toBe(true);
    expect(await page.getByLabel("Deciding which groups the person should attend").isChecked()).toBe(false);
    expect(await page.getByLabel("Using everyday language rather than clinical labels").isChecked()).toBe(true);

    // Questions 3 to 6: Tab into each group, then the arrow keys to the right answer, wherever this paper put it.
    for (const [name, answer] of [["q.priya", RIGHT_PRIYA], ...LATER_ANSWERS.map((a, i) => [LATER_QUESTIONS[i]!, a])] as const) {
      await page.keyboard.press("Tab");
      expect(await describeFocus(page)).toMatchObject({ tag: "input", name });
      for (let press = 0; press < 6 && !(await page.getByLabel(answer).isChecked()); press++) await page.keyboard.press("ArrowDown");
      expect(await page.getByLabel(answer).isChecked()).toBe(true);
    }

    await page.keyboard.press("Tab");
    expect(await describeFocus(page)).toMatchObject({ tag: "button", text: "Check my answers" });
    await afterSubmit(page, () => page.keyboard.press("Enter"));

    const quiz = page.locator(QUIZ);
    expect(await quiz.getByRole("status").innerText()).toContain("You scored 100% and passed this quiz.");
    const feedback = await quiz.locator(".feedback-list").innerText();
    expect(feedback).not.toContain("Not quite.");
    expect(feedback).toContain(RIGHT_PRIYA_FEEDBACK);
    expect(await quiz.locator(".quiz-result a.button").innerText()).toBe("Take the quiz again");
    expect(await quiz.locator(".attempts summary").innerText()).toBe("Your attempts (2)");
    progressSeen.push(await lessonProgress(page));
    expect(progressSeen[2], "passing the quiz adds progress").toBeGreaterThan(progressSeen[1]!);
    expect(await mainText(page)).not.toContain("You have completed this module");
    await expectNoAxeViolations(page, "quiz result (passed)");
  });

  it("writes, autosaves, saves and shares the reflection with the keyboard only", async () => {
    await tabTo(page, '.lesson__pager a[href$="section=reflect"]', { limit: 60 });
    expect(await describeFocus(page)).toMatchObject({ text: "Next part" });
    await page.keyboard.press("Enter");
    await arriveAtSection(page, "reflect", "Reflect");
    expect(await mainText(page)).toContain("Part 3 of 3");
    progressSeen.push(await lessonProgress(page));
    expect(progressSeen[3]).toBeGreaterThan(progressSeen[2]!);
    await expectNoAxeViolations(page, "lesson part 3, reflection empty");

    const status = page.locator("#reflection-power-moment-status");
    await tabTo(page, REFLECTION, { limit: 40 });
    await page.keyboard.type(REFLECTION_TEXT);
    expect(await status.innerText()).toBe("Not saved yet.");
    // A moment after the typing stops, the text saves itself.
    await page.waitForFunction((selector) => /^Saved/.test(document.querySelector(selector)?.textContent ?? ""), "#reflection-power-moment-status");
    expect(await status.innerText()).toMatch(/^Saved at \d\d:\d\d UTC\.$/);
    expect(await describeFocus(page), "saving does not take the cursor out of the text").toMatchObject({ tag: "textarea" });
    expect(await page.locator(REFLECTION).inputValue()).toBe(REFLECTION_TEXT);
    await expectNoAxeViolations(page, "reflection autosaved");

    // Writing on after the autosave keeps every character.
    await page.keyboard.type(" I try to share power now.");
    await tabTo(page, ".reflection__actions button");
    expect(await describeFocus(page)).toMatchObject({ tag: "button", text: "Save reflection" });
    await afterSubmit(page, () => page.keyboard.press("Enter"));
    await page.waitForFunction((selector) => /^Saved/.test(document.querySelector(selector)?.textContent ?? ""), "#reflection-power-moment-status");
    expect(await page.locator(REFLECTION).inputValue()).toBe(`${REFLECTION_TEXT} I try to share power now.`);

    // Answering the required reflection completes the module.
    expect(await page.locator("main .lesson__header [role=status]").innerText()).toContain("You have completed this module");
    progressSeen.push(await lessonProgress(page));
    expect(progressSeen[4]).toBe(100);
    expect(progressSeen, "the progress bar only moves up").toEqual([...progressSeen].sort((a, b) => a - b));

    const sharing = page.locator(".reflection__sharing");
    expect(await sharing.innerText()).toContain("Private: only you can read it. Your trainers see only a count.");
    await tabTo(page, ".reflection__sharing button");
    expect(await describeFocus(page)).toMatchObject({ tag: "button", text: "Share with my trainers" });
    await afterSubmit(page, () => page.keyboard.press("Enter"));
    await sharing.getByText("Shared with your trainers.").waitFor();
    expect(await sharing.getByRole("button").innerText()).toBe("Stop sharing");
    await expectNoAxeViolations(page, "reflection saved and shared, module completed");

    // Reloaded, the page still says so.
    await openHydrated(page, page.url());
    expect(await page.locator(REFLECTION).inputValue()).toBe(`${REFLECTION_TEXT} I try to share power now.`);
    expect(await page.locator(".reflection__sharing").innerText()).toContain("Shared with your trainers.");
    expect(await mainText(page)).toContain("You have completed this module");
  });

  it("finds the shared reflection in the journal and the module completed in the list", async () => {
    await page.getByRole("navigation", { name: `${ORGANIZATION_NAME} sections` }).getByRole("link", { name: "Journal" }).click();
    await arrive(page, `${learnPath()}/journal`, page.getByRole("heading", { level: 1, name: "Your reflection journal" }));
    const entry = page.locator(".journal__entry", { hasText: MODULE_TITLE });
    expect(await entry.count()).toBe(1);
    const text = await entry.innerText();
    expect(text).toContain("Describe a moment when you had no say");
    expect(text).toContain(`${REFLECTION_TEXT} I try to share power now.`);
    expect(text).toContain("Shared with your trainers");
    expect(await entry.getByRole("button", { name: "Stop sharing" }).count()).toBe(1);
    await expectNoAxeViolations(page, "journal");

    await page.getByRole("navigation", { name: `${ORGANIZATION_NAME} sections` }).getByRole("link", { name: "Modules" }).click();
    await arrive(page, learnPath(), page.getByRole("heading", { level: 1, name: "Modules" }));
    const card = page.locator(".module-card", { has: page.getByRole("link", { name: MODULE_TITLE, exact: true }) });
    expect(await card.locator(".status").innerText()).toBe("Completed");
    expect(await card.locator("progress").evaluate((element) => (element as HTMLProgressElement).value)).toBe(100);
    await expectNoAxeViolations(page, "module list after completing a module");
  });
});

describe("without JavaScript", () => {
  it("the quiz is a plain form and the result page shows the score", async () => {
    const plainPage = await newPerson("trainee without JavaScript", { javaScriptEnabled: false });
    await plainPage.goto(url("/signin"));
    await plainPage.getByLabel("Email address").fill(secondTrainee.email);
    await plainPage.getByLabel("Password").fill(secondTrainee.password);
    await Promise.all([plainPage.waitForURL(url(`/o/${orgSlug}`)), plainPage.getByRole("button", { name: "Sign in" }).click()]);

    await plainPage.goto(url(`${modulePath()}?section=sharing-power`));
    expect(await plainPage.locator(".skip-link").count()).toBe(1);
    expect(await plainPage.getByRole("heading", { level: 2, name: "Sharing power" }).count()).toBe(1);
    expect(await plainPage.evaluate(() => "__remixRouter" in window), "no script ran").toBe(false);
    await expectNoAxeViolations(plainPage, "lesson part 2 without JavaScript");

    const quiz = plainPage.locator(QUIZ);
    await Promise.all([plainPage.waitForURL((address) => address.hash === "#quiz-mutuality-check"), quiz.getByRole("button", { name: "Start the quiz" }).click()]);
    await quiz.getByLabel("False", { exact: true }).check();
    await quiz.getByLabel("Asking the person what they want from your time together").check();
    await quiz.getByLabel(RIGHT_PRIYA).check();
    for (const answer of LATER_ANSWERS) await quiz.getByLabel(answer).check();
    await Promise.all([
      plainPage.waitForURL((address) => address.searchParams.has("attempt")),
      quiz.getByRole("button", { name: "Check my answers" }).click(),
    ]);

    // One of the two right answers in question 2 earns half of it: 5.5 of 6 is 92%, over the pass mark of 80%.
    expect(sectionOf(plainPage)).toBe("sharing-power");
    expect(new URL(plainPage.url()).hash).toBe("#quiz-mutuality-check");
    expect(await plainPage.locator(`${QUIZ} [role=status]`).innerText()).toContain("You scored 92% and passed this quiz.");
    const feedback = plainPage.locator(`${QUIZ} .feedback-list > li`);
    expect(await feedback.count()).toBe(6);
    expect(await feedback.nth(1).innerText()).toContain("Partly right. You chose: Asking the person what they want from your time together");
    expect(await feedback.nth(2).innerText()).toContain(RIGHT_PRIYA_FEEDBACK);
    expect(await plainPage.locator(`${QUIZ} .quiz-result a`).innerText()).toBe("Take the quiz again");
    await expectNoAxeViolations(plainPage, "quiz result without JavaScript");
  });
});

describe("on a phone", () => {
  it("the lesson pages fit a 390 pixel wide screen, quiz feedback and shared reflection included", async () => {
    const phone = await newPerson("trainee on a phone", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await openHydrated(phone, url("/signin"));
    await signIn(phone, trainee);
    const views = [
      { name: "quiz", path: `${modulePath()}?section=sharing-power` },
      { name: "quiz-feedback", path: failedAttemptPath },
      { name: "reflection", path: `${modulePath()}?section=reflect` },
    ];
    for (const view of views) {
      if (!view.path) continue; // the quiz feedback needs the attempt made earlier in this file
      await openHydrated(phone, url(view.path));
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${view.name} scrolls sideways`).toBeLessThanOrEqual(0);
      // LESSON_SCREENSHOTS=/some/folder keeps a picture of each page, one screen high each, to look at.
      if (process.env.LESSON_SCREENSHOTS) await screenshotByScreen(phone, join(process.env.LESSON_SCREENSHOTS, `lesson-${view.name}-390`));
      await expectNoAxeViolations(phone, `${view.name} on a phone`);
    }
  });
});

describe("the browser console", () => {
  it("no page logged a script error, a CSP refusal, a hydration mismatch or a missing file", () => {
    for (const { who, problems } of contexts) expect(problems, `browser problems for ${who}`).toEqual([]);
  });
});
