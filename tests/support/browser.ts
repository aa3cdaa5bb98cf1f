import { AxeBuilder } from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { expect } from "vitest";

/** The system Chromium (Debian package); tests never download a browser. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Starts headless Chromium. Each `browser.newContext()` is a fresh, empty profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** The WCAG 2.x A and AA rule sets, up to 2.2 AA. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Pages opened by `openPage` with JavaScript turned off. */
const pagesWithoutScripts = new WeakSet<Page>();

/**
 * Axe runs inside the page, which a page without JavaScript cannot do (the
 * call would wait forever). For those, axe checks a copy of the page's HTML,
 * scripts removed, in a scratch page of the same size that loads the same
 * stylesheets.
 */
async function runAxe(page: Page) {
  if (!pagesWithoutScripts.has(page)) return new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const origin = new URL(page.url()).origin;
  const html = (await page.content())
    .replace(/<script\b[\s\S]*?<\/script>/gi, "")
    .replace(/<head([^>]*)>/i, `<head$1><base href="${origin}/">`);
  const scratch = await page.context().browser()!.newContext({ viewport: page.viewportSize() });
  try {
    const copy = await scratch.newPage();
    await copy.setContent(html, { waitUntil: "load" });
    return await new AxeBuilder({ page: copy }).withTags(AXE_TAGS).analyze();
  } finally {
    await scratch.close();
  }
}

/**
 * Runs axe on the page as it is now and fails the test with one line per
 * violation: rule id, impact and the CSS target of every failing node. The
 * page must come from `browser.newContext()` (as `openPage` makes them), not
 * `browser.newPage()`, which axe refuses.
 */
export async function expectNoAxeViolations(page: Page, label = page.url()): Promise<void> {
  const results = await runAxe(page);
  const lines = results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact ?? "unknown impact"}) at ${node.target.map(String).join(" > ")}: ${violation.help}`,
    ),
  );
  expect(lines, `axe found accessibility problems on ${label}`).toEqual([]);
}

/**
 * Collects what would show up red in the browser console: uncaught errors,
 * console.error (hydration mismatches, CSP refusals) and failed requests.
 */
export function watchPageProblems(page: Page, options: { javaScriptEnabled?: boolean } = {}): string[] {
  const problems: string[] = [];
  const scriptsOff = options.javaScriptEnabled === false;
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    // Chrome logs every 4xx answer this way, including a form sent back with errors; those are expected.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on("response", (response) => {
    if (new URL(response.url()).pathname.startsWith("/build/") && response.status() >= 400) {
      problems.push(`script missing: ${response.url()} answered ${response.status()}`);
    }
  });
  page.on("requestfailed", (request) => {
    // A navigation that replaces a pending fetch aborts it; that is not a fault.
    if (request.failure()?.errorText === "net::ERR_ABORTED") return;
    // With JavaScript off, Chromium refuses every script file (reported as "csp").
    if (scriptsOff && request.resourceType() === "script") return;
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ""}`);
  });
  return problems;
}

/** A new, empty browser profile with one page, its console problems watched. */
export async function openPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  // Fail a step in seconds, not in Playwright's default half minute.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  if (options.javaScriptEnabled === false) pagesWithoutScripts.add(page);
  return { context, page, problems: watchPageProblems(page, { javaScriptEnabled: options.javaScriptEnabled }) };
}

/**
 * Opens a page and waits until React has taken it over, so that keys and
 * clicks reach the app's handlers rather than the plain HTML.
 */
export async function openHydrated(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: "load" });
  await waitForHydration(page);
}

/** Waits for the mark root.tsx sets once React has hydrated the page. */
export async function waitForHydration(page: Page, options: { timeout?: number } = {}): Promise<void> {
  await page.waitForFunction(() => document.documentElement.hasAttribute("data-hydrated"), undefined, options);
}

/**
 * Does `act` (a click or a key press that sends a form) and waits until the
 * server has answered and Remix has finished loading the page that follows.
 */
export async function afterSubmit(page: Page, act: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForResponse((response) => response.request().method() === "POST"), act()]);
  await page.waitForLoadState("load");
  // Without JavaScript nothing can run in the page; there, wait for the next page's address instead.
  if (pagesWithoutScripts.has(page)) return;
  await page.waitForFunction(() => {
    const router = (window as unknown as { __remixRouter?: { state: { navigation: { state: string } } } }).__remixRouter;
    return !router || router.state.navigation.state === "idle";
  });
  // React shows the new state a moment after the router settles; two frames cover that.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** The element that has focus now, described for assertions and messages. */
export function describeFocus(page: Page): Promise<{ tag: string; id: string; name: string; text: string; href: string }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return {
      tag: element?.tagName.toLowerCase() ?? "",
      id: element?.id ?? "",
      name: element?.getAttribute("name") ?? "",
      text: (element?.textContent ?? "").replace(/\s+/g, " ").trim(),
      href: element?.getAttribute("href") ?? "",
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the element matching `selector` has focus,
 * failing after `limit` presses, the way a keyboard user moves through the page.
 */
export async function tabTo(page: Page, selector: string, options: { backwards?: boolean; limit?: number } = {}): Promise<void> {
  const limit = options.limit ?? 25;
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press(options.backwards ? "Shift+Tab" : "Tab");
    const reached = await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector);
    if (reached) return;
  }
  const focused = await describeFocus(page);
  throw new Error(`Tab did not reach ${selector} within ${limit} presses; focus is on ${JSON.stringify(focused)}`);
}

/** Signs in through the sign-in form, as a person would, and waits for the page it leads to. */
export async function signInThroughForm(page: Page, origin: string, person: { email: string; password: string }, landingPath: string): Promise<void> {
  await openHydrated(page, new URL("/signin", origin).href);
  await page.getByLabel("Email address").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(new URL(landingPath, origin).href);
}

/**
 * Presses "Start the quiz" in a quiz's section (the server draws the paper),
 * then ticks each question's right options by their labels: options are
 * shuffled per attempt, so neither their place nor their value names them.
 */
export async function startAndAnswerQuiz(
  page: Page,
  quiz: { id: string; questions: { id: string; kind: string; options: { label: string; correct: boolean }[] }[] },
): Promise<void> {
  const form = page.locator(`#quiz-${quiz.id}`);
  await afterSubmit(page, () => form.getByRole("button", { name: "Start the quiz" }).click());
  for (const question of quiz.questions) {
    const group = form.locator("fieldset", { has: page.locator(`input[name="q.${question.id}"]`) });
    if ((await group.count()) === 0) continue; // not drawn for this attempt
    for (const option of question.options.filter((o) => o.correct).slice(0, question.kind === "multiple" ? undefined : 1)) {
      await group.getByLabel(option.label, { exact: true }).check();
    }
  }
}
