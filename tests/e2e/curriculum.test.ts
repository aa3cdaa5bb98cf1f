import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, launchBrowser, openPage } from "../support/browser";
import { createTestMember, createTestOrganization } from "../support/factories";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * One module of each track, opened by a trainee in Chromium: the lesson,
 * its quiz and its reflections render, the WHO adaptation shows its
 * attribution, and axe finds nothing on any of them.
 */

const modules = [
  { slug: "who-language", track: "WHO QualityRights", attribution: "Adapted from World Health Organization" },
  { slug: "psc-communication", track: "Peer Support Canada", attribution: null },
  { slug: "foundations-peer-leadership", track: "Foundations", attribution: null },
];

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the curriculum in the browser", () => {
  it("a trainee opens one module of each track, and every page passes axe", async () => {
    const { organization } = await createTestOrganization("Curriculum Org");
    const trainee = await createTestMember(organization.id, "trainee");
    const { page, problems, context } = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await page.goto(new URL("/signin", server.origin).href);
    await page.getByLabel("Email address").fill(trainee.email);
    await page.getByLabel("Password", { exact: true }).fill(trainee.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === `/o/${organization.slug}`);

    await page.goto(new URL(`/o/${organization.slug}/learn`, server.origin).href);
    for (const track of ["Foundations", "WHO QualityRights", "Peer Support Canada"]) {
      await expect(page.getByRole("heading", { level: 2, name: new RegExp(track) }).count()).resolves.toBe(1);
    }
    await expectNoAxeViolations(page, "module list");

    for (const module of modules) {
      const base = new URL(`/o/${organization.slug}/learn/${module.slug}`, server.origin).href;
      await page.goto(base);
      const gate = page.getByRole("link", { name: "Continue to the lesson" });
      if (await gate.count()) {
        await expectNoAxeViolations(page, `${module.slug} content notes`);
        await gate.click();
        await page.waitForURL(/section=/);
      }
      await page.getByRole("heading", { level: 1 }).waitFor();
      await expectNoAxeViolations(page, `${module.slug} first part`);
      // Walk every part: quizzes and reflections must render and pass axe too.
      let parts = 1;
      while ((await page.getByRole("link", { name: "Next part" }).count()) > 0 && parts < 12) {
        await page.getByRole("link", { name: "Next part" }).click();
        await page.getByText(`Part ${parts + 1} of`).waitFor();
        parts += 1;
        await expectNoAxeViolations(page, `${module.slug} part ${parts}`);
      }
      const text = await page.locator("main").innerText();
      if (module.attribution) expect(text).toContain(module.attribution);
      expect(await page.locator(".quiz").count() + (await page.locator(".reflection").count())).toBeGreaterThan(0);
      await page.goto(`${base}/summary`);
      await expectNoAxeViolations(page, `${module.slug} summary`);
    }
    expect(problems).toEqual([]);
    await context.close();
  });
});
