import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findModule } from "~/content/catalog.server";
import { DomainError } from "~/domain-error";
import { listModuleOverviews, openModule } from "~/models/learning/module-progress.server";
import { completeModule } from "../support/cohort-factories";
import { createTestMember, createTestOrganization } from "../support/factories";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Opening a module: content notes before a first start, then the part asked
 * for or where the trainee left off; the progress shown counts the visit and
 * matches what every other page reads afterwards.
 */

// The server syncs the module versions that quiz attempts refer to when it starts.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const WITH_NOTES = "crisis-and-suicide";
const WITHOUT_NOTES = "what-is-peer-support";

async function newTrainee() {
  const { organization } = await createTestOrganization();
  const trainee = await createTestMember(organization.id, "trainee");
  return { organizationId: organization.id, userId: trainee.id };
}

const moduleOf = (slug: string) => findModule(slug)!;

describe("opening a module", () => {
  it("shows the content notes first to someone who has not started, and records nothing", async () => {
    const scope = await newTrainee();
    const module = moduleOf(WITH_NOTES);
    expect(module.frontmatter.contentNotes.length).toBeGreaterThan(0);
    expect(await openModule(scope, module, null)).toEqual({ view: "notes" });
    expect((await listModuleOverviews(scope, [module]))[0]!.status).toBe("not-started");
  });

  it("opens the part asked for past the notes, counts the visit, and comes back to it next time", async () => {
    const scope = await newTrainee();
    const module = moduleOf(WITH_NOTES);
    const second = module.sections[1]!.id;
    const opened = await openModule(scope, module, second);
    expect(opened).toMatchObject({ view: "section", index: 1, progress: { status: "in-progress", lastSection: second } });
    const [stored] = await listModuleOverviews(scope, [module]);
    expect(opened.view === "section" && opened.progress.fraction).toBe(stored!.fraction);
    expect(stored!.fraction).toBeGreaterThan(0);
    expect(await openModule(scope, module, null)).toMatchObject({ view: "section", index: 1 });
  });

  it("starts a module without notes at its first part", async () => {
    const scope = await newTrainee();
    expect(await openModule(scope, moduleOf(WITHOUT_NOTES), null)).toMatchObject({ view: "section", index: 0, progress: { status: "in-progress" } });
  });

  it("keeps a completed module completed, at full progress, when it is opened again", async () => {
    const scope = await newTrainee();
    const module = moduleOf(WITHOUT_NOTES);
    await completeModule(scope, WITHOUT_NOTES);
    const opened = await openModule(scope, module, module.sections[0]!.id);
    expect(opened).toMatchObject({ view: "section", progress: { status: "completed", fraction: 1 } });
  });

  it("refuses a part the module does not have with a 404, recording no visit", async () => {
    const scope = await newTrainee();
    const module = moduleOf(WITHOUT_NOTES);
    const refusal = await openModule(scope, module, "no-such-part").catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).status).toBe(404);
    expect((await listModuleOverviews(scope, [module]))[0]!.status).toBe("not-started");
  });
});
