import type { Page } from "playwright-core";
import { afterAll, beforeAll, it } from "vitest";
import { afterSubmit, launchBrowser, openHydrated, openPage } from "../support/browser";
import { createNamedMember, createTestCohort } from "../support/cohort-factories";
import { createTestOrganization } from "../support/factories";
import { BASICS, createTestProgramme, issueTestRecord, makeEligible } from "../support/record-factories";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.stop(); });

it("takes screenshots", async () => {
  const browser = await launchBrowser();
  for (const width of [1280, 390]) {
  const { organization, admin } = await createTestOrganization(`Millbrook Peer Alliance ${width}`);
  const trainer = await createNamedMember(organization.id, "Tess Trainer", "trainer");
  const trainee = await createNamedMember(organization.id, "Kofi Mensah");
  const programme = await createTestProgramme({ organizationId: organization.id, adminId: admin.id, title: "Peer Support Foundation", modules: [BASICS] });
  await makeEligible({ organizationId: organization.id, trainee, trainer, programmeId: programme.id });
  const record = await issueTestRecord({ organization, admin, programmeId: programme.id, trainee, origin: server.origin });
  const other = await createNamedMember(organization.id, "Ola Nwosu");
  await makeEligible({ organizationId: organization.id, trainee: other, trainer, programmeId: programme.id });
  const cohort = await createTestCohort({ organizationId: organization.id, trainer, name: "Evening group" });
  const url = (p: string) => new URL(p, server.origin).href;
  const o = `/o/${organization.slug}`;
    const { page, context } = await openPage(browser, { viewport: { width, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
    const shot = async (name: string) => {
      await page.screenshot({ path: `/tmp/pilot-a/${name}-${width}.png`, fullPage: true });
      if (width !== 390) return;
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      for (let i = 0, y = 0; y < height; i += 1, y += 1300) {
        await page.screenshot({ path: `/tmp/pilot-a/${name}-${width}-part${i}.png`, fullPage: true, clip: { x: 0, y, width: 390, height: Math.min(1300, height - y) } });
      }
    };
    await openHydrated(page, url("/forgot-password"));
    await shot("forgot-form");
    await page.getByLabel("Email address").fill(trainee.email);
    await afterSubmit(page, () => page.getByRole("button", { name: "Make the link" }).click());
    await shot("forgot-done");
    await openHydrated(page, url("/signin"));
    await page.getByLabel("Email address").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(url(o));
    await openHydrated(page, url(`${o}/admin/frameworks`));
    await page.getByLabel("CASE package file").setInputFiles("tests/fixtures/opensalt-style-case-package.json");
    await afterSubmit(page, () => page.getByRole("button", { name: "Check the package" }).click());
    await shot("frameworks-preview");
    await afterSubmit(page, () => page.getByRole("button", { name: "Import the framework" }).click());
    await shot("frameworks-imported");
    const frameworkLink = page.getByRole("link", { name: /^Remove / });
    await frameworkLink.click();
    await page.locator("#remove").waitFor();
    await shot("frameworks-remove");
    await openHydrated(page, url(`${o}/admin/invitations`));
    await page.getByLabel("Email address").fill(`new${width}@example.org`);
    await afterSubmit(page, () => page.getByRole("button", { name: "Create invitation" }).click());
    await page.getByRole("button", { name: "Copy the invitation link" }).click();
    await page.locator(".copy-link__status").filter({ hasText: "Copied" }).waitFor();
    await shot("invitations-link");
    await openHydrated(page, url(`${o}/admin/records/${record.id}`));
    await shot("record");
    await page.getByLabel("Reason (shown publicly)").fill("Issued to the wrong programme by mistake.");
    await afterSubmit(page, () => page.getByRole("button", { name: "Revoke the record" }).click());
    await shot("record-confirm");
    {
      await openHydrated(page, url(`${o}/admin/programmes/${programme.id}`));
      await afterSubmit(page, () => page.getByRole("button", { name: "Issue record to Ola Nwosu" }).click());
      await shot("programme-issued");
      await page.getByLabel("Issue to every eligible trainee of a cohort").selectOption(cohort.id);
      await afterSubmit(page, () => page.getByRole("button", { name: "Issue to this cohort" }).click());
      await shot("programme-bulk-refused");
    }
    await openHydrated(page, url(`${o}/learn/${BASICS}/summary`));
    await shot("summary");
    await context.close();
  }
  await browser.close();
}, 180_000);
