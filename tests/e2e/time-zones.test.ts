import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseTimeZone } from "~/models/accounts/user.server";
import { afterSubmit, expectNoAxeViolations, launchBrowser, openHydrated, openPage } from "../support/browser";
import { createTestOrganization } from "../support/factories";
import { newestActivityAsReadIn, storedTimeZone } from "../support/time-zone-checks";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Time zones in a real browser (decision 024): Chromium set to a zone tells
 * the server on the first visit and the page switches to it without a
 * hydration error; with JavaScript off nothing is sent and the page says UTC;
 * the settings page offers the device's zone and the full list.
 */

let server: TestServer;
let browser: Browser;
const opened: { close: () => Promise<void>; problems: string[]; who: string }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const { close } of opened) await close();
  await browser?.close();
  await server?.stop();
});

const url = (path: string) => new URL(path, server.origin).href;
async function person(who: string, options: BrowserContextOptions): Promise<Page> {
  const { context, page, problems } = await openPage(browser, options);
  opened.push({ close: () => context.close(), problems, who });
  return page;
}

async function signIn(page: Page, account: { email: string; password: string }, landing: string) {
  await page.goto(url("/signin"));
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await afterSubmit(page, () => page.getByRole("button", { name: "Sign in" }).click());
  await page.waitForURL(url(landing));
}

describe("time zones in the browser", () => {
  it("the browser's zone is stored on the first visit and the page's times switch to it", async () => {
    const { admin, organization } = await createTestOrganization("Auckland Peer Circle");
    const page = await person("admin in Auckland", { timezoneId: "Pacific/Auckland" });
    await signIn(page, admin, `/o/${organization.slug}`);
    await page.getByText("Times are shown in Auckland time (Pacific/Auckland).").waitFor();
    expect(await storedTimeZone(admin.id)).toBe("Pacific/Auckland");

    await openHydrated(page, url(`/o/${organization.slug}/admin/activity`));
    expect(await page.getByRole("columnheader", { name: "When (Auckland time)" }).count()).toBe(1);
    expect(await page.locator("main").innerText()).toContain(await newestActivityAsReadIn("Pacific/Auckland"));
    await expectNoAxeViolations(page, "activity log in Auckland time");
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoAxeViolations(page, "activity log in Auckland time, phone");
    expect(opened.at(-1)!.problems, "console errors, hydration errors or failed requests").toEqual([]);
  });

  it("without JavaScript nothing is sent: times stay in UTC and the page says so", async () => {
    const { admin, organization } = await createTestOrganization("Tokyo Peer Circle");
    const page = await person("admin without JavaScript", { timezoneId: "Asia/Tokyo", javaScriptEnabled: false });
    await signIn(page, admin, `/o/${organization.slug}`);
    await page.goto(url(`/o/${organization.slug}/admin/activity`));
    const main = await page.locator("main").innerText();
    expect(main).toContain("When (UTC)");
    expect(main).toContain(`${await newestActivityAsReadIn("UTC")} UTC`);
    expect(await page.locator("footer").innerText()).toContain("Times are shown in UTC (Coordinated Universal Time). Change your time zone");
    expect(await storedTimeZone(admin.id)).toBeNull();
    await expectNoAxeViolations(page, "activity log without JavaScript");
  });

  it("a zone the person chose is never replaced by the device's; the settings page offers it and saves a choice", async () => {
    const { admin, organization } = await createTestOrganization("Lisbon Peer Circle");
    await chooseTimeZone(admin.id, "Europe/Lisbon");
    const page = await person("admin travelling", { timezoneId: "America/Sao_Paulo" });
    await signIn(page, admin, `/o/${organization.slug}`);
    await openHydrated(page, url("/account/time-zone"));
    expect(await page.locator("main").innerText()).toContain("Times on every page are shown in Lisbon time (Europe/Lisbon).");
    expect(await storedTimeZone(admin.id)).toBe("Europe/Lisbon");
    await expectNoAxeViolations(page, "time zone settings");

    await afterSubmit(page, () => page.getByRole("button", { name: "Use America/Sao_Paulo" }).click());
    await page.getByRole("status").filter({ hasText: "Times are now shown in Sao Paulo time (America/Sao_Paulo)." }).waitFor();
    expect(await storedTimeZone(admin.id)).toBe("America/Sao_Paulo");

    await page.getByLabel("Your time zone").selectOption({ label: "Tokyo (Asia)" });
    await afterSubmit(page, () => page.getByRole("button", { name: "Save time zone" }).click());
    await page.getByRole("status").filter({ hasText: "Times are now shown in Tokyo time (Asia/Tokyo)." }).waitFor();
    expect(await storedTimeZone(admin.id)).toBe("Asia/Tokyo");
    expect(await page.locator("footer").innerText()).toContain("Times are shown in Tokyo time (Asia/Tokyo).");
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoAxeViolations(page, "time zone settings after saving, phone");
    expect(opened.at(-1)!.problems).toEqual([]);
  });
});
