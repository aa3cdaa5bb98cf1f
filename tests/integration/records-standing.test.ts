import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getHolderRecordsPage } from "~/models/records/holder-records.server";
import { checkEligibility } from "~/models/records/eligibility.server";
import { getProgramme, setProgrammeArchived } from "~/models/records/programme.server";
import { signOffProgramme } from "~/models/records/programme-sign-off.server";
import { completeModule } from "../support/cohort-factories";
import { createTestMember, createTestOrganization } from "../support/factories";
import { BASICS, createTestProgramme, issueTestRecord, makeEligible, MUTUALITY } from "../support/record-factories";
import { countStatements } from "../support/statement-count";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Where one person stands for every programme of their organization, as their
 * records page and their trainers' page about them show it: the same answer
 * as checking each programme alone, in the same number of queries whatever
 * the number of programmes.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const fullProgramme = (title: string) => ({
  title,
  modules: [BASICS, MUTUALITY],
  competencies: [{ code: "who.role-01", minLevel: "developing" as const }],
  requiresSignOff: true,
});

async function organizationWithProgrammes(count: number) {
  const { organization, admin } = await createTestOrganization();
  const trainer = await createTestMember(organization.id, "trainer");
  const trainee = await createTestMember(organization.id, "trainee");
  const programmes = [];
  for (let i = 0; i < count; i++) programmes.push(await createTestProgramme({ organizationId: organization.id, adminId: admin.id, ...fullProgramme(`Programme ${i + 1}`) }));
  return { organization, admin, trainer, trainee, programmes, scope: { organizationId: organization.id, userId: trainee.id } };
}

describe("a person's standing for every programme", () => {
  it("agrees with checking each programme alone, lists current programmes by title and says which record is held", async () => {
    const { organization, admin, trainer, trainee, scope } = await organizationWithProgrammes(0);
    const create = (input: Omit<Parameters<typeof createTestProgramme>[0], "organizationId" | "adminId">) =>
      createTestProgramme({ organizationId: organization.id, adminId: admin.id, ...input });
    const signedOff = await create({ title: "Sign-off only", modules: [BASICS], requiresSignOff: true });
    const competency = await create({ title: "Competency", modules: [], competencies: [{ code: "who.role-01", minLevel: "verified" }] });
    const modules = await create({ title: "Both modules", modules: [BASICS, MUTUALITY] });
    const archived = await create({ title: "Archived", modules: [BASICS] });
    await setProgrammeArchived({ organizationId: organization.id, actorId: admin.id, programmeId: archived.id }, true);
    await completeModule(scope, BASICS);
    await signOffProgramme({ organizationId: organization.id, programmeId: signedOff.id, learnerId: trainee.id, actorId: trainer.id, note: "" });
    await makeEligible({ organizationId: organization.id, trainee, trainer, programmeId: competency.id });
    await issueTestRecord({ organization, admin, programmeId: competency.id, trainee, origin: server.origin });

    const { records, progress } = await getHolderRecordsPage(scope);
    expect(records.map((r) => r.programmeTitle)).toEqual(["Competency"]);
    expect(progress.map((p) => p.title)).toEqual(["Both modules", "Competency", "Sign-off only"]);
    for (const programme of [signedOff, competency, modules]) {
      const alone = await checkEligibility(scope, await getProgramme(organization.id, programme.id));
      expect(progress.find((p) => p.id === programme.id)).toMatchObject({ eligible: alone.eligible, checks: alone.checks, signedOff: alone.signOff !== null });
    }
    expect(progress.map((p) => [p.title, p.eligible, p.held, p.signedOff])).toEqual([
      ["Both modules", false, false, false],
      ["Competency", true, true, false],
      ["Sign-off only", true, false, true],
    ]);
    expect(progress.find((p) => p.title === "Both modules")!.checks.map((c) => c.met)).toEqual([true, false]);
  });

  it("runs as many queries for six programmes as for one", async () => {
    const one = await organizationWithProgrammes(1);
    const six = await organizationWithProgrammes(6);
    for (const org of [one, six]) await completeModule(org.scope, BASICS);
    const forOne = await countStatements(() => getHolderRecordsPage(one.scope));
    const forSix = await countStatements(async () => expect((await getHolderRecordsPage(six.scope)).progress).toHaveLength(6));
    expect(forSix).toBe(forOne);
  });
});
