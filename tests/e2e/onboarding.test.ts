import type { Browser, BrowserContext, Page } from "playwright-core";
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
import { tokenFromMail } from "../support/server-log";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * One story, step by step, in a real browser: Amara signs up (with the
 * keyboard only, through the link mailed to her address), starts an organization and invites Tomás as a trainer;
 * Tomás opens the link on his phone, makes an account from the invitation
 * and joins (keyboard only again); Amara then sees him among the members.
 * Axe checks every page on the way, error pages included.
 */

const admin = { name: "Amara Okafor", email: "amara@example.org", password: "my quiet morning walk" };
const trainer = { name: "Tomás Reyes", email: "tomas@example.org", password: "tea on the back step" };
const organizationName = "Riverside Peer Collective";

let server: TestServer;
let browser: Browser;
const contexts: { context: BrowserContext; problems: string[]; who: string }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPerson(who: string, options: Parameters<typeof openPage>[1] = {}): Promise<Page> {
  const opened = await openPage(browser, options);
  contexts.push({ ...opened, who });
  return opened.page;
}

const url = (path: string) => new URL(path, server.origin).href;
const pathOf = (page: Page) => new URL(page.url()).pathname;
const fieldValue = (page: Page, label: string) => page.getByLabel(label, { exact: true }).inputValue();
const mainText = (page: Page) => page.locator("main").innerText();

/**
 * Waits until the app shows the page at `path` with this main heading: after
 * a link is followed in the app, the address changes before the page does.
 */
async function showsPage(page: Page, path: string, heading: string) {
  await page.waitForURL((address) => address.pathname === path);
  await page.getByRole("heading", { level: 1, name: heading, exact: true }).waitFor();
}

/** Each first step of the organization's checklist with the state it shows, e.g. { "Invite a trainer": "To do" }. */
function setupSteps(page: Page) {
  return page.locator(".setup__step").evaluateAll((steps) =>
    Object.fromEntries(steps.map((step) => [step.querySelector(".setup__title")?.textContent ?? "", step.querySelector(".cell-status")?.textContent ?? ""])),
  );
}

/** Opens the organization bar's Admin menu with a click, as a person with a mouse would. */
async function openAdminMenu(page: Page) {
  await page.locator(".org-nav details.menu > summary").click();
  await page.locator(".org-nav details.menu[open]").waitFor();
}

async function attributes(page: Page, selector: string, names: string[]) {
  return page.locator(selector).evaluate(
    (element, wanted) => Object.fromEntries(wanted.map((name) => [name, element.getAttribute(name)])),
    names,
  );
}

let adminPage: Page;
let trainerPage: Page;
let organizationPath = "";
let invitationLink = "";

