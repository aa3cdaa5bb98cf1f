import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findModule } from "~/content/catalog.server";
import { importCasePackage } from "~/models/competencies/case-import.server";
import { revokeCompletionRecord } from "~/models/records/record-issuing.server";
import { createOrganization } from "~/models/organizations/organization.server";
import { createProgramme } from "~/models/records/programme.server";
import { submitQuizAttempt } from "~/models/learning/quiz-attempt.server";
import { startQuizPaper } from "~/models/learning/quiz-paper.server";
import { assignModules } from "~/models/cohorts/assignment.server";
import { getDb } from "~/db.server";
import { createTestMember, createTestOrganization, createTestUser } from "../support/factories";
import { findCompetency, sampleCasePackage } from "../support/competency-factories";
import { createTestCohort as createCohortFor } from "../support/cohort-factories";
import { BASICS, MUTUALITY, createTestProgramme, issueTestRecord, makeEligible } from "../support/record-factories";
import { INJECTED_FAULT, withFailing } from "../support/fault-injection";
import { rowCounts } from "../support/row-counts";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Every write of more than one row, with a later statement made to fail on
 * purpose: nothing of it may remain. (The crash-safety test shows committed
 * writes survive a kill; this one shows a half-done write never commits.)
 */

// The server syncs frameworks and module versions when it starts, as in production.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

async function expectNothingWritten(work: () => Promise<unknown>) {
  const before = await rowCounts();
  await expect(work()).rejects.toThrow(INJECTED_FAULT);
  expect(await rowCounts()).toEqual(before);
}

describe("a write that fails half-way leaves nothing behind", () => {
  it("a quiz attempt whose answers cannot be stored keeps neither the attempt nor progress nor evidence", async () => {
    const { organization } = await createTestOrganization();
    const trainee = await createTestMember(organization.id, "trainee");
    const module = findModule(BASICS)!;
    const quiz = module.quizzes[0]!;
    const scope = { organizationId: organization.id, userId: trainee.id };
    // Every answer right, so that the attempt passes and would also write evidence and completion.
    const normalized = Object.fromEntries(
      quiz.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id).slice(0, q.kind === "multiple" ? undefined : 1)]),
    );
    // The paper is drawn when the trainee starts, a step of its own; handing it in is the write under test.
    const paper = await startQuizPaper({ scope, module, quizId: quiz.id });
    const handIn = () => submitQuizAttempt({ scope, module, paperId: paper.id, contentHash: module.contentHash, answers: normalized });
    await expectNothingWritten(() => withFailing("quiz_answers", handIn));
    // And passing evidence, written after the answers: a fault there undoes the answers and the attempt too.
    await expectNothingWritten(() => withFailing("competency_evidence", handIn));
  });

  it("a new organization whose signing key cannot be stored does not exist, nor its admin membership", async () => {
    const creator = await createTestUser();
    await expectNothingWritten(() => withFailing("organization_keys", () => createOrganization({ name: "Half-made Org", creatorId: creator.id })));
    await expectNothingWritten(() => withFailing("audit_log", () => createOrganization({ name: "Half-made Org", creatorId: creator.id })));
  });

  it("a programme whose competency requirements cannot be stored is not created", async () => {
    const { organization, admin } = await createTestOrganization();
    const competency = await findCompetency("who.role-01");
    await expectNothingWritten(() =>
      withFailing("programme_competencies", () =>
        createProgramme(
          { organizationId: organization.id, actorId: admin.id },
          {
            title: "Half a programme",
            description: "Never saved.",
            moduleSlugs: [BASICS],
            competencies: [{ competencyId: competency.id, minLevel: "developing" }],
            requiresSignOff: false,
            validityMonths: null,
          },
        ),
      ),
    );
  });

  it("assigning several modules where the second cannot be stored assigns none of them", async () => {
    const { organization } = await createTestOrganization();
    const trainer = await createTestMember(organization.id, "trainer");
    const cohort = await createCohortFor({ organizationId: organization.id, trainer });
    await expectNothingWritten(() =>
      withFailing(
        "assignments",
        () => assignModules({ organizationId: organization.id, cohortId: cohort.id, actorId: trainer.id, moduleSlugs: [BASICS, MUTUALITY], dueOn: null }),
        { when: `NEW.module_slug = '${MUTUALITY}'` },
      ),
    );
  });

  it("issuing a record whose audit entry fails issues nothing: no record, no status-list slot", async () => {
    const { organization, admin } = await createTestOrganization();
    const trainer = await createTestMember(organization.id, "trainer");
    const trainee = await createTestMember(organization.id, "trainee");
    const programme = await createTestProgramme({ organizationId: organization.id, adminId: admin.id });
    await makeEligible({ organizationId: organization.id, trainee, trainer, programmeId: programme.id });
    await expectNothingWritten(() =>
      withFailing("audit_log", () => issueTestRecord({ organization, admin, programmeId: programme.id, trainee, origin: "http://localhost" })),
    );
  });

  it("revoking a record whose audit entry fails leaves the record valid", async () => {
    const { organization, admin } = await createTestOrganization();
    const trainer = await createTestMember(organization.id, "trainer");
    const trainee = await createTestMember(organization.id, "trainee");
    const programme = await createTestProgramme({ organizationId: organization.id, adminId: admin.id });
    await makeEligible({ organizationId: organization.id, trainee, trainer, programmeId: programme.id });
    const record = await issueTestRecord({ organization, admin, programmeId: programme.id, trainee, origin: "http://localhost" });
    await expectNothingWritten(() =>
      withFailing("audit_log", () =>
        revokeCompletionRecord({ organizationId: organization.id, actorId: admin.id, recordId: record.id, reason: "Issued by mistake." }),
      ),
    );
    const row = await getDb().selectFrom("completion_records").select("revoked_at").where("id", "=", record.id).executeTakeFirstOrThrow();
    expect(row.revoked_at).toBeNull();
  });

  it("a CASE import whose competencies cannot all be stored imports no framework", async () => {
    const { organization, admin } = await createTestOrganization();
    const text = JSON.stringify(sampleCasePackage({ items: 3 }));
    await expectNothingWritten(() => withFailing("competencies", () => importCasePackage({ organizationId: organization.id, actorId: admin.id, text })));
    await expectNothingWritten(() => withFailing("audit_log", () => importCasePackage({ organizationId: organization.id, actorId: admin.id, text })));
  });
});
