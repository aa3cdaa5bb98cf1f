import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { getProgramme, setProgrammeArchived } from "~/models/records/programme.server";
import { assignTestModules, createNamedMember, createTestCohort, day } from "../support/cohort-factories";
import { findCompetency } from "../support/competency-factories";
import { createTestOrganization } from "../support/factories";
import { pageText } from "../support/page-text";
import { BASICS, MUTUALITY, createTestProgramme } from "../support/record-factories";
import { rowCounts } from "../support/row-counts";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Programmes and modules linked (issue 13): the programme form says which
 * competencies each module builds and warns, on the server, when a required
 * competency is built by none of the chosen modules, until the admin accepts
 * it; a trainer assigns all of a programme's modules to a cohort in one step.
 */

const COMMUNICATION = "psc-communication";
const DEMEANOUR = "psc-demeanour";

let server: TestServer;
let organization: Awaited<ReturnType<typeof createTestOrganization>>["organization"];
let admin: Awaited<ReturnType<typeof createTestOrganization>>["admin"];
let adminClient: Awaited<ReturnType<typeof signedInClient>>;
let provideSupport = { id: "", title: "" };
let shareExperience = { id: "", title: "" };

beforeAll(async () => {
  server = await startTestServer();
  const created = await createTestOrganization("Riverbank Peer Project");
  organization = created.organization;
  admin = created.admin;
  adminClient = await signedInClient(server.origin, admin);
  // Built by "Demeanour", not by "What peer support is".
  provideSupport = await findCompetency("who.role-02");
  shareExperience = await findCompetency("who.role-03");
});
afterAll(() => server.stop());

const admin_ = (path: string) => `/o/${organization.slug}/admin${path}`;
const programmeCount = async () => (await getDb().selectFrom("programmes").select("id").where("organization_id", "=", organization.id).execute()).length;

function programmeFields(title: string, extra: Record<string, string | string[]>) {
  return { title, description: "For new peer supporters.", ...extra };
}

