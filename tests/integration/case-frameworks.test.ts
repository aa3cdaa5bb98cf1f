import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { frameworkCaseIdentifier } from "~/codecs/case-identifier.server";
import { recordObservation } from "~/models/competencies/competency-evidence.server";
import { createProgramme } from "~/models/records/programme.server";
import { sampleCasePackage } from "../support/competency-factories";
import { createTestMember, createTestOrganization } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText, visibleText } from "../support/page-text";
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
/** The preview's "Import" button: the package sent back with intent=import. */
const importText = (client: HttpClient, text: string) => client.post(importPath(), { intent: "import", packageText: text });
const switchFramework = (client: HttpClient, frameworkId: string, intent: "turn-on" | "turn-off" | "remove") => client.post(importPath(), { intent, frameworkId });
const OPENSALT_STYLE = readFileSync("tests/fixtures/opensalt-style-case-package.json", "utf8");

/** The package the preview's import form carries, as the browser would send it. */
function hiddenPackageText(html: string): string {
  const input = /<input[^>]*name="packageText"[^>]*>/.exec(html)?.[0];
  const value = input ? /value="([^"]*)"/.exec(input)?.[1] : undefined;
  expect(value, "the preview should carry the package to import").toBeTruthy();
  return value!.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

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

  it("appears on a trainee's competency page of that organization once an admin turns it on, and nowhere else", async () => {
    const trainee = await createTestMember(organizationId, "trainee");
    const client = await signedInClient(server.origin, trainee);
    expect(await pageText(await client.get(`/o/${slug}/learn/competencies`))).not.toContain("Recovery Coaching Standards");
    const { frameworks } = await frameworkRows(organizationId);
    const turnedOn = await switchFramework(adminClient, frameworks[0]!.id, "turn-on");
    expect(turnedOn.status).toBe(200);
    expect(await pageText(turnedOn)).toContain("“Recovery Coaching Standards” is on.");
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
    const response = await client.post(`/o/${other.slug}/admin/frameworks`, { intent: "import", packageText: JSON.stringify(sampleCasePackage()) });
    expect(await pageText(response)).toContain('Imported "Recovery Coaching Standards" with 2 competencies.');
    const theirs = await frameworkRows(other.id);
    const ours = await frameworkRows(organizationId);
    expect(theirs.frameworks[0]!.case_identifier).toBe(ours.frameworks[0]!.case_identifier);
    expect(theirs.frameworks[0]!.id).not.toBe(ours.frameworks[0]!.id);
  });

  it("takes the package as an uploaded file too", async () => {
    const form = new FormData();
    form.append("packageFile", new Blob([JSON.stringify(sampleCasePackage({ documentId: "6e3d9f1f-3c8b-4d2f-8b66-1a4c7f8e0b21", title: "Uploaded Standards" }))], { type: "application/json" }), "standards.json");
    const preview = await adminClient.request(importPath(), { method: "POST", body: form, headers: { origin: server.origin } });
    expect(preview.status).toBe(200);
    // The preview's import button sends the same package back.
    const confirm = new FormData();
    confirm.append("intent", "import");
    confirm.append("packageText", hiddenPackageText(await preview.text()));
    const response = await adminClient.request(importPath(), { method: "POST", body: confirm, headers: { origin: server.origin } });
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain('Imported "Uploaded Standards" with 2 competencies.');
  });
});

