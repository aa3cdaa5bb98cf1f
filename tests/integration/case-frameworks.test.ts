import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { frameworkCaseIdentifier } from "~/models/case-identifier.server";
import { recordObservation } from "~/models/competency-evidence.server";
import { sampleCasePackage } from "../support/competency-factories";
import { createTestMember, createTestOrganization } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { rowCounts } from "../support/row-counts";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

// The schema copied into the repository (docs/standards); validated with an Ajv of the test's own.
const ajv = new Ajv({ allErrors: true, strictSchema: false, formats: { int32: true, float: true } });
addFormats(ajv);
const validatePackage = ajv.compile(JSON.parse(readFileSync("docs/standards/case-v1p0-cfpackage-schema.json", "utf8")));

let server: TestServer;
let anonymous: HttpClient;
let adminClient: HttpClient;
let slug: string;
let organizationId: string;
let adminId: string;

beforeAll(async () => {
  server = await startTestServer();
  anonymous = new HttpClient(server.origin);
  const { organization, admin } = await createTestOrganization("Framework Org");
  slug = organization.slug;
  organizationId = organization.id;
  adminId = admin.id;
  adminClient = await signedInClient(server.origin, admin);
});
afterAll(() => server.stop());

const importPath = () => `/o/${slug}/admin/frameworks`;
const importText = (client: HttpClient, text: string) => client.post(importPath(), { packageText: text });

async function frameworkRows(organization: string) {
  const frameworks = await getDb().selectFrom("frameworks").selectAll().where("organization_id", "=", organization).execute();
  const competencies = await getDb()
    .selectFrom("competencies")
    .selectAll()
    .where("framework_id", "in", frameworks.length ? frameworks.map((f) => f.id) : [""])
    .orderBy("position")
    .execute();
  return { frameworks, competencies };
}

