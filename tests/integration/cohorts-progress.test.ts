import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findModule } from "~/content/catalog.server";
import { getDb } from "~/db.server";
import { loadCohortProgress, summarizeCohortProgress } from "~/models/cohorts/cohort-progress.server";
import { removeMember } from "~/models/accounts/membership.server";
import {
  addToCohort,
  assignTestModules,
  completeModule,
  createNamedMember,
  createTestCohort,
  day,
  failQuiz,
  startModule,
} from "../support/cohort-factories";
import { createTestOrganization } from "../support/factories";
import type { HttpClient } from "../support/http-client";
import { pageText, visibleText } from "../support/page-text";
import { rowCounts } from "../support/row-counts";
import { signedInClient } from "../support/sign-in";
import { countStatements } from "../support/statement-count";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Creating a cohort, assigning modules with due dates, and what the trainer
 * then reads: the progress table (cells, sorting, filtering, CSV) and the
 * summary, and what each trainee sees first on their home page.
 */

const BASICS = "what-is-peer-support";
const MUTUALITY = "mutuality-and-equality";

let server: TestServer;
let organizationId = "";
let slug = "";
let admin: { id: string; email: string; password: string };
let trainer: Awaited<ReturnType<typeof createNamedMember>>;
let trainerClient: HttpClient;

beforeAll(async () => {
  server = await startTestServer();
  const created = await createTestOrganization("Progress Peer Network");
  organizationId = created.organization.id;
  slug = created.organization.slug;
  admin = created.admin;
  trainer = await createNamedMember(organizationId, "Tess Trainer", "trainer");
  trainerClient = await signedInClient(server.origin, trainer);
});
afterAll(() => server.stop());

const cohortPath = (id: string, part = "") => `/o/${slug}/teach/cohorts/${id}${part}`;
const scopeOf = (person: { id: string }) => ({ organizationId, userId: person.id });

/** The visible text of each row of the progress table, in page order. */
// The table and its parts may carry attributes (classes, the roles that keep it a table when shown as cards).
function matrixRows(html: string): string[] {
  const table = /<table class="matrix[ "][^>]*>[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? "";
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => visibleText(m[1]!));
}

function matrixHeadings(html: string): string[] {
  const head = /<table class="matrix[ "][^>]*>[\s\S]*?<thead[^>]*>([\s\S]*?)<\/thead>/.exec(html)?.[1] ?? "";
  return [...head.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) => visibleText(m[1]!));
}

