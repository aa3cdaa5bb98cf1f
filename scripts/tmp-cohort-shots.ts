import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser } from "../tests/support/browser";
import { startTestServer } from "../tests/support/test-server";

const scratch = mkdtempSync(join(tmpdir(), "cohort-shots-"));
process.env.DATABASE_PATH = join(scratch, "shots.db");
const server = await startTestServer();
const f = await import("../tests/support/factories");
const c = await import("../tests/support/cohort-factories");
const { createInvitation } = await import("~/models/invitation.server");
const { organization, admin } = await f.createTestOrganization("Riverside Peer Support");
const trainer = await c.createNamedMember(organization.id, "Tomás Rivera", "trainer");
const amara = await c.createNamedMember(organization.id, "Amara Okafor");
const ben = await c.createNamedMember(organization.id, "Ben Adams");
const cohort = await c.createTestCohort({ organizationId: organization.id, trainer, name: "Spring 2026 group" });
await c.askToJoinCohort({ organizationId: organization.id, cohortId: cohort.id, trainer, people: [amara] });
await createInvitation({ organizationId: organization.id, actorId: admin.id, email: "nia@example.org", role: "trainee", appOrigin: server.origin });
const cohortInvite = await createInvitation({ organizationId: organization.id, actorId: admin.id, email: "nia@example.org", role: "trainee", appOrigin: server.origin, cohortId: cohort.id });

const browser = await launchBrowser();
async function as(person: { email: string; password: string } | null, width: number) {
  const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 } });
  const page = await context.newPage();
  if (person) {
    await page.goto(new URL("/signin", server.origin).href);
    await page.getByLabel("Email address").fill(person.email);
    await page.getByLabel("Password").fill(person.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/o\//);
  }
  return page;
}
async function shoot(page: Page, path: string, name: string, width: number) {
  await page.goto(new URL(path, server.origin).href, { waitUntil: "networkidle" });
  await page.screenshot({ path: `/tmp/cohort/${name}-${width}.png`, fullPage: true });
}
const base = `/o/${organization.slug}`;
for (const width of [1280, 390]) {
  const t = await as(trainer, width);
  // A list with a refused row, to show the two panels.
  await t.goto(new URL(`${base}/teach/cohorts/${cohort.id}/trainees`, server.origin).href, { waitUntil: "networkidle" });
  if (width === 1280) {
    await t.getByLabel("Email addresses").fill(`${ben.email}\nnew.person@example.org\nbroken@`);
    await t.getByRole("button", { name: "Add these people" }).click();
    await t.waitForLoadState("networkidle");
    await t.waitForTimeout(500);
    await t.screenshot({ path: `/tmp/cohort/roster-outcome-${width}.png`, fullPage: true });
  }
  await shoot(t, `${base}/teach/cohorts/${cohort.id}/trainees`, "roster", width);
  const a = await as(amara, width);
  await shoot(a, base, "home-request", width);
  await shoot(a, `${base}/learn`, "learn-request", width);
  await shoot(a, `${base}/learn/cohort-requests`, "requests", width);
  const anon = await as(null, width);
  await shoot(anon, new URL(cohortInvite.link).pathname, "invite", width);
  const ad = await as(admin, width);
  await shoot(ad, `${base}/admin/invitations`, "admin-invitations", width);
  await shoot(ad, `${base}/admin/activity`, "activity", width);
}
await browser.close();
await server.stop();
