import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations } from "../../migrations";
import { findModule } from "~/content/catalog.server";
import { getDb, openDatabase } from "~/db.server";
import { competencyCaseIdentifier, frameworkCaseIdentifier, uuidV5 } from "~/codecs/case-identifier.server";
import { quizEvidenceCodes, recordObservation, recordSelfAssessment } from "~/models/competencies/competency-evidence.server";
import { loadCompetencyRecord } from "~/models/competencies/competency.server";
import { loadContentFrameworks, syncContentFrameworks } from "~/models/competencies/framework.server";
import { evidenceOf, findCompetency } from "../support/competency-factories";
import { createTestMember, createTestOrganization } from "../support/factories";

let organizationId: string;
let trainee: { id: string };
let trainer: { id: string };

const scratch: string[] = [];
/** A folder of this test file's own under tests/.tmp, removed afterwards. */
function scratchFolder(prefix: string): string {
  const directory = mkdtempSync(join("tests/.tmp", prefix));
  scratch.push(directory);
  return directory;
}
afterAll(() => scratch.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

beforeAll(async () => {
  await syncContentFrameworks("content/frameworks");
  const { organization } = await createTestOrganization("Evidence Org");
  organizationId = organization.id;
  trainee = await createTestMember(organization.id, "trainee");
  trainer = await createTestMember(organization.id, "trainer");
});

describe("migration 0004 (frameworks and competencies rebuilt)", () => {
  it("keeps every framework, competency and piece of evidence, and leaves foreign keys on", async () => {
    const directory = scratchFolder("migration-");
    const db = openDatabase(join(directory, "old.db"));
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo("0003_cohorts_and_competencies")).error).toBeUndefined();
      const at = "2026-01-01T00:00:00.000Z";
      await sql`insert into organizations (id, slug, name, created_at) values ('org', 'org', 'Org', ${at})`.execute(db);
      await sql`insert into users (id, email, display_name, password_hash, created_at, updated_at) values ('u', 'u@example.org', 'U', 'x', ${at}, ${at})`.execute(db);
      await sql`insert into frameworks (id, organization_id, slug, title, publisher, case_identifier, source, created_at, updated_at) values ('f', null, 'f', 'F', 'P', 'doc-1', 'content', ${at}, ${at})`.execute(db);
      await sql`insert into competencies (id, framework_id, code, title, position, case_identifier) values ('c', 'f', 'x.one', 'One', 0, 'item-1')`.execute(db);
      await sql`insert into competency_evidence (id, organization_id, user_id, competency_id, kind, source_ref, recorded_by, recorded_at) values ('e', 'org', 'u', 'c', 'quiz', 'quiz_attempt:a', 'u', ${at})`.execute(db);

      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]?.foreign_keys).toBe(1);
      expect(await db.selectFrom("frameworks").select(["id", "case_identifier", "retired_at", "attribution"]).execute()).toEqual([
        { id: "f", case_identifier: "doc-1", retired_at: null, attribution: null },
      ]);
      expect(await db.selectFrom("competencies").select(["id", "code", "updated_at"]).execute()).toEqual([{ id: "c", code: "x.one", updated_at: at }]);
      expect(await db.selectFrom("competency_evidence").select(["id", "competency_id"]).execute()).toEqual([{ id: "e", competency_id: "c" }]);
      // Identifiers are now unique per organization, so two organizations may hold the same one.
      await sql`insert into organizations (id, slug, name, created_at) values ('org2', 'org2', 'Org 2', ${at})`.execute(db);
      for (const org of ["org", "org2"]) {
        await sql`insert into frameworks (id, organization_id, slug, title, publisher, case_identifier, source, created_at, updated_at) values (${`f-${org}`}, ${org}, 's', 'S', 'P', 'doc-2', 'imported', ${at}, ${at})`.execute(db);
      }
      await expect(
        sql`insert into frameworks (id, organization_id, slug, title, publisher, case_identifier, source, created_at, updated_at) values ('dup', 'org', 's', 'S', 'P', 'doc-2', 'imported', ${at}, ${at})`.execute(db),
      ).rejects.toThrow(/UNIQUE/);
    } finally {
      await db.destroy();
    }
  });
});

