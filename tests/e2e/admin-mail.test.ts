import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { composeMail } from "~/mail/compose";
import { claimMail, queueMail, recordAttemptFailed } from "~/models/mail/outbox.server";
import { afterSubmit, expectNoAxeViolations, launchBrowser, openHydrated, openPage, signInThroughForm, tabTo } from "../support/browser";
import { createTestOrganization } from "../support/factories";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * The admin's mail page in Chromium: a failed delivery is listed with who,
 * what and why, passes axe at desktop and phone widths, and is sent again
 * with the keyboard alone.
 */

let sink: SmtpSink;
let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ SMTP_URL: sink.url, MAIL_FROM: "training@harbor.example" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.close();
});

describe("the admin's mail page", () => {
  it("lists a failed mail and sends it again from the keyboard", async () => {
    const { organization, admin } = await createTestOrganization("Keyboard Mail Org");
    const to = `refused-${Date.now()}@example.org`;
    const id = await queueMail(getDb(), {
      to,
      organizationId: organization.id,
      kind: "invitation",
      ...composeMail({ subject: "You are invited to join Keyboard Mail Org", blocks: ["Welcome."] }),
    });
    const claim = await claimMail({ id: id! });
    await recordAttemptFailed(claim!, { reason: "The mail server refused the message: 550 5.1.1 No such mailbox here", permanent: true });

    const { context, page, problems } = await openPage(browser);
    await signInThroughForm(page, server.origin, admin, `/o/${organization.slug}`);
    await openHydrated(page, new URL(`/o/${organization.slug}/admin/mail`, server.origin).href);
    const main = page.locator("main");
    expect(await main.innerText()).toContain("550 5.1.1 No such mailbox here");
    await expectNoAxeViolations(page, "mail page");
    await page.screenshot({ path: "tests/.tmp/shots/admin-mail-1280.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoAxeViolations(page, "mail page, phone");
    await page.screenshot({ path: "tests/.tmp/shots/admin-mail-390.png", fullPage: true });

    await tabTo(page, "button[type=submit]", { limit: 60 });
    await afterSubmit(page, () => page.keyboard.press("Enter"));
    expect(await main.innerText()).toContain(`The mail to ${to} is being sent again.`);
    await expect.poll(() => sink.received.length, { timeout: 10_000 }).toBe(1);
    expect(await main.innerText()).toContain("No mail has failed.");
    expect(problems).toEqual([]);
    await context.close();
  });
});