describe("creating a cohort", () => {
  it("a trainer creates one and becomes its trainer, with the co-trainers chosen", async () => {
    const coTrainer = await createNamedMember(organizationId, "Cora Cotrainer", "trainer");
    const response = await trainerClient.post(`/o/${slug}/teach/cohorts/new`, {
      name: "  Autumn evenings ",
      startsOn: "2026-09-01",
      endsOn: "2026-12-15",
      trainerIds: [coTrainer.id],
    });
    expect(response.status).toBe(302);
    const location = response.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^/o/${slug}/teach/cohorts/[a-z2-7]{16}/trainees\\?created=1$`));
    const cohort = await getDb().selectFrom("cohorts").selectAll().where("name", "=", "Autumn evenings").executeTakeFirstOrThrow();
    expect(cohort).toMatchObject({ organization_id: organizationId, starts_on: "2026-09-01", ends_on: "2026-12-15", archived_at: null });
    const trainers = await getDb().selectFrom("cohort_members").select(["user_id", "role"]).where("cohort_id", "=", cohort.id).execute();
    expect(trainers.map((t) => t.user_id).sort()).toEqual([trainer.id, coTrainer.id].sort());
    expect(trainers.every((t) => t.role === "trainer")).toBe(true);
    const page = await pageText(await trainerClient.follow(response));
    expect(page).toContain("The cohort has been created. Now add its trainees, then assign modules.");
    expect(page).toContain("Trainers: Cora Cotrainer, Tess Trainer");
  });

  it.each([
    ["no name", { name: " ", startsOn: "2026-01-01", endsOn: "2026-02-01" }, 400, "Enter a name for the cohort."],
    ["a name of 200 characters", { name: "N".repeat(200), startsOn: "2026-01-01", endsOn: "2026-02-01" }, 400, "Keep the name to 120 characters or fewer."],
    ["a date that does not exist", { name: "X", startsOn: "2026-02-30", endsOn: "2026-03-01" }, 400, "Enter the start date as a real date"],
    ["a date in another format", { name: "X", startsOn: "01/02/2026", endsOn: "2026-03-01" }, 400, "Enter the start date as a real date"],
    ["no end date", { name: "X", startsOn: "2026-01-01" }, 400, "Enter the end date."],
    ["an end before the start", { name: "X", startsOn: "2026-05-01", endsOn: "2026-04-01" }, 400, "The end date is before the start date."],
    ["a malformed trainer id", { name: "X", startsOn: "2026-01-01", endsOn: "2026-02-01", trainerIds: "<script>" }, 400, "Choose trainers from the list."],
    ["a trainer id of nobody", { name: "X", startsOn: "2026-01-01", endsOn: "2026-02-01", trainerIds: "aaaaaaaaaaaaaaaa" }, 400, "is not a trainer or admin in this organization"],
  ])("refuses %s with a message, keeps what was typed and writes nothing", async (_, fields, status, message) => {
    const before = await rowCounts();
    const response = await trainerClient.post(`/o/${slug}/teach/cohorts/new`, fields as Record<string, string>);
    expect(response.status).toBe(status);
    const html = await response.text();
    expect(visibleText(html)).toContain(message);
    if (typeof fields.name === "string" && fields.name.trim() && fields.name.length < 120) expect(html).toContain(`value="${fields.name}"`);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a trainee from another organization as a trainer", async () => {
    const elsewhere = await createTestOrganization("Elsewhere Collective");
    const before = await rowCounts();
    const response = await trainerClient.post(`/o/${slug}/teach/cohorts/new`, {
      name: "Mixed",
      startsOn: "2026-01-01",
      endsOn: "2026-02-01",
      trainerIds: elsewhere.admin.id,
    });
    expect(response.status).toBe(400);
    expect(await rowCounts()).toEqual(before);
  });

  it("an admin must choose at least one trainer; a trainee may not create a cohort", async () => {
    const adminClient = await signedInClient(server.origin, admin);
    const response = await adminClient.post(`/o/${slug}/teach/cohorts/new`, { name: "No trainers", startsOn: "2026-01-01", endsOn: "2026-02-01" });
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("Choose at least one trainer for the cohort.");
    const trainee = await createNamedMember(organizationId, "Tia Trainee");
    const traineeClient = await signedInClient(server.origin, trainee);
    const refused = await traineeClient.post(`/o/${slug}/teach/cohorts/new`, { name: "Mine", startsOn: "2026-01-01", endsOn: "2026-02-01" });
    expect(refused.status).toBe(403);
    expect((await traineeClient.get(`/o/${slug}/teach/cohorts/new`)).status).toBe(403);
  });
});

describe("assigning modules with due dates", () => {
  let cohortId = "";
  beforeAll(async () => {
    cohortId = (await createTestCohort({ organizationId, trainer, name: "Assignments", startsOn: day(-30), endsOn: day(30) })).id;
  });
  const modulesPath = () => cohortPath(cohortId, "/modules");
  const assignments = () =>
    getDb().selectFrom("assignments").select(["id", "module_slug", "due_on"]).where("cohort_id", "=", cohortId).orderBy("module_slug").execute();

  it("assigns two modules at once with one due date", async () => {
    const response = await trainerClient.post(modulesPath(), { intent: "assign", moduleSlugs: [BASICS, MUTUALITY], dueOn: day(7) });
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain("2 modules are assigned.");
    expect((await assignments()).map((a) => [a.module_slug, a.due_on])).toEqual([
      [MUTUALITY, day(7)],
      [BASICS, day(7)],
    ]);
    const page = await pageText(await trainerClient.get(modulesPath()));
    expect(page).toContain("Assigned modules (2)");
  });

  it.each([
    ["no module", { intent: "assign", dueOn: "" }, 400, "Choose at least one module to assign."],
    ["a module not in the catalog", { intent: "assign", moduleSlugs: "no-such-module" }, 400, "no longer in the catalog"],
    ["a malformed module name", { intent: "assign", moduleSlugs: "<b>" }, 400, "That module was not found."],
    ["a module twice", { intent: "assign", moduleSlugs: ["psc-demeanour", "psc-demeanour"] }, 400, "A module was chosen twice."],
    ["a module already assigned", { intent: "assign", moduleSlugs: ["psc-teamwork", BASICS] }, 409, "Already assigned: “What peer support is”."],
    ["a due date after the cohort ends", { intent: "assign", moduleSlugs: "psc-teamwork", dueOn: day(45) }, 400, "Choose a due date between the cohort's start"],
    ["a due date that does not exist", { intent: "assign", moduleSlugs: "psc-teamwork", dueOn: "2026-13-01" }, 400, "Enter the due date as a real date"],
    ["an unknown intent", { intent: "explode" }, 400, "We did not understand that request."],
  ])("refuses %s and assigns nothing", async (_, fields, status, message) => {
    const before = await rowCounts();
    const response = await trainerClient.post(modulesPath(), fields as Record<string, string>);
    expect(response.status).toBe(status);
    expect(await pageText(response)).toContain(message);
    expect(await rowCounts()).toEqual(before);
  });

  it("changes and clears a due date, and removes an assignment; another cohort's assignment is not found", async () => {
    const [mutuality] = (await assignments()).filter((a) => a.module_slug === MUTUALITY);
    const changed = await trainerClient.post(modulesPath(), { intent: "change-due", assignmentId: mutuality!.id, dueOn: day(3) });
    expect(changed.status).toBe(200);
    expect((await assignments()).find((a) => a.module_slug === MUTUALITY)?.due_on).toBe(day(3));
    const cleared = await trainerClient.post(modulesPath(), { intent: "change-due", assignmentId: mutuality!.id, dueOn: "" });
    expect(await pageText(cleared)).toContain("The module has no due date now.");
    expect((await assignments()).find((a) => a.module_slug === MUTUALITY)?.due_on).toBeNull();

    const other = await createTestCohort({ organizationId, trainer, name: "Other" });
    const before = await rowCounts();
    const wrong = await trainerClient.post(cohortPath(other.id, "/modules"), { intent: "remove", assignmentId: mutuality!.id });
    expect(wrong.status).toBe(404);
    expect(await rowCounts()).toEqual(before);

    const removed = await trainerClient.post(modulesPath(), { intent: "remove", assignmentId: mutuality!.id });
    expect(removed.status).toBe(200);
    expect((await assignments()).map((a) => a.module_slug)).toEqual([BASICS]);
  });
});

describe("what trainees see first on their home page", () => {
  it("lists assigned modules with due dates, the overdue ones first and marked, completed ones last", async () => {
    const cohort = await createTestCohort({ organizationId, trainer, name: "Home page cohort", startsOn: day(-20), endsOn: day(40) });
    const trainee = await createNamedMember(organizationId, "Hana Home");
    await addToCohort({ organizationId, cohortId: cohort.id, trainer, people: [trainee] });
    await assignTestModules({ organizationId, cohortId: cohort.id, trainer, slugs: [BASICS], dueOn: day(-2) });
    await assignTestModules({ organizationId, cohortId: cohort.id, trainer, slugs: [MUTUALITY], dueOn: day(10) });
    await assignTestModules({ organizationId, cohortId: cohort.id, trainer, slugs: ["psc-teamwork"], dueOn: day(-5) });
    await completeModule(scopeOf(trainee), "psc-teamwork");
    await startModule(scopeOf(trainee), BASICS);

    const client = await signedInClient(server.origin, trainee);
    const html = await (await client.get(`/o/${slug}`)).text();
    const text = visibleText(html);
    expect(text).toContain("Assigned to you");
    const section = visibleText(/<section aria-labelledby="assigned-heading"[\s\S]*?<\/section>/.exec(html)![0]);
    const titles = [findModule(BASICS)!, findModule(MUTUALITY)!, findModule("psc-teamwork")!].map((m) => m.frontmatter.title);
    const positions = titles.map((title) => section.indexOf(title));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions[0]).toBeLessThan(positions[1]!);
    expect(positions[1]).toBeLessThan(positions[2]!);
    expect(section).toContain("Overdue (in progress)");
    expect(section).toContain("The due date has passed. You can still do it.");
    expect(section).toMatch(/Not started Due \d+ \w+ \d{4}/);
    expect(section).toMatch(/Completed \d+ \w+ \d{4}/);
    expect(text.indexOf("Assigned to you")).toBeLessThan(text.indexOf("Your learning"));

    // An archived cohort's assignments are over.
    await trainerClient.post(cohortPath(cohort.id, "/settings"), { intent: "archive" });
    expect(await pageText(await client.get(`/o/${slug}`))).not.toContain("Assigned to you");
  });
});

describe("the progress table", () => {
  let cohortId = "";
  const people: Record<string, Awaited<ReturnType<typeof createNamedMember>>> = {};
  beforeAll(async () => {
    cohortId = (await createTestCohort({ organizationId, trainer, name: "Matrix cohort", startsOn: day(-30), endsOn: day(30) })).id;
    for (const name of ["Dara Done", "Abel Started", "Cleo Nothing", "Bea Overdue", "Eli Both", "=HYPERLINK(evil)"]) {
      people[name] = await createNamedMember(organizationId, name);
    }
    await addToCohort({ organizationId, cohortId, trainer, people: Object.values(people) });
    await assignTestModules({ organizationId, cohortId, trainer, slugs: [BASICS], dueOn: day(-1) });
    await assignTestModules({ organizationId, cohortId, trainer, slugs: [MUTUALITY], dueOn: day(14) });
    await completeModule(scopeOf(people["Dara Done"]!), BASICS);
    await completeModule(scopeOf(people["Dara Done"]!), MUTUALITY);
    await startModule(scopeOf(people["Abel Started"]!), MUTUALITY);
    await startModule(scopeOf(people["Bea Overdue"]!), BASICS);
    await failQuiz(scopeOf(people["Bea Overdue"]!), BASICS);
    await completeModule(scopeOf(people["Eli Both"]!), MUTUALITY);
    await startModule(scopeOf(people["Eli Both"]!), BASICS);
  });

  it("is a table with a caption, column and row headers, one cell per trainee and module in words", async () => {
    const response = await trainerClient.get(cohortPath(cohortId));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<caption id="matrix-caption">');
    expect(matrixHeadings(html)).toEqual([
      "Trainee ▲",
      "Completed",
      `${findModule(BASICS)!.frontmatter.title} Due ${visibleDay(day(-1))}`,
      `${findModule(MUTUALITY)!.frontmatter.title} Due ${visibleDay(day(14))}`,
    ]);
    const matrix = /<table class="matrix[ "][^>]*>[\s\S]*?<\/table>/.exec(html)![0];
    expect((matrix.match(/<th scope="row"[ >]/g) ?? []).length).toBe(6);
    expect((matrix.match(/<th scope="col"/g) ?? []).length).toBe(4);
    const today = visibleDay(day(0));
    expect(matrixRows(html)).toEqual([
      `=HYPERLINK(evil) ${people["=HYPERLINK(evil)"]!.email} 0 of 2 Overdue (not started) Not started`,
      `Abel Started ${people["Abel Started"]!.email} 0 of 2 Overdue (not started) In progress`,
      `Bea Overdue ${people["Bea Overdue"]!.email} 0 of 2 Overdue (in progress) Not started`,
      `Cleo Nothing ${people["Cleo Nothing"]!.email} 0 of 2 Overdue (not started) Not started`,
      `Dara Done ${people["Dara Done"]!.email} 2 of 2 Completed ${today} Completed ${today}`,
      `Eli Both ${people["Eli Both"]!.email} 1 of 2 Overdue (in progress) Completed ${today}`,
    ]);
    expect(html).toContain('aria-sort="ascending"');
  });

  it("sorts by a column through the address, both ways", async () => {
    const byCompleted = matrixRows(await (await trainerClient.get(`${cohortPath(cohortId)}?sort=completed&dir=desc`)).text());
    expect(byCompleted.map((r) => r.split(" person")[0])).toEqual([
      "Dara Done",
      "Eli Both",
      "Abel Started",
      "Bea Overdue",
      "=HYPERLINK(evil)",
      "Cleo Nothing",
    ]);
    const byMutuality = matrixRows(await (await trainerClient.get(`${cohortPath(cohortId)}?sort=${MUTUALITY}&dir=asc`)).text());
    expect(byMutuality.map((r) => r.split(" person")[0])).toEqual([
      "=HYPERLINK(evil)",
      "Bea Overdue",
      "Cleo Nothing",
      "Abel Started",
      "Dara Done",
      "Eli Both",
    ]);
    const html = await (await trainerClient.get(`${cohortPath(cohortId)}?sort=name&dir=desc`)).text();
    expect(matrixRows(html)[0]).toMatch(/^Eli Both/);
    expect(html).toContain('aria-sort="descending"');
    expect(visibleText(html)).toContain("sorted by name, Z to A");
  });

  it("filters by status, module and name through a plain GET form", async () => {
    const names = async (query: string) =>
      matrixRows(await (await trainerClient.get(`${cohortPath(cohortId)}?${query}`)).text()).map((r) => r.split(" person")[0]);
    expect(await names("status=overdue")).toEqual(["=HYPERLINK(evil)", "Abel Started", "Bea Overdue", "Cleo Nothing", "Eli Both"]);
    expect(await names(`status=in-progress&module=${BASICS}`)).toEqual(["Bea Overdue", "Eli Both"]);
    expect(await names(`status=completed&module=${MUTUALITY}`)).toEqual(["Dara Done", "Eli Both"]);
    expect(await names("status=not-started")).toEqual(["=HYPERLINK(evil)", "Abel Started", "Bea Overdue", "Cleo Nothing"]);
    expect(await names("q=CLEO")).toEqual(["Cleo Nothing"]);
    const none = await pageText(await trainerClient.get(`${cohortPath(cohortId)}?q=nobody-at-all`));
    expect(none).toContain("No trainee matches.");
    const filtered = await pageText(await trainerClient.get(`${cohortPath(cohortId)}?status=completed`));
    expect(filtered).toContain("Showing all 2 matching trainees (of 6)");
  });

  it("ignores a sort, filter or page that makes no sense instead of failing", async () => {
    for (const query of ["sort=%3Cscript%3E&dir=sideways", "status=lost&module=nope", "page=-4", "page=99999999", `q=${"x".repeat(500)}`, "sort=a&sort=b"]) {
      const response = await trainerClient.get(`${cohortPath(cohortId)}?${query}`);
      expect(response.status, query).toBe(200);
    }
  });

  it("summarises the cohort: completion per module, who has not started, quiz pass rates", async () => {
    const html = await (await trainerClient.get(cohortPath(cohortId))).text();
    const summary = visibleText(/<section aria-labelledby="summary-heading">[\s\S]*?<\/section>/.exec(html)![0]);
    expect(summary).toContain("6 trainees, 2 assigned modules. Modules completed: 3 of 12 (25%).");
    expect(summary).toContain(`${findModule(BASICS)!.frontmatter.title} Due ${visibleDay(day(-1))} 1 of 6 (17%) 2 3 5`);
    // Dara passed; Bea tried and failed: "1 of 2 who tried", in counts because fewer than five tried.
    expect(summary).toContain("1 of 2 who tried");
    expect(summary).toContain("Not started any assigned module (2)");
    expect(summary).toContain("=HYPERLINK(evil) Cleo Nothing");
    expect(summary).not.toContain("fewer than five trainees");
  });

  it("exports the table as CSV, sorted and filtered like the page, with formulas disarmed", async () => {
    const response = await trainerClient.get(`${cohortPath(cohortId, "/progress.csv")}?sort=completed&dir=desc`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="matrix-cohort-progress-\d{4}-\d{2}-\d{2}\.csv"$/);
    const csv = await response.text();
    const lines = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      `Trainee,Email,Completed (of 2),${findModule(BASICS)!.frontmatter.title} (due ${day(-1)}),${findModule(MUTUALITY)!.frontmatter.title} (due ${day(14)})`,
    );
    expect(lines).toHaveLength(7);
    expect(lines[1]).toBe(`Dara Done,${people["Dara Done"]!.email},2,Completed ${day(0)},Completed ${day(0)}`);
    expect(lines.find((l) => l.includes("HYPERLINK"))).toBe(`'=HYPERLINK(evil),${people["=HYPERLINK(evil)"]!.email},0,"Overdue, not started",Not started`);
    const filtered = await (await trainerClient.get(`${cohortPath(cohortId, "/progress.csv")}?status=completed`)).text();
    expect(filtered.trimEnd().split("\r\n")).toHaveLength(3);
  });

  it("leaves out trainees who have left the organization, in the table and in every figure", async () => {
    const leaver = await createNamedMember(organizationId, "Lee Leaver");
    await addToCohort({ organizationId, cohortId, trainer, people: [leaver] });
    await completeModule(scopeOf(leaver), BASICS);
    expect(summarizeCohortProgress(await loadCohortProgress({ organizationId, cohortId })).trainees).toBe(7);
    await removeMember({ organizationId, actorId: admin.id, userId: leaver.id });
    const progress = await loadCohortProgress({ organizationId, cohortId });
    expect(progress.trainees.map((t) => t.name)).not.toContain("Lee Leaver");
    expect(summarizeCohortProgress(progress).modules[0]!.completed).toBe(1);
    expect(await pageText(await trainerClient.get(cohortPath(cohortId)))).not.toContain("Lee Leaver");
    expect(await (await trainerClient.get(cohortPath(cohortId, "/progress.csv"))).text()).not.toContain("Lee Leaver");
  });

  it("pages a large cohort, 100 trainees to a page", async () => {
    const big = (await createTestCohort({ organizationId, trainer, name: "Big cohort" })).id;
    const many = [];
    for (let i = 0; i < 105; i++) many.push(await createNamedMember(organizationId, `Many ${String(i).padStart(3, "0")}`));
    await addToCohort({ organizationId, cohortId: big, trainer, people: many });
    await assignTestModules({ organizationId, cohortId: big, trainer, slugs: [BASICS] });
    const first = await (await trainerClient.get(cohortPath(big))).text();
    expect(matrixRows(first)).toHaveLength(100);
    expect(visibleText(first)).toContain("Showing 1 to 100 of 105 trainees");
    expect(visibleText(first)).toContain("Page 1 of 2");
    const second = await (await trainerClient.get(`${cohortPath(big)}?page=2`)).text();
    expect(matrixRows(second).map((r) => r.split(" person")[0])).toEqual(["Many 100", "Many 101", "Many 102", "Many 103", "Many 104"]);
    const csv = await (await trainerClient.get(cohortPath(big, "/progress.csv"))).text();
    expect(csv.trimEnd().split("\r\n")).toHaveLength(106);
  });

  it("loads in the same number of queries whatever the number of trainees", async () => {
    const small = (await createTestCohort({ organizationId, trainer, name: "Query count" })).id;
    const few = [await createNamedMember(organizationId, "Q One"), await createNamedMember(organizationId, "Q Two")];
    await addToCohort({ organizationId, cohortId: small, trainer, people: few });
    await assignTestModules({ organizationId, cohortId: small, trainer, slugs: [BASICS, MUTUALITY] });
    await completeModule(scopeOf(few[0]!), BASICS);
    const statements = (id: string) =>
      countStatements(async () => summarizeCohortProgress(await loadCohortProgress({ organizationId, cohortId: id })));
    const forTwo = await statements(small);
    const forSix = await statements(cohortId);
    expect(forTwo).toBe(5);
    expect(forSix).toBe(forTwo);
  });
});