describe("the shipped frameworks as public CASE 1.0 packages", () => {
  it("lists them at /case/frameworks without signing in", async () => {
    const response = await anonymous.get("/case/frameworks");
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const list = (await response.json()) as { CFDocuments: { identifier: string; title: string; uri: string }[] };
    expect(list.CFDocuments.map((d) => d.identifier).sort()).toEqual(
      [frameworkCaseIdentifier("peer-support-canada"), frameworkCaseIdentifier("who-qualityrights")].sort(),
    );
    for (const document of list.CFDocuments) expect(document.uri).toBe(`${server.origin}/case/frameworks/${document.identifier}.json`);
  });

  it.each(["who-qualityrights", "peer-support-canada"])("serves %s as a package that validates against the CASE schema", async (id) => {
    const identifier = frameworkCaseIdentifier(id);
    const response = await anonymous.get(`/case/frameworks/${identifier}.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const pkg = (await response.json()) as { CFDocument: { identifier: string; uri: string }; CFItems: { CFItemType: string }[]; CFAssociations: { associationType: string }[] };
    expect(validatePackage(pkg), JSON.stringify(validatePackage.errors?.slice(0, 3))).toBe(true);
    expect(pkg.CFDocument).toMatchObject({ identifier, uri: `${server.origin}/case/frameworks/${identifier}.json` });
    expect(pkg.CFItems.filter((i) => i.CFItemType === "Competency")).toHaveLength(id === "who-qualityrights" ? 12 : 11);
    expect(pkg.CFAssociations.every((a) => a.associationType === "isChildOf")).toBe(true);
    // The framework's file id is a readable alias of the same package.
    expect(await (await anonymous.get(`/case/frameworks/${id}.json`)).json()).toEqual(pkg);
  });

  it("answers an unknown framework with 404 and a message", async () => {
    const response = await anonymous.get("/case/frameworks/00000000-0000-4000-8000-000000000000.json");
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toContain("no published framework");
  });

  it("re-imports to the same framework: the built-in one, with nothing written", async () => {
    const exported = await (await anonymous.get(`/case/frameworks/${frameworkCaseIdentifier("who-qualityrights")}.json`)).text();
    const before = await rowCounts();
    const response = await importText(adminClient, exported);
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain('This is "WHO QualityRights: roles of peer supporters", which every organization here already has. Nothing was imported.');
    expect(await rowCounts()).toEqual(before);
  });
});

describe("importing a CASE package as the organization's framework", () => {
  it("creates the framework with its competencies and behaviours, and an audit entry", async () => {
    const response = await importText(adminClient, JSON.stringify(sampleCasePackage()));
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain('Imported "Recovery Coaching Standards" with 2 competencies.');
    const { frameworks, competencies } = await frameworkRows(organizationId);
    expect(frameworks).toEqual([expect.objectContaining({ title: "Recovery Coaching Standards", source: "imported", case_identifier: "5d2c8f0e-2b7a-4c1e-9a55-0f3b6e7d9a10" })]);
    expect(competencies.map((c) => [c.code, c.title, JSON.parse(c.behaviours).length])).toEqual([
      ["rcs.1", "Standard 1", 0],
      ["rcs.2", "Standard 2", 2],
    ]);
    expect(await getDb().selectFrom("audit_log").select("action").where("action", "=", "framework.imported").execute()).toHaveLength(1);
  });

  it("exports it (admins only) as a package that validates, and that re-imports to the same framework", async () => {
    const before = await frameworkRows(organizationId);
    const identifier = before.frameworks[0]!.case_identifier;
    const exportPath = `/o/${slug}/admin/frameworks/${identifier}.json`;
    expect((await anonymous.get(exportPath)).status).toBe(302);
    const response = await adminClient.get(exportPath);
    expect(response.status).toBe(200);
    const exported = await response.text();
    const pkg = JSON.parse(exported) as { CFDocument: { identifier: string }; CFItems: { identifier: string; CFItemType: string }[] };
    expect(validatePackage(pkg), JSON.stringify(validatePackage.errors?.slice(0, 3))).toBe(true);
    expect(pkg.CFDocument.identifier).toBe(identifier);
    expect(pkg.CFItems.filter((i) => i.CFItemType === "Competency").map((i) => i.identifier)).toEqual(before.competencies.map((c) => c.case_identifier));

    const counts = await rowCounts();
    const again = await importText(adminClient, exported);
    expect(again.status).toBe(200);
    expect(await pageText(again)).toContain('"Recovery Coaching Standards" is already here and the package has no changes.');
    expect(await rowCounts()).toEqual(counts);
    expect(await frameworkRows(organizationId)).toEqual(before);
  });

  it("appears on a trainee's competency page of that organization, and nowhere else", async () => {
    const trainee = await createTestMember(organizationId, "trainee");
    const client = await signedInClient(server.origin, trainee);
    expect(await pageText(await client.get(`/o/${slug}/learn/competencies`))).toContain("Recovery Coaching Standards");
    const { organization: other } = await createTestOrganization("Other Org");
    const outsider = await createTestMember(other.id, "trainee");
    const otherClient = await signedInClient(server.origin, outsider);
    expect(await pageText(await otherClient.get(`/o/${other.slug}/learn/competencies`))).not.toContain("Recovery Coaching Standards");
  });

  it("updates the same framework from a newer package: a removed item is retired and its evidence kept", async () => {
    const trainee = await createTestMember(organizationId, "trainee");
    const { competencies } = await frameworkRows(organizationId);
    const first = competencies[0]!;
    await recordObservation({ organizationId, learnerId: trainee.id, observerId: adminId, competencyId: first.id, rating: 3, note: "Seen in practice." });
    const newer = sampleCasePackage();
    newer.CFItems = newer.CFItems.filter((item) => item.identifier !== first.case_identifier);
    newer.CFAssociations = newer.CFAssociations.filter((a) => a.originNodeURI.identifier !== first.case_identifier);
    const response = await importText(adminClient, JSON.stringify(newer));
    expect(await pageText(response)).toContain('Updated "Recovery Coaching Standards": 0 added, 1 changed, 1 retired.');
    const after = await frameworkRows(organizationId);
    expect(after.competencies.find((c) => c.id === first.id)?.retired_at).not.toBeNull();
    expect(await getDb().selectFrom("competency_evidence").select("id").where("competency_id", "=", first.id).execute()).toHaveLength(1);
  });

  it("lets another organization import the same package as its own copy", async () => {
    const { organization: other, admin } = await createTestOrganization("Second Importer");
    const client = await signedInClient(server.origin, admin);
    const response = await client.post(`/o/${other.slug}/admin/frameworks`, { packageText: JSON.stringify(sampleCasePackage()) });
    expect(await pageText(response)).toContain('Imported "Recovery Coaching Standards" with 2 competencies.');
    const theirs = await frameworkRows(other.id);
    const ours = await frameworkRows(organizationId);
    expect(theirs.frameworks[0]!.case_identifier).toBe(ours.frameworks[0]!.case_identifier);
    expect(theirs.frameworks[0]!.id).not.toBe(ours.frameworks[0]!.id);
  });

  it("takes the package as an uploaded file too", async () => {
    const form = new FormData();
    form.append("packageFile", new Blob([JSON.stringify(sampleCasePackage({ documentId: "6e3d9f1f-3c8b-4d2f-8b66-1a4c7f8e0b21", title: "Uploaded Standards" }))], { type: "application/json" }), "standards.json");
    const response = await adminClient.request(importPath(), { method: "POST", body: form, headers: { origin: server.origin } });
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain('Imported "Uploaded Standards" with 2 competencies.');
  });
});

describe("a malformed CASE package", () => {
  it.each<[string, string, number, string]>([
    ["text that is not JSON", "{ not json", 400, "The file is not JSON"],
    ["a package without a CFDocument", JSON.stringify({ CFItems: [] }), 422, 'the package is missing "CFDocument"'],
    [
      "an item with no statement and a bad identifier",
      JSON.stringify({ ...sampleCasePackage({ documentId: "7f4e0a2a-4d9c-4e3a-9c77-2b5d8a9f1c32" }), CFItems: [{ identifier: "x", uri: "https://example.org/x", lastChangeDateTime: "2025-01-01T00:00:00Z" }] }),
      422,
      'CFItems[0] is missing "fullStatement"',
    ],
    [
      "two items with the same code",
      JSON.stringify(
        (() => {
          const pkg = sampleCasePackage({ documentId: "8a5f1b3b-5e0d-4f4b-8d88-3c6e9b0a2d43" });
          pkg.CFItems[1]!.humanCodingScheme = "rcs.1";
          return pkg;
        })(),
      ),
      422,
      'Two items use the code "rcs.1"',
    ],
  ])("is refused when it is %s, with a clear message, and imports nothing", async (_, text, status, message) => {
    const before = await rowCounts();
    const response = await importText(adminClient, text);
    expect(response.status).toBe(status);
    const page = await pageText(response);
    expect(page).toContain("This CASE package was not imported, and nothing was changed.");
    expect(page).toContain(message);
    expect(await rowCounts()).toEqual(before);
  });

  it("is refused when nothing was sent", async () => {
    const response = await importText(adminClient, "   ");
    expect(response.status).toBe(400);
    expect(await pageText(response)).toContain("Choose a CASE package file (.json) to upload, or paste the package.");
  });
});

describe("who may import", () => {
  it("only admins: a trainer gets 403 and nothing is written", async () => {
    const trainer = await createTestMember(organizationId, "trainer");
    const client = await signedInClient(server.origin, trainer);
    const before = await rowCounts();
    expect((await client.get(importPath())).status).toBe(403);
    expect((await importText(client, JSON.stringify(sampleCasePackage({ documentId: "9b6a2c4c-6f1e-4a5c-9e99-4d7f0c1b3e54" })))).status).toBe(403);
    expect(await rowCounts()).toEqual(before);
  });
});
