import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { AXE_TAGS, afterSubmit, launchBrowser } from "../tests/support/browser";
import { startTestServer } from "../tests/support/test-server";

const outDir = "/tmp/content-fixes";
const scratch = mkdtempSync(join(tmpdir(), "pst-cf-"));
process.env.DATABASE_PATH = join(scratch, "s.db");
mkdirSync(outDir, { recursive: true });
const server = await startTestServer();
const { createTestOrganization, createTestMember } = await import("../tests/support/factories");
const { organization } = await createTestOrganization("Harbour Peer Network");
const trainee = await createTestMember(organization.id, "trainee");
const browser = await launchBrowser();
const findings: string[] = [];
const pages: [string, string][] = [
  ["credits-basics", `/o/${organization.slug}/learn/what-is-peer-support/summary`],
  ["initiative-safety", `/o/${organization.slug}/learn/psc-initiative?section=safety`],
  ["roles-crisis", `/o/${organization.slug}/learn/who-roles-wellness-crisis-teamwork-and-growth?section=role-8`],
  ["mutuality-power", `/o/${organization.slug}/learn/mutuality-and-equality?section=sharing-power`],
  ["honesty-abuse", `/o/${organization.slug}/learn/who-ethics-to-practice-respect-change-and-honesty?section=honest`],
  ["origins-history", `/o/${organization.slug}/learn/foundations-origins-and-principles?section=early-history`],
];
try {
  for (const width of [390, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 } });
    const page = await context.newPage();
    await page.goto(new URL("/signin", server.origin).href, { waitUntil: "networkidle" });
    await page.getByLabel("Email address").fill(trainee.email);
    await page.getByLabel("Password").fill(trainee.password);
    await afterSubmit(page, () => page.getByRole("button", { name: "Sign in" }).click());
    for (const [name, path] of pages) {
      await page.goto(new URL(path, server.origin).href, { waitUntil: "networkidle" });
      const file = join(outDir, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      for (const v of results.violations) findings.push(`${name}@${width}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) findings.push(`${name}@${width}: ${overflow}px too wide`);
      console.log(`saved ${file}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
console.log(findings.length ? findings.join("\n") : "axe and overflow: nothing found");
