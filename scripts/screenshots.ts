/**
 * Saves PNGs of the main pages at phone (390px) and desktop (1280px) width so
 * a person can look at them: `npx tsx scripts/screenshots.ts`.
 *
 * Builds the app as the tests do (skip with SKIP_BUILD=1), starts it over a scratch database
 * in the system temp folder, fills it through the pages themselves and
 * writes the images to /tmp/screens (or SCREENS_DIR). Also prints what axe
 * finds on each page, without failing.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterSubmit, AXE_TAGS, launchBrowser } from "../tests/support/browser";
import buildOnce from "../tests/support/global-setup";
import { startTestServer } from "../tests/support/test-server";

const outDir = process.env.SCREENS_DIR ?? "/tmp/screens";
const widths = [390, 1280];
const password = "a calm screenshot password";

// The same build the tests use (app bundle and content catalog); SKIP_BUILD=1 skips it.
buildOnce();
const scratch = mkdtempSync(join(tmpdir(), "pst-screens-"));
process.env.DATABASE_PATH = join(scratch, "screens.db");
mkdirSync(outDir, { recursive: true });

const server = await startTestServer();
const browser = await launchBrowser();
const findings: string[] = [];

async function shoot(page: Page, name: string, width: number) {
  const file = join(outDir, `${name}-${width}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  for (const violation of results.violations) {
    findings.push(`${name}@${width}: ${violation.id} (${violation.impact}) ${violation.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 0) findings.push(`${name}@${width}: page is ${overflow}px wider than the window`);
  console.log(`saved ${file}`);
}

function submit(page: Page, label: string) {
  return afterSubmit(page, () => page.getByRole("button", { name: label }).click());
}

async function goto(page: Page, path: string) {
  await page.goto(new URL(path, server.origin).href, { waitUntil: "networkidle" });
}

async function session(browser: Browser, width: number) {
  const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 } });
  return { context, page: await context.newPage() };
}

try {
  // One admin with an organization and a pending invitation, made through the pages.
  const admin = { name: "Amara Okafor", email: "amara@example.org" };
  {
    const { context, page } = await session(browser, 1280);
    await goto(page, "/signup");
    await page.getByLabel("Your name").fill(admin.name);
    await page.getByLabel("Email address").fill(admin.email);
    await page.getByLabel("Password").fill(password);
    await submit(page, "Create account");
    await goto(page, "/orgs/new");
    await page.getByLabel("Organization name").fill("Riverside Peer Support Collective");
    await submit(page, "Create organization");
    await context.close();
  }
  const orgPath = "/o/riverside-peer-support-collective";

  for (const width of widths) {
    const anonymous = await session(browser, width);
    const page = anonymous.page;
    await goto(page, "/");
    await shoot(page, "home-anonymous", width);
    await page.keyboard.press("Tab");
    await shoot(page, "focus-skip-link", width);
    await goto(page, "/signin");
    await page.getByLabel("Email address").fill(admin.email);
    await page.getByLabel("Password").fill("not the right password");
    await submit(page, "Sign in");
    await shoot(page, "signin-error", width);
    await goto(page, "/signup");
    await shoot(page, "signup", width);
    await page.getByLabel("Your name").focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Shift+Tab");
    await shoot(page, "focus-field", width);
    await page.getByRole("button", { name: "Create account" }).focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    await shoot(page, "focus-button", width);
    await page.getByLabel("Your name").fill("Sam");
    await page.getByLabel("Email address").fill("sam@example");
    await page.getByLabel("Password").fill("short");
    await submit(page, "Create account");
    await shoot(page, "signup-errors", width);
    await goto(page, "/no-such-page");
    await shoot(page, "not-found", width);
    await anonymous.context.close();

    const signedIn = await session(browser, width);
    const adminPage = signedIn.page;
    await goto(adminPage, "/signin");
    await adminPage.getByLabel("Email address").fill(admin.email);
    await adminPage.getByLabel("Password").fill(password);
    await submit(adminPage, "Sign in");
    await goto(adminPage, orgPath);
    await shoot(adminPage, "org-home", width);
    await adminPage.locator("details.menu summary").first().click();
    await adminPage.locator("details.menu summary").last().click();
    await shoot(adminPage, "menus-open", width);
    await goto(adminPage, `${orgPath}/admin/invitations`);
    await adminPage.getByLabel("Email address").fill(`trainer-${width}@example.org`);
    await adminPage.getByLabel("Role").selectOption("trainer");
    await submit(adminPage, "Create invitation");
    await shoot(adminPage, "invitations-link", width);
    const link = await adminPage.getByLabel("Invitation link").inputValue();
    await goto(adminPage, `${orgPath}/admin/members`);
    await shoot(adminPage, "members", width);
    await goto(adminPage, `${orgPath}/admin/activity`);
    await shoot(adminPage, "activity", width);
    await goto(adminPage, "/account");
    await shoot(adminPage, "account", width);
    await goto(adminPage, "/account/sessions");
    await shoot(adminPage, "account-sessions", width);
    await signedIn.context.close();

    const invitee = await session(browser, width);
    await invitee.page.goto(link, { waitUntil: "networkidle" });
    await shoot(invitee.page, "invite", width);
    await invitee.context.close();
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}

console.log(findings.length === 0 ? "axe and overflow: nothing found" : `Found:\n${findings.join("\n")}`);