describe("the programme form links modules and competencies", () => {
  it("says which competencies each module builds", async () => {
    const page = await pageText(await adminClient.get(admin_("/programmes/new")));
    expect(page).toContain("What peer support is Builds: Engage in collaborative and caring relationships; Building interpersonal relations");
    expect(page).toContain("No competency is required, so there is nothing to check.");
  });

  it("refuses to save a required competency no chosen module builds, names it, and offers to save anyway", async () => {
    const before = await rowCounts();
    const response = await adminClient.post(
      admin_("/programmes/new"),
      programmeFields("Foundation", { modules: BASICS, [`level.${provideSupport.id}`]: "developing" }),
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    const page = await pageText(new Response(html));
    expect(page).toContain(`Not saved yet: none of the chosen modules builds “${provideSupport.title}”.`);
    expect(page).toContain(`1 required competency is not built by any chosen module: ${provideSupport.title}`);
    expect(page).toContain("Save anyway: I know no chosen module builds this competency");
    expect(html).toMatch(new RegExp(`<input type="checkbox" id="field-acceptedGaps" name="acceptedGaps"[^>]* value="${provideSupport.id}"`));
    // What was typed comes back: the module stays chosen, the level stays set.
    expect(html).toMatch(new RegExp(`name="modules"[^>]* checked="" value="${BASICS}"`));
    expect(html).toContain('<option value="developing" selected="">');
    expect(await rowCounts()).toEqual(before);
  });

  it("saves once the admin accepts the gap, with the competency required", async () => {
    const response = await adminClient.post(
      admin_("/programmes/new"),
      programmeFields("Foundation", { modules: BASICS, [`level.${provideSupport.id}`]: "developing", acceptedGaps: provideSupport.id }),
    );
    expect(response.status).toBe(302);
    const id = /programmes\/([a-z2-7]{16})/.exec(response.headers.get("location")!)![1]!;
    const saved = await getProgramme(organization.id, id);
    expect(saved.modules.map((m) => m.slug)).toEqual([BASICS]);
    expect(saved.competencies.map((c) => c.id)).toEqual([provideSupport.id]);
  });

  it("asks again for a gap the admin has not accepted, even with another one accepted", async () => {
    const before = await programmeCount();
    const response = await adminClient.post(
      admin_("/programmes/new"),
      programmeFields("Second step", {
        modules: BASICS,
        [`level.${provideSupport.id}`]: "developing",
        [`level.${shareExperience.id}`]: "demonstrated",
        acceptedGaps: provideSupport.id,
      }),
    );
    expect(response.status).toBe(422);
    expect(await pageText(response)).toContain(`“${shareExperience.title}”`);
    expect(await programmeCount()).toBe(before);
  });

  it("saves without asking when a chosen module builds every required competency", async () => {
    const response = await adminClient.post(
      admin_("/programmes/new"),
      programmeFields("Demeanour first", { modules: [BASICS, DEMEANOUR], [`level.${provideSupport.id}`]: "developing" }),
    );
    expect(response.status).toBe(302);
  });

  it("the same check guards a change to a programme", async () => {
    const programme = await createTestProgramme({ organizationId: organization.id, adminId: admin.id, title: "Changed later", modules: [DEMEANOUR] });
    const fields = programmeFields("Changed later", { modules: BASICS, [`level.${provideSupport.id}`]: "verified" });
    const refused = await adminClient.post(admin_(`/programmes/${programme.id}/edit`), fields);
    expect(refused.status).toBe(422);
    expect((await getProgramme(organization.id, programme.id)).version).toBe(1);
    const accepted = await adminClient.post(admin_(`/programmes/${programme.id}/edit`), { ...fields, acceptedGaps: provideSupport.id });
    expect(accepted.status).toBe(302);
    expect((await getProgramme(organization.id, programme.id)).competencies.map((c) => c.id)).toEqual([provideSupport.id]);
  });

  it("refuses a malformed acceptance with a message instead of saving", async () => {
    const before = await programmeCount();
    const response = await adminClient.post(
      admin_("/programmes/new"),
      programmeFields("Odd", { modules: BASICS, [`level.${provideSupport.id}`]: "developing", acceptedGaps: "<script>" }),
    );
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("Tick the box again, or reload the page.");
    expect(await programmeCount()).toBe(before);
  });
});

describe("a cohort gets all of a programme's modules in one step", () => {
  let trainer: Awaited<ReturnType<typeof createNamedMember>>;
  let trainerClient: Awaited<ReturnType<typeof signedInClient>>;
  let cohortId = "";
  let programmeId = "";
  const modulesPage = () => `/o/${organization.slug}/teach/cohorts/${cohortId}/modules`;
  const assignments = async () =>
    Object.fromEntries(
      (await getDb().selectFrom("assignments").select(["module_slug", "due_on"]).where("cohort_id", "=", cohortId).execute()).map((a) => [a.module_slug, a.due_on]),
    );

  beforeAll(async () => {
    trainer = await createNamedMember(organization.id, "Tess Trainer", "trainer");
    trainerClient = await signedInClient(server.origin, trainer);
    cohortId = (await createTestCohort({ organizationId: organization.id, trainer, name: "Autumn group" })).id;
    programmeId = (
      await createTestProgramme({ organizationId: organization.id, adminId: admin.id, title: "Three modules", modules: [BASICS, MUTUALITY, COMMUNICATION] })
    ).id;
    await assignTestModules({ organizationId: organization.id, cohortId, trainer, slugs: [MUTUALITY], dueOn: day(10) });
  });

  it("the modules page offers the organization's programmes with what each would add", async () => {
    const page = await pageText(await trainerClient.get(modulesPage()));
    expect(page).toContain("Assign a programme's modules");
    expect(page).toContain("Three modules (2 of 3 modules not assigned yet)");
  });

  it("assigns the modules not yet assigned with the due date and keeps the others as they were", async () => {
    const response = await trainerClient.post(modulesPage(), { intent: "assign-programme", programmeId, dueOn: day(20) });
    expect(response.status).toBe(200);
    const page = await pageText(response);
    expect(page).toContain("2 modules of “Three modules” are assigned, due");
    expect(page).toContain("What peer support is, Communication.");
    expect(page).toContain("1 was assigned already and keeps its due date.");
    expect(await assignments()).toEqual({ [BASICS]: day(20), [MUTUALITY]: day(10), [COMMUNICATION]: day(20) });
  });

  it("says so when every module is assigned already, and changes nothing", async () => {
    const before = await rowCounts();
    const response = await trainerClient.post(modulesPage(), { intent: "assign-programme", programmeId, dueOn: "" });
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain("Nothing new to assign: all 3 modules of “Three modules” are assigned already.");
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses another organization's programme, an archived one, a due date outside the cohort and a trainee, writing nothing", async () => {
    const other = await createTestOrganization("Another Place");
    const foreign = await createTestProgramme({ organizationId: other.organization.id, adminId: other.admin.id, modules: [DEMEANOUR] });
    const archived = await createTestProgramme({ organizationId: organization.id, adminId: admin.id, title: "Old", modules: [DEMEANOUR] });
    await setProgrammeArchived({ organizationId: organization.id, actorId: admin.id, programmeId: archived.id }, true);
    const fresh = await createTestProgramme({ organizationId: organization.id, adminId: admin.id, title: "Fresh", modules: [DEMEANOUR] });
    const trainee = await createNamedMember(organization.id, "Theo Trainee");
    const traineeClient = await signedInClient(server.origin, trainee);
    const before = await rowCounts();

    const cases: [Awaited<ReturnType<typeof signedInClient>>, Record<string, string>, number[], string][] = [
      [trainerClient, { programmeId: foreign.id }, [404], "That programme was not found."],
      [trainerClient, { programmeId: archived.id }, [409], "“Old” is archived."],
      [trainerClient, { programmeId: fresh.id, dueOn: day(400) }, [400], "Choose a due date between the cohort's start"],
      [trainerClient, { programmeId: "not-an-id" }, [400], "Choose a programme from the list."],
      [traineeClient, { programmeId: fresh.id }, [403, 404], ""],
    ];
    for (const [client, fields, statuses, message] of cases) {
      const response = await client.post(modulesPage(), { intent: "assign-programme", dueOn: "", ...fields });
      expect(statuses, JSON.stringify(fields)).toContain(response.status);
      if (message) expect(await pageText(response)).toContain(message);
    }
    expect(await rowCounts()).toEqual(before);
  });
});
