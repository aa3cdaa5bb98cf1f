import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, type DemoAccount } from "../../scripts/demo-accounts";
import { seedDemoIfEmpty } from "../../scripts/seed";
import { expectNoAxeViolations, launchBrowser, openHydrated, openPage, waitForHydration } from "../support/browser";
import { readRouteManifest } from "../support/route-manifest";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * The suite's own eyes: the living demo (scripts/seed.ts), visited as each of
 * its people would, with JavaScript on. From the home page, every link on
 * this site is followed, breadth first, once per kind of page (a lesson is a
 * lesson, whichever module). Each page must answer without an error, become
 * interactive (root.tsx marks <html data-hydrated> once React has taken it
 * over), log nothing red to the console (uncaught errors, React's hydration
 * mismatches) and pass axe (WCAG 2.2 AA). A page whose scripts break, as the
 * trainee records page did with a value from a `.server` module, fails here.
 */

/** Files, not pages: followed by a person, they download. */
const DOWNLOAD = /\.(pdf|csv|json|jwt|md|txt|png|svg)$/i;
/** Links that end the visit or change something just by being followed. */
const NOT_FOLLOWED = new Set(["/signout"]);
/** A runaway crawl (a link that makes new links) stops here instead of eating the time budget. */
const MAX_PAGES_PER_PERSON = 40;
const CRAWL_TIMEOUT_MS = 300_000;

let server: TestServer;
let browser: Browser;
const manifestPatterns = () =>
  [...new Set(readRouteManifest().map((route) => route.pattern))].map((pattern) => ({
    pattern,
    regex: new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z]+/g, "[^/]+")}/?$`),
    statics: pattern.split("/").filter((segment) => segment && !segment.startsWith(":")).length,
  }));
let patterns: ReturnType<typeof manifestPatterns> = [];

/** The route pattern a path belongs to, so that one page of each kind is visited; the most specific match wins, as in the router. */
function pageKind(path: string): string {
  const matches = patterns.filter((p) => p.regex.test(path)).sort((a, b) => b.statics - a.statics);
  return matches[0]?.pattern ?? path;
}

beforeAll(async () => {
  server = await startTestServer();
  await seedDemoIfEmpty(server.origin);
  browser = await launchBrowser();
  patterns = manifestPatterns();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every same-site link on the page that leads to another page, without its #fragment. */
async function pageLinks(page: Page): Promise<string[]> {
  const links = await page.$$eval("a[href]", (anchors) =>
    anchors.map((anchor) => ({ href: (anchor as HTMLAnchorElement).href, download: anchor.hasAttribute("download") })),
  );
  const origin = new URL(server.origin).origin;
  return links
    .filter((link) => !link.download)
    .map((link) => new URL(link.href))
    .filter((url) => url.origin === origin && !DOWNLOAD.test(url.pathname) && !NOT_FOLLOWED.has(url.pathname))
    .map((url) => `${url.pathname}${url.search}`);
}

/** Visits every kind of page reachable from the home page; returns what went wrong, one line per problem. */
async function crawlAs(
  account: DemoAccount,
  options: { axe: (kind: string) => boolean },
): Promise<{ visited: string[]; kinds: Set<string>; failures: string[] }> {
  const { context, page, problems } = await openPage(browser);
  try {
    await openHydrated(page, new URL("/signin", server.origin).href);
    await page.getByLabel("Email address").fill(account.email);
    await page.getByLabel("Password").fill(account.password);
    await Promise.all([page.waitForURL((url) => url.pathname !== "/signin"), page.getByRole("button", { name: "Sign in" }).click()]);

    const failures: string[] = [];
    const visited: string[] = [];
    const seenKinds = new Set<string>();
    const queue = ["/"];
    while (queue.length > 0 && visited.length < MAX_PAGES_PER_PERSON) {
      const path = queue.shift()!;
      const kind = pageKind(new URL(path, server.origin).pathname);
      if (seenKinds.has(kind)) continue;
      seenKinds.add(kind);
      problems.length = 0;
      const response = await page.goto(new URL(path, server.origin).href, { waitUntil: "load" });
      const status = response?.status() ?? 0;
      visited.push(path);
      if (status >= 400) {
        failures.push(`${path}: answered ${status}`);
        continue;
      }
      if (!(response?.headers()["content-type"] ?? "").startsWith("text/html")) continue;
      try {
        await waitForHydration(page, { timeout: 5_000 });
      } catch {
        failures.push(`${path}: never became interactive (React did not hydrate it)`);
      }
      // Effects and late script errors surface a moment after hydration.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      for (const problem of problems) failures.push(`${path}: ${problem}`);
      if (options.axe(kind)) {
        try {
          await expectNoAxeViolations(page, `${path} as ${account.email}`);
        } catch (error) {
          failures.push(`${path}: ${(error as Error).message.split("\n")[0]}`);
        }
      }
      for (const link of await pageLinks(page)) if (!seenKinds.has(pageKind(new URL(link, server.origin).pathname))) queue.push(link);
    }
    return { visited, kinds: seenKinds, failures };
  } finally {
    await context.close();
  }
}

// Trainees share most kinds of page: axe checks each kind once for all of them (the console and hydration checks run for each).
const axedForTrainees = new Set<string>();

describe("every page reachable from the home page works for each demo person", () => {
  it.each(DEMO_ACCOUNTS.map((account) => [`${account.role} ${account.displayName}`, account] as const))(
    "as %s: no error answer, no console error, hydrated, no axe violation",
    async (_, account) => {
      const { visited, kinds, failures } = await crawlAs(account, {
        axe: (kind) => {
          if (account.role !== "trainee") return true;
          if (axedForTrainees.has(kind)) return false;
          axedForTrainees.add(kind);
          return true;
        },
      });
      expect(failures, `problems found visiting ${visited.length} pages:\n${visited.join("\n")}`).toEqual([]);
      // The crawl really went deep: to each person's own records, and for trainers and admins to a trainee's.
      expect([...kinds]).toContain("/o/:orgSlug/learn/records");
      if (account.role !== "trainee") expect([...kinds]).toContain("/o/:orgSlug/teach/trainees/:userId/records");
    },
    // An admin reaches about 40 kinds of page, each checked by axe: 95 s on a quiet machine, more when the suite runs beside it.
    CRAWL_TIMEOUT_MS,
  );
});