describe("a new organization invites its first trainer", () => {
  it("home page: the skip link is the first stop for Tab and moves focus to the main content", async () => {
    adminPage = await newPerson("Amara");
    await openHydrated(adminPage, url("/"));
    await expectNoAxeViolations(adminPage, "home (signed out)");

    await adminPage.keyboard.press("Tab");
    expect(await describeFocus(adminPage)).toMatchObject({ tag: "a", href: "#main", text: "Skip to main content" });
    const box = await adminPage.locator(".skip-link").boundingBox();
    expect(box, "the focused skip link is on screen").not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);

    await adminPage.keyboard.press("Enter");
    expect(await describeFocus(adminPage)).toMatchObject({ tag: "main", id: "main" });
    await adminPage.keyboard.press("Tab");
    expect(await describeFocus(adminPage), "Tab continues inside the main content").toMatchObject({ text: "Sign in", href: "/signin" });
  });

  it("sign-up with the keyboard only: a too-short password is explained, then the account is made", async () => {
    await openHydrated(adminPage, url("/signup"));
    await expectNoAxeViolations(adminPage, "sign-up form");
    // The hint shows the real number once React has taken over the page.
    expect(await mainText(adminPage)).toContain("At least 12 characters");

    await adminPage.keyboard.press("Tab");
    await adminPage.keyboard.press("Enter"); // skip link
    await adminPage.keyboard.press("Tab");
    expect(await describeFocus(adminPage)).toMatchObject({ id: "field-displayName" });
    await adminPage.keyboard.type(admin.name);
    await adminPage.keyboard.press("Tab");
    expect(await describeFocus(adminPage)).toMatchObject({ id: "field-email" });
    await adminPage.keyboard.type(admin.email);
    await adminPage.keyboard.press("Tab");
    expect(await describeFocus(adminPage)).toMatchObject({ id: "field-password" });
    await adminPage.keyboard.type("too short");
    await adminPage.keyboard.press("Tab");
    expect(await describeFocus(adminPage)).toMatchObject({ tag: "button", text: "Create account" });
    await afterSubmit(adminPage, () => adminPage.keyboard.press("Enter"));

    await adminPage.locator("#field-password-error").waitFor();
    expect(pathOf(adminPage)).toBe("/signup");
    await expectNoAxeViolations(adminPage, "sign-up form with a password error");
    expect(await adminPage.getByRole("alert").innerText()).toContain("at least 12 characters");
    const passwordError = await adminPage.locator("#field-password-error").innerText();
    expect(passwordError).toContain("at least 12 characters");
    expect(await attributes(adminPage, "#field-password", ["aria-invalid", "aria-describedby"])).toEqual({
      "aria-invalid": "true",
      "aria-describedby": "field-password-hint field-password-error",
    });
    // What was typed in the other fields is still there.
    expect(await fieldValue(adminPage, "Your name")).toBe(admin.name);
    expect(await fieldValue(adminPage, "Email address")).toBe(admin.email);

    await tabTo(adminPage, "#field-password", { backwards: true });
    await adminPage.keyboard.press("ControlOrMeta+A");
    await adminPage.keyboard.type(admin.password);
    await adminPage.keyboard.press("Tab");
    expect(await describeFocus(adminPage)).toMatchObject({ tag: "button", text: "Create account" });
    await afterSubmit(adminPage, () => adminPage.keyboard.press("Enter"));

    // No account yet: the address gets a link first, and the page says where it went.
    await adminPage.getByRole("heading", { level: 1, name: "Check your email", exact: true }).waitFor();
    expect(pathOf(adminPage)).toBe("/signup");
    expect(await mainText(adminPage)).toContain(`We wrote to ${admin.email} with what to do next.`);
    expect(await mainText(adminPage)).toContain("This site cannot send email yet.");
    await expectNoAxeViolations(adminPage, "sign-up: check your email");
    const token = await tokenFromMail(server, admin.email, "confirm-signup");
    await openHydrated(adminPage, url(`/confirm-signup/${token}`));
    await expectNoAxeViolations(adminPage, "finish creating your account");
    await tabTo(adminPage, "main button");
    expect(await describeFocus(adminPage)).toMatchObject({ tag: "button", text: "Create my account" });
    await afterSubmit(adminPage, () => adminPage.keyboard.press("Enter"));

    await showsPage(adminPage, "/", `Welcome, ${admin.name}`);
    await expect.poll(() => describeFocus(adminPage), { message: "a new page starts at its main content" }).toMatchObject({ tag: "main" });
    await expectNoAxeViolations(adminPage, "home (signed in, no organization)");
  });

  it("creates an organization (an empty name is refused first)", async () => {
    await adminPage.getByRole("link", { name: "Create an organization" }).click();
    await showsPage(adminPage, "/orgs/new", "Create an organization");
    await expectNoAxeViolations(adminPage, "new organization form");

    await afterSubmit(adminPage, () => adminPage.getByRole("button", { name: "Create organization" }).click());
    expect(await adminPage.locator("#field-name-error").innerText()).toBe("Enter the organization's name.");
    await expectNoAxeViolations(adminPage, "new organization form with an error");

    await adminPage.getByLabel("Organization name").fill(organizationName);
    await afterSubmit(adminPage, () => adminPage.getByRole("button", { name: "Create organization" }).click());
    organizationPath = "/o/riverside-peer-collective";
    await showsPage(adminPage, organizationPath, organizationName);
    expect(await mainText(adminPage)).toContain("Your role here: admin.");
    // A new organization shows its admin the first steps, none done yet.
    expect(await adminPage.getByRole("region", { name: "Get your organization ready" }).innerText()).toContain("0 of 3 first steps done");
    expect(await setupSteps(adminPage)).toEqual({ "Invite a trainer": "To do", "Define a programme": "To do", "Create a cohort": "To do" });
    await expectNoAxeViolations(adminPage, "organization home (admin)");
  });

  it("the organization and account menus open and close with the keyboard", async () => {
    const organizationMenu = adminPage.locator(".site-header details.menu").first();
    const accountMenu = adminPage.locator(".site-header details.menu").last();
    const isOpen = (menu: typeof organizationMenu) => menu.evaluate((details) => (details as HTMLDetailsElement).open);
    expect(await organizationMenu.locator("summary").textContent()).toBe(`Organization: ${organizationName}`);

    await adminPage.locator("body").focus();
    await tabTo(adminPage, "details.menu:first-of-type > summary");
    await adminPage.keyboard.press("Enter");
    expect(await isOpen(organizationMenu)).toBe(true);
    await expectNoAxeViolations(adminPage, "organization home, organization menu open");
    await adminPage.keyboard.press("Tab");
    expect(await describeFocus(adminPage)).toMatchObject({ tag: "a", href: organizationPath });
    await adminPage.keyboard.press("Escape");
    expect(await isOpen(organizationMenu), "Escape closes the menu").toBe(false);
    expect(await describeFocus(adminPage), "and puts focus back on its button").toMatchObject({ tag: "summary" });

    await adminPage.keyboard.press("Tab");
    expect(await describeFocus(adminPage)).toMatchObject({ tag: "summary", text: `Account: ${admin.name}` });
    await adminPage.keyboard.press("Space");
    expect(await isOpen(accountMenu)).toBe(true);
    await expectNoAxeViolations(adminPage, "organization home, account menu open");
    await adminPage.keyboard.press("Tab");
    expect(await describeFocus(adminPage)).toMatchObject({ text: "Account settings" });
    await adminPage.keyboard.press("Enter");
    await showsPage(adminPage, "/account", "Account settings");
    expect(await isOpen(adminPage.locator(".site-header details.menu").last()), "the menu is closed on the new page").toBe(false);
    await expectNoAxeViolations(adminPage, "account settings");
  });

  it("the organization's sections fit one line at 1280 px, the admin pages in one menu that works with the keyboard", async () => {
    await openHydrated(adminPage, url(organizationPath));
    const nav = adminPage.getByRole("navigation", { name: `${organizationName} sections` });
    const tops = await nav.locator("a:visible, summary").evaluateAll((items) => items.map((item) => Math.round(item.getBoundingClientRect().top)));
    expect(tops, "Home, Modules, Journal, Competencies, Records, Cohorts and Admin").toHaveLength(7);
    expect(new Set(tops).size, "all on one line").toBe(1);
    expect(await nav.getByRole("link", { name: "Members" }).count(), "admin pages wait in the closed menu").toBe(0);

    const adminMenu = adminPage.locator(".org-nav details.menu");
    await adminPage.locator("body").focus();
    await tabTo(adminPage, ".org-nav summary");
    expect(await describeFocus(adminPage)).toMatchObject({ tag: "summary", text: "Admin" });
    await adminPage.keyboard.press("Enter");
    expect(await adminMenu.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(true);
    await expectNoAxeViolations(adminPage, "organization home, admin menu open");
    await adminPage.keyboard.press("Tab");
    expect(await describeFocus(adminPage)).toMatchObject({ tag: "a", text: "Members", href: `${organizationPath}/admin/members` });
    await adminPage.keyboard.press("Escape");
    expect(await adminMenu.evaluate((details) => (details as HTMLDetailsElement).open), "Escape closes the menu").toBe(false);
    expect(await describeFocus(adminPage), "and puts focus back on its button").toMatchObject({ tag: "summary", text: "Admin" });

    // On an admin page the menu's button says which one.
    await adminPage.keyboard.press("Enter");
    await adminPage.keyboard.press("Tab");
    await adminPage.keyboard.press("Enter");
    await showsPage(adminPage, `${organizationPath}/admin/members`, `Members of ${organizationName}`);
    expect(await adminPage.locator(".org-nav summary").innerText()).toBe("Admin: Members");
    expect(await adminMenu.evaluate((details) => (details as HTMLDetailsElement).open), "the menu is closed on the new page").toBe(false);

    // On a phone: the running-the-organization group takes a line of its own, nothing is wider than the screen.
    await adminPage.setViewportSize({ width: 390, height: 844 });
    try {
      expect(await adminPage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), "no sideways scrolling").toBe(0);
      const learningTop = (await nav.getByRole("link", { name: "Home" }).boundingBox())!.y;
      const cohorts = (await nav.getByRole("link", { name: "Cohorts" }).boundingBox())!;
      const adminButton = (await adminMenu.locator("summary").boundingBox())!;
      expect(cohorts.y).toBeGreaterThan(learningTop);
      expect(Math.round(adminButton.y)).toBe(Math.round(cohorts.y));
      await adminMenu.locator("summary").click();
      const list = (await adminMenu.locator(".menu__list").boundingBox())!;
      expect(list.x).toBeGreaterThanOrEqual(0);
      expect(list.x + list.width).toBeLessThanOrEqual(390);
      await expectNoAxeViolations(adminPage, "members, admin menu open on a phone");
      await adminPage.keyboard.press("Escape");
    } finally {
      await adminPage.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it("invites a trainer and reads the invitation link on the page", async () => {
    await openHydrated(adminPage, url(organizationPath));
    await expectNoAxeViolations(adminPage, "organization home (admin, loaded directly)");
    await openAdminMenu(adminPage);
    await adminPage.getByRole("navigation", { name: `${organizationName} sections` }).getByRole("link", { name: "Invitations" }).click();
    await showsPage(adminPage, `${organizationPath}/admin/invitations`, `Invite people to ${organizationName}`);
    expect(await mainText(adminPage)).toContain("No invitations are waiting.");
    await expectNoAxeViolations(adminPage, "invitations, none yet");

    await adminPage.getByLabel("Email address").fill("not an email");
    await afterSubmit(adminPage, () => adminPage.getByRole("button", { name: "Create invitation" }).click());
    expect(await adminPage.locator("#field-email-error").innerText()).toContain("like name@example.org");
    await expectNoAxeViolations(adminPage, "invitations with an email error");

    await adminPage.getByLabel("Email address").fill(trainer.email);
    await adminPage.getByLabel("Role").selectOption("trainer");
    await afterSubmit(adminPage, () => adminPage.getByRole("button", { name: "Create invitation" }).click());
    expect(await adminPage.getByRole("status").innerText()).toContain(`Invitation created for ${trainer.email}.`);
    expect(await adminPage.getByRole("status").innerText()).toContain("expires in 7 days");
    invitationLink = await adminPage.getByLabel("Invitation link").inputValue();
    expect(invitationLink).toMatch(new RegExp(`^${server.origin}/invite/[A-Za-z0-9_-]+$`));
    await expect.poll(() => fieldValue(adminPage, "Email address"), { message: "the form is emptied after an invitation" }).toBe("");
    expect(await adminPage.locator("tbody tr").innerText()).toContain(trainer.email);
    await expectNoAxeViolations(adminPage, "invitations with a new link");

    await openAdminMenu(adminPage);
    await adminPage.getByRole("link", { name: "Activity log" }).click();
    await showsPage(adminPage, `${organizationPath}/admin/activity`, `Activity log of ${organizationName}`);
    expect(await mainText(adminPage)).toContain("Invitation created");
    await expectNoAxeViolations(adminPage, "activity log");

    await adminPage.getByRole("navigation", { name: `${organizationName} sections` }).getByRole("link", { name: "Home" }).click();
    await showsPage(adminPage, organizationPath, organizationName);
    expect(await setupSteps(adminPage), "the invitation is waiting").toMatchObject({ "Invite a trainer": "Waiting" });
    expect(await adminPage.locator(".setup__step", { hasText: "Invite a trainer" }).innerText()).toContain("waiting for them to accept it");
  });

  it("shows a plain 'not found' page for a wrong address and a wrong invitation link", async () => {
    const missing = await adminPage.goto(url("/no-such-page"));
    expect(missing?.status()).toBe(404);
    expect(await adminPage.getByRole("heading", { level: 1 }).innerText()).toBe("Page not found");
    expect(await mainText(adminPage)).not.toContain("No route matches");
    await expectNoAxeViolations(adminPage, "404 page");

    const wrongLink = await adminPage.goto(url("/invite/not-a-real-token"));
    expect(wrongLink?.status()).toBe(404);
    expect(await mainText(adminPage)).toContain("This invitation link is not valid.");
    await expectNoAxeViolations(adminPage, "404 page for a wrong invitation link");
  });

  it("signs out from the account menu", async () => {
    await openHydrated(adminPage, url(organizationPath));
    await adminPage.locator("summary", { hasText: admin.name }).click();
    await afterSubmit(adminPage, () => adminPage.getByRole("button", { name: "Sign out" }).click());
    await showsPage(adminPage, "/", "Training for peer support workers");
    await expectNoAxeViolations(adminPage, "home after signing out");
  });

  it("the trainer opens the link on a phone and joins with the keyboard only", async () => {
    trainerPage = await newPerson("Tomás", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await openHydrated(trainerPage, invitationLink);
    expect(await trainerPage.getByRole("heading", { level: 1 }).innerText()).toBe(`Join ${organizationName}`);
    expect(await mainText(trainerPage)).toContain("as a trainer");
    await expectNoAxeViolations(trainerPage, "invitation (signed out)");

    await trainerPage.keyboard.press("Tab");
    expect(await describeFocus(trainerPage)).toMatchObject({ href: "#main" });
    await trainerPage.keyboard.press("Enter");
    await tabTo(trainerPage, 'main a[href^="/signup"]');
    await trainerPage.keyboard.press("Enter");
    await showsPage(trainerPage, "/signup", "Create an account");
    await expectNoAxeViolations(trainerPage, "sign-up from the invitation");

    await expect.poll(() => describeFocus(trainerPage), { message: "the new page starts at its main content" }).toMatchObject({ tag: "main" });
    await trainerPage.keyboard.press("Tab");
    expect(await describeFocus(trainerPage), "Tab starts in the new page's form").toMatchObject({ id: "field-displayName" });
    await trainerPage.keyboard.type(trainer.name);
    await trainerPage.keyboard.press("Tab");
    expect(await describeFocus(trainerPage)).toMatchObject({ id: "field-email" });
    expect(await fieldValue(trainerPage, "Email address"), "the invited address is filled in").toBe(trainer.email);
    await trainerPage.keyboard.press("Tab");
    await trainerPage.keyboard.type(trainer.password);
    await trainerPage.keyboard.press("Tab");
    expect(await describeFocus(trainerPage)).toMatchObject({ tag: "button", text: "Create account" });
    await afterSubmit(trainerPage, () => trainerPage.keyboard.press("Enter"));

    // Back on the invitation after signing up: the invitation's link showed the address is Tomás's, so no second mail.
    await showsPage(trainerPage, new URL(invitationLink).pathname, `Join ${organizationName}`);
    await trainerPage.getByRole("button", { name: "Accept and join" }).waitFor();
    await expectNoAxeViolations(trainerPage, "invitation (signed in)");
    await tabTo(trainerPage, "main button");
    expect(await describeFocus(trainerPage)).toMatchObject({ text: "Accept and join" });
    await afterSubmit(trainerPage, () => trainerPage.keyboard.press("Space"));

    await showsPage(trainerPage, organizationPath, organizationName);
    expect(await trainerPage.getByRole("status").innerText()).toContain(`You have joined ${organizationName}.`);
    expect(await mainText(trainerPage)).toContain("Your role here: trainer.");
    expect(await trainerPage.locator("main strong").innerText()).toBe("trainer");
    const sections = trainerPage.getByRole("navigation", { name: `${organizationName} sections` });
    expect(await sections.getByRole("link", { name: "Members" }).count(), "trainers do not manage members").toBe(0);
    await expectNoAxeViolations(trainerPage, "organization home (trainer, just joined)");
  });

  it("the admin signs in again (after one wrong password) and sees the trainer among the members", async () => {
    await openHydrated(adminPage, url("/signin"));
    await expectNoAxeViolations(adminPage, "sign-in form");
    await adminPage.getByLabel("Email address").fill(admin.email);
    await adminPage.getByLabel("Password").fill("not my password at all");
    await afterSubmit(adminPage, () => adminPage.getByRole("button", { name: "Sign in" }).click());
    expect(await adminPage.getByRole("alert").innerText()).toContain("do not match an account");
    await expectNoAxeViolations(adminPage, "sign-in form with an error");

    await adminPage.getByLabel("Password").fill(admin.password);
    await afterSubmit(adminPage, () => adminPage.getByRole("button", { name: "Sign in" }).click());
    // One organization: the start page leads straight to it.
    await showsPage(adminPage, organizationPath, organizationName);
    expect(await setupSteps(adminPage), "the trainer joined: the first step ticked itself").toEqual({
      "Invite a trainer": "Done",
      "Define a programme": "To do",
      "Create a cohort": "To do",
    });
    expect(await adminPage.getByRole("region", { name: "Get your organization ready" }).innerText()).toContain("1 of 3 first steps done");
    await expectNoAxeViolations(adminPage, "organization home (admin, after signing in)");

    await adminPage.getByRole("link", { name: "Members and roles" }).click();
    await showsPage(adminPage, `${organizationPath}/admin/members`, `Members of ${organizationName}`);
    const row = adminPage.locator("tbody tr", { hasText: trainer.name });
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain(trainer.email);
    expect(await row.getByLabel(`Role of ${trainer.name}`).inputValue()).toBe("trainer");
    await expectNoAxeViolations(adminPage, "members");
  });

  it("no page logged a script error, a hydration mismatch or a missing file", () => {
    for (const { who, problems } of contexts) expect(problems, `browser problems for ${who}`).toEqual([]);
  });
});