describe("a package as OpenSALT publishes it: previewed, imported on confirmation, turned on and off, removed", () => {
  let org: { id: string; slug: string };
  let admin: HttpClient;
  let adminUserId: string;
  const path = () => `/o/${org.slug}/admin/frameworks`;
  const change = (frameworkId: string, intent: "turn-on" | "turn-off" | "remove") => admin.post(path(), { intent, frameworkId });
  const frameworkOf = async () =>
    getDb().selectFrom("frameworks").selectAll().where("organization_id", "=", org.id).executeTakeFirstOrThrow();
  const auditActions = async () =>
    (await getDb().selectFrom("audit_log").select("action").where("organization_id", "=", org.id).where("action", "like", "framework.%").orderBy("id").execute()).map((r) => r.action);

  beforeAll(async () => {
    const created = await createTestOrganization("OpenSALT Pilot Org");
    org = created.organization;
    adminUserId = created.admin.id;
    admin = await signedInClient(server.origin, created.admin);
  });

  it("is previewed first: the framework, how many items, the tree and what was read differently; nothing is written", async () => {
    const before = await rowCounts();
    const response = await admin.post(path(), { intent: "preview", packageText: OPENSALT_STYLE });
    expect(response.status).toBe(200);
    const html = await response.text();
    const page = visibleText(html);
    expect(page).toContain("Check before importing");
    expect(page).toContain("Framework Peer Recovery Support Core Competencies (OpenSALT sample)");
    expect(page).toContain("16 items: 10 competencies and 6 behaviours");
    expect(page).toContain("Importing adds “Peer Recovery Support Core Competencies (OpenSALT sample)” as a new framework with 10 competencies. It starts turned off");
    expect(page).toContain('38 dates have no time zone, so they were read as UTC (the first: CFDocument.lastChangeDateTime, "2023-04-02T09:16:02").');
    expect(page).toContain("175 fields are null, so they were left out as empty");
    expect(page).toContain('16 numbers are written as text, so they were read as numbers');
    // The tree: a domain, its competency, and the competency's behaviours.
    expect(page).toMatch(/PRS\.A Engagement PRS\.A\.1 Initiates contact in a way that is welcoming and free of judgement\. Behaviour: Introduces self and the peer role in plain words/);
    expect(html).toContain('name="intent" value="import"');
    expect(page).toContain("Import the framework");
    expect(await rowCounts()).toEqual(before);
  });

  it("is previewed, not imported, when a browser without JavaScript uploads the file (no intent)", async () => {
    const form = new FormData();
    form.append("packageFile", new Blob([OPENSALT_STYLE], { type: "application/json" }), "opensalt.json");
    const before = await rowCounts();
    const response = await admin.request(path(), { method: "POST", body: form, headers: { origin: server.origin } });
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain("Check before importing");
    expect(await rowCounts()).toEqual(before);
  });

  it("is imported on confirmation, turned off: trainees do not see it and nobody can rate or require it yet", async () => {
    const response = await admin.post(path(), { intent: "import", packageText: JSON.stringify(JSON.parse(OPENSALT_STYLE)) });
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain('Imported "Peer Recovery Support Core Competencies (OpenSALT sample)" with 10 competencies. It is turned off');
    const framework = await frameworkOf();
    expect(framework).toMatchObject({ source: "imported", enabled_at: null });
    expect(await getDb().selectFrom("competencies").select("code").where("framework_id", "=", framework.id).execute()).toHaveLength(10);
    expect(await auditActions()).toEqual(["framework.imported"]);

    const trainee = await createTestMember(org.id, "trainee");
    const traineeClient = await signedInClient(server.origin, trainee);
    expect(await pageText(await traineeClient.get(`/o/${org.slug}/learn/competencies`))).not.toContain("Peer Recovery Support Core Competencies");
    const competency = await getDb().selectFrom("competencies").select("id").where("framework_id", "=", framework.id).where("code", "=", "PRS.A.1").executeTakeFirstOrThrow();
    await expect(recordObservation({ organizationId: org.id, learnerId: trainee.id, observerId: adminUserId, competencyId: competency.id, rating: 3, note: "Seen." })).rejects.toThrow();
    await expect(
      createProgramme(
        { organizationId: org.id, actorId: adminUserId },
        { title: "Peer practice", description: "Practice.", moduleSlugs: [], competencies: [{ competencyId: competency.id, minLevel: "developing" }], requiresSignOff: false, validityMonths: null },
      ),
    ).rejects.toThrow(/not in your organization's frameworks/);
    // The admin's list says it is off, with the button to turn it on.
    const list = await pageText(await admin.get(path()));
    expect(list).toMatch(/Peer Recovery Support Core Competencies \(OpenSALT sample\) Sample Peer Workforce Alliance 10 Imported, last changed .+? No: off Turn on/);
  });

  it("shows on trainees' pages once turned on, and not once turned off again; each change is in the activity log", async () => {
    const framework = await frameworkOf();
    const trainee = await createTestMember(org.id, "trainee");
    const traineeClient = await signedInClient(server.origin, trainee);
    const competencies = () => traineeClient.get(`/o/${org.slug}/learn/competencies`).then(pageText);

    expect(await pageText(await change(framework.id, "turn-on"))).toContain("is on.");
    expect((await frameworkOf()).enabled_at).not.toBeNull();
    expect(await competencies()).toContain("Peer Recovery Support Core Competencies (OpenSALT sample)");
    expect(await competencies()).toContain("Initiates contact in a way that is welcoming and free of judgement.");

    expect(await pageText(await change(framework.id, "turn-off"))).toContain("is off.");
    expect((await frameworkOf()).enabled_at).toBeNull();
    expect(await competencies()).not.toContain("Peer Recovery Support Core Competencies");
    expect(await auditActions()).toEqual(["framework.imported", "framework.turned_on", "framework.turned_off"]);
  });

  it("cannot be turned off while a programme requires it, nor removed while evidence or a programme refers to it", async () => {
    const framework = await frameworkOf();
    await change(framework.id, "turn-on");
    const competency = await getDb().selectFrom("competencies").select("id").where("framework_id", "=", framework.id).where("code", "=", "PRS.B.2").executeTakeFirstOrThrow();
    const trainee = await createTestMember(org.id, "trainee");
    await recordObservation({ organizationId: org.id, learnerId: trainee.id, observerId: adminUserId, competencyId: competency.id, rating: 2, note: "With support." });
    const programmeId = await createProgramme(
      { organizationId: org.id, actorId: adminUserId },
      { title: "Advocacy practice", description: "Speaking up alongside people.", moduleSlugs: [], competencies: [{ competencyId: competency.id, minLevel: "developing" }], requiresSignOff: false, validityMonths: null },
    );

    const before = await rowCounts();
    const off = await change(framework.id, "turn-off");
    expect(off.status).toBe(409);
    expect(await pageText(off)).toContain("stays on: the programme “Advocacy practice” requires its competencies. Take them out of that programme first.");
    const removed = await change(framework.id, "remove");
    expect(removed.status).toBe(409);
    expect(await pageText(removed)).toContain("cannot be removed: 1 piece of trainee evidence (ratings and observations) refers to its competencies, and evidence is kept, and the programme “Advocacy practice” requires its competencies.");
    expect(await rowCounts()).toEqual(before);

    // The confirmation page says the same before the admin even tries.
    const confirm = await pageText(await admin.get(`${path()}?remove=${framework.id}`));
    expect(confirm).toContain("Remove “Peer Recovery Support Core Competencies (OpenSALT sample)”?");
    expect(confirm).toContain("cannot be removed");
    expect(confirm).not.toContain("Remove the framework");

    await getDb().deleteFrom("programme_competencies").where("programme_id", "=", programmeId).execute();
    await getDb().deleteFrom("programmes").where("id", "=", programmeId).execute();
  });

  it("is removed for good, with its competencies, once nothing refers to it", async () => {
    // A fresh import of another package in this organization: no evidence, no programme.
    const pkg = sampleCasePackage({ documentId: "0c9e7d51-8a1b-4c2d-9e3f-5a6b7c8d9e01", title: "Short-lived Standards" });
    await admin.post(path(), { intent: "import", packageText: JSON.stringify(pkg) });
    const framework = await getDb().selectFrom("frameworks").selectAll().where("organization_id", "=", org.id).where("title", "=", "Short-lived Standards").executeTakeFirstOrThrow();

    const confirm = await admin.get(`${path()}?remove=${framework.id}`);
    const confirmText = await pageText(confirm);
    expect(confirmText).toContain("This deletes the framework and its 2 competencies for good.");
    expect(confirmText).toContain("Remove the framework");

    const response = await change(framework.id, "remove");
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain("“Short-lived Standards” is removed, with its competencies.");
    expect(await getDb().selectFrom("frameworks").select("id").where("id", "=", framework.id).execute()).toEqual([]);
    expect(await getDb().selectFrom("competencies").select("id").where("framework_id", "=", framework.id).execute()).toEqual([]);
    expect((await auditActions()).at(-1)).toBe("framework.removed");
  });

  it("refuses another organization's framework with 404 and changes nothing", async () => {
    const theirs = (await frameworkRows(organizationId)).frameworks[0]!;
    const before = await rowCounts();
    for (const intent of ["turn-on", "turn-off", "remove"] as const) {
      const response = await change(theirs.id, intent);
      expect(response.status, intent).toBe(404);
    }
    expect((await admin.get(`${path()}?remove=${theirs.id}`)).status).toBe(404);
    expect(await rowCounts()).toEqual(before);
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