describe("a small cohort", () => {
  it("gives counts, not percentages, when there are fewer than five trainees", async () => {
    const cohort = await createTestCohort({ organizationId, trainer, name: "Small cohort" });
    const pair = [await createNamedMember(organizationId, "Pia Pair"), await createNamedMember(organizationId, "Quin Pair")];
    await addToCohort({ organizationId, cohortId: cohort.id, trainer, people: pair });
    await assignTestModules({ organizationId, cohortId: cohort.id, trainer, slugs: [BASICS] });
    await completeModule(scopeOf(pair[0]!), BASICS);
    const html = await (await trainerClient.get(cohortPath(cohort.id))).text();
    const summary = visibleText(/<section aria-labelledby="summary-heading">[\s\S]*?<\/section>/.exec(html)![0]);
    expect(summary).toContain("This cohort has fewer than five trainees, so the figures are counts of the people in the table below, not percentages.");
    expect(summary).toContain("Modules completed: 1 of 2.");
    expect(summary).not.toMatch(/\d%/);
  });
});

describe("an archived cohort", () => {
  it("is read-only but still reportable; only an admin reopens it", async () => {
    const cohort = await createTestCohort({ organizationId, trainer, name: "Finished cohort" });
    const member = await createNamedMember(organizationId, "Fin Member");
    await addToCohort({ organizationId, cohortId: cohort.id, trainer, people: [member] });
    await assignTestModules({ organizationId, cohortId: cohort.id, trainer, slugs: [BASICS], dueOn: day(1) });
    const assignment = await getDb().selectFrom("assignments").select("id").where("cohort_id", "=", cohort.id).executeTakeFirstOrThrow();

    const confirm = await pageText(await trainerClient.get(`${cohortPath(cohort.id, "/settings")}?confirm=archive`));
    expect(confirm).toContain("Archive “Finished cohort” now?");
    const archived = await trainerClient.post(cohortPath(cohort.id, "/settings"), { intent: "archive" });
    expect(archived.status).toBe(302);
    expect(archived.headers.get("location")).toBe(cohortPath(cohort.id));

    const before = await rowCounts();
    for (const [path, fields] of [
      ["/modules", { intent: "assign", moduleSlugs: MUTUALITY }],
      ["/modules", { intent: "change-due", assignmentId: assignment.id, dueOn: day(2) }],
      ["/modules", { intent: "remove", assignmentId: assignment.id }],
      ["/trainees", { intent: "remove-trainee", userId: member.id }],
      ["/trainees", { intent: "add-list", addresses: "late@example.org" }],
      ["/settings", { intent: "save", name: "Renamed", startsOn: day(-1), endsOn: day(1) }],
      ["/settings", { intent: "archive" }],
    ] as const) {
      const response = await trainerClient.post(cohortPath(cohort.id, path), fields);
      expect(response.status, `${path} ${fields.intent}`).toBe(409);
      expect(await pageText(response)).toContain("This cohort is archived");
    }
    expect(await rowCounts()).toEqual(before);

    const progress = await trainerClient.get(cohortPath(cohort.id));
    expect(progress.status).toBe(200);
    const text = await pageText(progress);
    expect(text).toContain("This cohort is archived. You can read its progress and download it");
    expect(text).toContain("Fin Member");
    expect((await trainerClient.get(cohortPath(cohort.id, "/progress.csv"))).status).toBe(200);
    const modules = await pageText(await trainerClient.get(cohortPath(cohort.id, "/modules")));
    expect(modules).not.toContain("Assign the chosen modules");
    const list = await pageText(await trainerClient.get(`/o/${slug}/teach`));
    expect(list.slice(list.indexOf("Archived"))).toContain("Finished cohort");

    const refused = await trainerClient.post(cohortPath(cohort.id, "/settings"), { intent: "reopen" });
    expect(refused.status).toBe(403);
    const adminClient = await signedInClient(server.origin, admin);
    const reopened = await adminClient.post(cohortPath(cohort.id, "/settings"), { intent: "reopen" });
    expect(reopened.status).toBe(200);
    const row = await getDb().selectFrom("cohorts").select("archived_at").where("id", "=", cohort.id).executeTakeFirstOrThrow();
    expect(row.archived_at).toBeNull();
  });
});

function visibleDay(value: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${value}T00:00:00Z`));
}