describe("CASE identifiers", () => {
  it("are RFC 4122 version 5 UUIDs (the RFC's own example checks the algorithm)", () => {
    expect(uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });

  it("derive from the framework id and the code alone, so every database gives the same ones", () => {
    expect(frameworkCaseIdentifier("who-qualityrights")).toBe(frameworkCaseIdentifier("who-qualityrights"));
    expect(competencyCaseIdentifier("who-qualityrights", "who.role-01")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(competencyCaseIdentifier("who-qualityrights", "who.role-01")).not.toBe(competencyCaseIdentifier("who-qualityrights", "who.role-02"));
    expect(competencyCaseIdentifier("a", "x.b")).not.toBe(competencyCaseIdentifier("b", "x.b"));
  });
});

describe("syncing content/frameworks", () => {
  it("loads both shipped frameworks with every competency and its identifier", async () => {
    const frameworks = await getDb().selectFrom("frameworks").selectAll().where("organization_id", "is", null).orderBy("slug").execute();
    expect(frameworks.map((f) => f.slug)).toEqual(["peer-support-canada", "who-qualityrights"]);
    const who = frameworks.find((f) => f.slug === "who-qualityrights")!;
    expect(who.case_identifier).toBe(frameworkCaseIdentifier("who-qualityrights"));
    expect(who.attribution).toContain("World Health Organization");
    const roles = await getDb().selectFrom("competencies").selectAll().where("framework_id", "=", who.id).orderBy("position").execute();
    expect(roles).toHaveLength(12);
    expect(roles[0]).toMatchObject({ code: "who.role-01", case_identifier: competencyCaseIdentifier("who-qualityrights", "who.role-01"), retired_at: null });
    expect(JSON.parse(roles[0]!.behaviours)).toContain("Builds the relationship over time");
  });

  it("changes nothing when run again: same rows, same ids, same change dates", async () => {
    const before = await getDb().selectFrom("competencies").selectAll().orderBy("id").execute();
    const frameworksBefore = await getDb().selectFrom("frameworks").selectAll().orderBy("id").execute();
    const summary = await syncContentFrameworks("content/frameworks");
    expect(summary).toMatchObject({ frameworks: 2, created: 0, updated: 0, competencies: { added: 0, changed: 0, retired: 0 } });
    expect(await getDb().selectFrom("competencies").selectAll().orderBy("id").execute()).toEqual(before);
    expect(await getDb().selectFrom("frameworks").selectAll().orderBy("id").execute()).toEqual(frameworksBefore);
  });

  it("retires a competency removed from content, keeps its evidence, and brings it back unchanged when it returns", async () => {
    const directory = scratchFolder("frameworks-");
    const who = JSON.parse(readFileSync("content/frameworks/who-qualityrights.json", "utf8")) as { competencies: { code: string }[] };
    writeFileSync(join(directory, "peer-support-canada.json"), readFileSync("content/frameworks/peer-support-canada.json"));
    writeFileSync(join(directory, "who-qualityrights.json"), JSON.stringify({ ...who, competencies: who.competencies.filter((c) => c.code !== "who.role-12") }));
    const role12 = await findCompetency("who.role-12");
    await recordSelfAssessment({ scope: { organizationId, userId: trainee.id }, ratings: new Map([[role12.id, 2]]) });

    const summary = await syncContentFrameworks(directory);
    expect(summary.competencies).toEqual({ added: 0, changed: 0, retired: 1 });
    const retired = await getDb().selectFrom("competencies").selectAll().where("id", "=", role12.id).executeTakeFirstOrThrow();
    expect(retired.retired_at).not.toBeNull();
    expect((await evidenceOf(trainee.id)).filter((e) => e.code === "who.role-12")).toHaveLength(1);
    // Still in the trainee's record (it has evidence), marked as retired.
    const record = await loadCompetencyRecord({ organizationId, userId: trainee.id });
    const shown = record.frameworks.flatMap((f) => f.competencies).find((c) => c.code === "who.role-12");
    expect(shown?.retired).toBe(true);

    const back = await syncContentFrameworks("content/frameworks");
    expect(back.competencies).toEqual({ added: 0, changed: 1, retired: 0 });
    const restored = await getDb().selectFrom("competencies").selectAll().where("id", "=", role12.id).executeTakeFirstOrThrow();
    expect(restored).toMatchObject({ retired_at: null, case_identifier: role12.case_identifier });
  });

  it("refuses a framework file with a mistake, naming the file and the field", async () => {
    const directory = scratchFolder("frameworks-bad-");
    writeFileSync(join(directory, "broken.json"), JSON.stringify({ id: "broken", title: "Broken", publisher: "Us", competencies: [{ code: "Not A Code", title: "x" }] }));
    await expect(loadContentFrameworks(directory)).rejects.toThrow(/broken\.json: field "competencies\.0\.code"/);
  });
});

describe("evidence is never overwritten", () => {
  it("keeps every self-rating as its own row: the first stays exactly as it was", async () => {
    const scope = { organizationId, userId: trainee.id };
    const competency = await findCompetency("psc.teamwork");
    await recordSelfAssessment({ scope, ratings: new Map([[competency.id, 1]]) });
    const [first] = (await evidenceOf(trainee.id)).filter((e) => e.code === "psc.teamwork");
    await recordSelfAssessment({ scope, ratings: new Map([[competency.id, 3]]) });
    await recordSelfAssessment({ scope, ratings: new Map([[competency.id, 4]]) });
    const rows = (await evidenceOf(trainee.id)).filter((e) => e.code === "psc.teamwork");
    expect(rows.map((r) => r.rating)).toEqual([1, 3, 4]);
    expect(rows[0]).toEqual(first);
    const record = await loadCompetencyRecord(scope);
    const teamwork = record.frameworks.flatMap((f) => f.competencies).find((c) => c.code === "psc.teamwork")!;
    expect(teamwork.self).toMatchObject({ first: { rating: 1 }, latest: { rating: 4 }, change: 3, count: 3 });
  });

  it("adds no row when a rating is the same as the latest one", async () => {
    const competency = await findCompetency("psc.teamwork");
    const result = await recordSelfAssessment({ scope: { organizationId, userId: trainee.id }, ratings: new Map([[competency.id, 4]]) });
    expect(result.saved).toBe(0);
    expect((await evidenceOf(trainee.id)).filter((e) => e.code === "psc.teamwork")).toHaveLength(3);
  });

  it("keeps an earlier observation when a later one rates lower", async () => {
    const competency = await findCompetency("psc.communication");
    const input = { organizationId, learnerId: trainee.id, observerId: trainer.id, competencyId: competency.id };
    await recordObservation({ ...input, rating: 4, note: "Explained the role clearly in a role-play." });
    await recordObservation({ ...input, rating: 2, note: "Needed prompting with a new person." });
    const rows = (await evidenceOf(trainee.id)).filter((e) => e.code === "psc.communication");
    expect(rows.map((r) => [r.rating, r.note, r.recorded_by])).toEqual([
      [4, "Explained the role clearly in a role-play.", trainer.id],
      [2, "Needed prompting with a new person.", trainer.id],
    ]);
  });

  it("is refused by the database itself when anything tries to update it", async () => {
    const [row] = await evidenceOf(trainee.id);
    await expect(getDb().updateTable("competency_evidence").set({ rating: 4 }).where("id", "=", row!.id).execute()).rejects.toThrow(/append-only/);
    expect((await evidenceOf(trainee.id))[0]).toEqual(row);
  });

  it("refuses a whole self-assessment with one unknown competency, writing nothing", async () => {
    const before = (await evidenceOf(trainee.id)).length;
    const known = await findCompetency("psc.initiative");
    await expect(
      recordSelfAssessment({ scope: { organizationId, userId: trainee.id }, ratings: new Map([[known.id, 2], ["aaaaaaaaaaaaaaaa", 3]]) }),
    ).rejects.toThrow(/not in your organization's frameworks/);
    await expect(recordSelfAssessment({ scope: { organizationId, userId: trainee.id }, ratings: new Map([[known.id, 7]]) })).rejects.toThrow(/1 to 4/);
    expect((await evidenceOf(trainee.id)).length).toBe(before);
  });

  it("refuses an observation without a note or with a rating off the scale", async () => {
    const competency = await findCompetency("psc.initiative");
    const input = { organizationId, learnerId: trainee.id, observerId: trainer.id, competencyId: competency.id };
    await expect(recordObservation({ ...input, rating: 3, note: "   " })).rejects.toThrow(/Write a short note/);
    await expect(recordObservation({ ...input, rating: 5, note: "fine" })).rejects.toThrow(/rating from 1 to 4/);
    expect((await evidenceOf(trainee.id)).filter((e) => e.code === "psc.initiative")).toHaveLength(0);
  });
});

describe("which competencies a passed quiz is evidence for", () => {
  it("the module's own, plus a tagged question's when that question was answered right", () => {
    const module = findModule("foundations-contexts-and-types")!;
    const quiz = module.quizzes[0]!;
    const tagged = quiz.questions.filter((q) => q.competencies.length > 0);
    const allRight = quiz.questions.map((q) => ({ questionId: q.id, selected: [], score: 1 }));
    const codes = quizEvidenceCodes(module, quiz, allRight);
    for (const code of [...module.frontmatter.competencies, ...tagged.flatMap((q) => q.competencies)]) expect(codes).toContain(code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("leaves out a tagged question's extra competencies when that question was answered wrong", () => {
    const module = structuredClone(findModule("foundations-contexts-and-types")!);
    const quiz = module.quizzes[0]!;
    quiz.questions[0]!.competencies = ["who.role-08"];
    const results = quiz.questions.map((q, i) => ({ questionId: q.id, selected: [], score: i === 0 ? 0 : 1 }));
    expect(quizEvidenceCodes(module, quiz, results)).not.toContain("who.role-08");
    results[0]!.score = 1;
    expect(quizEvidenceCodes(module, quiz, results)).toContain("who.role-08");
  });
});
