import { beforeAll, describe, expect, it } from "vitest";
import { canManageCohort, canSeeLearner, type Viewer } from "~/auth/cohort-scope.server";
import { addMember, changeMemberRole } from "~/models/accounts/membership.server";
import { listCohortsForViewer } from "~/models/cohorts/cohort.server";
import { getTraineeOverview } from "~/models/cohorts/cohort-trainee.server";
import { addToCohort, askToJoinCohort, createNamedMember, createTestCohort } from "../support/cohort-factories";
import { createTestOrganization } from "../support/factories";

/*
 * The access rules of app/auth/cohort-scope.server.ts, asked directly: a
 * trainer reaches the cohorts they train and those cohorts' trainees, in one
 * organization; an admin every cohort of theirs; nobody anything across
 * organizations.
 */

let orgA = "";
let orgB = "";
let admin: Viewer;
let trainer: Viewer;
let otherTrainer: Viewer;
let ownCohort = "";
let otherCohort = "";
let orgBCohort = "";
let trainee = { id: "" };
let otherTrainee = { id: "" };
let asked = { id: "" };

beforeAll(async () => {
  const a = await createTestOrganization("Scope A");
  const b = await createTestOrganization("Scope B");
  orgA = a.organization.id;
  orgB = b.organization.id;
  admin = { organizationId: orgA, userId: a.admin.id, role: "admin" };
  const tara = await createNamedMember(orgA, "Tara Trainer", "trainer");
  const otto = await createNamedMember(orgA, "Otto Trainer", "trainer");
  trainer = { organizationId: orgA, userId: tara.id, role: "trainer" };
  otherTrainer = { organizationId: orgA, userId: otto.id, role: "trainer" };
  const sam = await createNamedMember(orgA, "Sam Trainee");
  const cam = await createNamedMember(orgA, "Cam Trainee");
  const ash = await createNamedMember(orgA, "Ash Asked");
  trainee = sam;
  otherTrainee = cam;
  asked = ash;
  ownCohort = (await createTestCohort({ organizationId: orgA, trainer: tara, name: "Tara's group" })).id;
  otherCohort = (await createTestCohort({ organizationId: orgA, trainer: otto, name: "Otto's group" })).id;
  await addToCohort({ organizationId: orgA, cohortId: ownCohort, trainer: tara, people: [sam] });
  await addToCohort({ organizationId: orgA, cohortId: otherCohort, trainer: otto, people: [cam] });
  await askToJoinCohort({ organizationId: orgA, cohortId: ownCohort, trainer: tara, people: [ash] });
  // Tara trains Cam in organization B too: that must not open Cam's learning in A to her.
  await addMember({ organizationId: orgB, userId: tara.id, role: "trainer" });
  await addMember({ organizationId: orgB, userId: cam.id, role: "trainee" });
  orgBCohort = (await createTestCohort({ organizationId: orgB, trainer: tara, name: "B group" })).id;
  await addToCohort({ organizationId: orgB, cohortId: orgBCohort, trainer: tara, people: [cam] });
});

describe("a trainer", () => {
  it("runs the cohorts they train and no other", async () => {
    expect(await canManageCohort(trainer, ownCohort)).toBe(true);
    expect(await canManageCohort(trainer, otherCohort)).toBe(false);
    expect(await canManageCohort(trainer, orgBCohort)).toBe(false);
    expect((await listCohortsForViewer(trainer)).map((c) => c.name)).toEqual(["Tara's group"]);
  });

  it("sees the trainees of their cohorts, not those of a colleague's, not one who was only asked", async () => {
    expect(await canSeeLearner(trainer, trainee.id)).toBe(true);
    expect(await canSeeLearner(trainer, otherTrainee.id)).toBe(false);
    expect(await canSeeLearner(trainer, asked.id)).toBe(false);
  });

  it("does not see in one organization a trainee they train in another", async () => {
    expect(await canSeeLearner(trainer, otherTrainee.id)).toBe(false);
    expect(await canSeeLearner({ ...trainer, organizationId: orgB }, otherTrainee.id)).toBe(true);
    const overview = await getTraineeOverview({ ...trainer, organizationId: orgB }, otherTrainee.id);
    expect(overview.cohorts.map((c) => c.name)).toEqual(["B group"]);
  });

  it("sees only the shared cohorts on a trainee's page", async () => {
    const overview = await getTraineeOverview(trainer, trainee.id);
    expect(overview.cohorts.map((c) => c.name)).toEqual(["Tara's group"]);
  });
});

describe("an admin", () => {
  it("runs every cohort of their organization and sees every member, nothing of another organization", async () => {
    expect((await listCohortsForViewer(admin)).map((c) => c.name).sort()).toEqual(["Otto's group", "Tara's group"]);
    expect(await canManageCohort(admin, otherCohort)).toBe(true);
    expect(await canManageCohort(admin, orgBCohort)).toBe(false);
    expect(await canSeeLearner(admin, asked.id)).toBe(true);
    expect(await canSeeLearner({ ...admin, organizationId: orgB }, trainee.id)).toBe(false);
  });
});

describe("a trainer made a trainee", () => {
  it("keeps their place in the cohort's list of trainers but runs it no more and sees none of its trainees", async () => {
    await changeMemberRole({ organizationId: orgA, actorId: admin.userId, userId: otherTrainer.userId, role: "trainee" });
    const demoted: Viewer = { ...otherTrainer, role: "trainee" };
    expect(await canManageCohort(demoted, otherCohort)).toBe(false);
    expect(await listCohortsForViewer(demoted)).toEqual([]);
    expect(await canSeeLearner(demoted, otherTrainee.id)).toBe(false);
    expect(await canSeeLearner(demoted, demoted.userId)).toBe(true);
  });
});
