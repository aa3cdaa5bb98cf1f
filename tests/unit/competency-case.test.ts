import { existsSync, readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { buildCasePackage, parseCasePackage } from "~/models/case-package.server";
import { loadContentFrameworks, type FrameworkDefinition } from "~/models/framework.server";
import { sampleCasePackage } from "../support/competency-factories";

const SCHEMA_PATH = "docs/standards/case-v1p0-cfpackage-schema.json";
const SHARED_SCHEMA_PATH = "../shared/standards/case-v1p0-cfpackage-schema.json";

/** An Ajv of the test's own over the repository's copy of the schema. */
function schemaValidator() {
  const ajv = new Ajv({ allErrors: true, strictSchema: false, formats: { int32: true, float: true } });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, "utf8")));
}

/** A shipped framework's definition exported as CASE, as the public route does. */
function exported(definition: FrameworkDefinition) {
  return buildCasePackage({
    packageUrl: `https://train.example.org/case/frameworks/${definition.caseIdentifier}.json`,
    framework: {
      id: "row-id",
      organizationId: null,
      slug: definition.slug,
      title: definition.title,
      publisher: definition.publisher,
      description: definition.description,
      licence: definition.licence,
      attribution: definition.attribution,
      caseIdentifier: definition.caseIdentifier,
      source: "content",
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-02T00:00:00.000Z",
    },
    competencies: definition.competencies.map((c) => ({
      code: c.code,
      title: c.title,
      description: c.description,
      behaviours: c.behaviours,
      case_identifier: c.caseIdentifier,
      updated_at: "2026-01-02T00:00:00.000Z",
    })),
  });
}

describe("the CASE 1.0 schema kept in the repository", () => {
  it.runIf(existsSync(SHARED_SCHEMA_PATH))("is the same as the one in ../shared/standards", () => {
    expect(JSON.parse(readFileSync(SCHEMA_PATH, "utf8"))).toEqual(JSON.parse(readFileSync(SHARED_SCHEMA_PATH, "utf8")));
  });
});

describe("exporting the shipped frameworks as CASE packages", async () => {
  const definitions = await loadContentFrameworks("content/frameworks");

  it.each(definitions.map((d) => [d.slug, d] as const))("%s validates against the CFPackage schema", (_, definition) => {
    const validate = schemaValidator();
    const pkg = exported(definition);
    expect(validate(pkg), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const behaviours = definition.competencies.reduce((sum, c) => sum + c.behaviours.length, 0);
    expect(pkg.CFItems).toHaveLength(definition.competencies.length + behaviours);
    expect(pkg.CFAssociations.every((a) => a.associationType === "isChildOf")).toBe(true);
    // Every competency hangs from the document, every behaviour from its competency.
    const competencyLinks = pkg.CFAssociations.filter((a) => a.destinationNodeURI.identifier === definition.caseIdentifier);
    expect(competencyLinks.map((a) => a.originNodeURI.identifier)).toEqual(definition.competencies.map((c) => c.caseIdentifier));
  });

  it.each(definitions.map((d) => [d.slug, d] as const))("%s reads back as the same framework", (_, definition) => {
    const parsed = parseCasePackage(JSON.stringify(exported(definition)));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    // The slug is this platform's file name, not part of CASE; everything else survives the round trip.
    expect({ ...parsed.definition, slug: definition.slug }).toEqual(definition);
  });
});

describe("reading a CASE package", () => {
  it("turns items typed Behaviour into the behaviours of their competency, in sequence order", () => {
    const parsed = parseCasePackage(JSON.stringify(sampleCasePackage()));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.definition).toMatchObject({
      title: "Recovery Coaching Standards",
      publisher: "Example Standards Board",
      competencies: [
        { code: "rcs.1", title: "Standard 1", behaviours: [] },
        { code: "rcs.2", title: "Standard 2", behaviours: ["Listens before suggesting anything", "Checks what the person wants from the meeting"] },
      ],
    });
  });

  const valid = () => sampleCasePackage() as Record<string, unknown> & ReturnType<typeof sampleCasePackage>;
  it.each<[string, () => string, RegExp]>([
    ["text that is not JSON", () => "{ this is not json", /not JSON/],
    ["a JSON list", () => "[]", /one object with a CFDocument/],
    ["a package without a CFDocument", () => JSON.stringify({ CFItems: [] }), /the package is missing "CFDocument"/],
    ["an item without its statement", () => {
      const pkg = valid();
      delete (pkg.CFItems[0] as Partial<(typeof pkg.CFItems)[0]>).fullStatement;
      return JSON.stringify(pkg);
    }, /CFItems\[0\] is missing "fullStatement"/],
    ["an identifier that is not a UUID", () => {
      const pkg = valid();
      pkg.CFDocument.identifier = "framework-1";
      return JSON.stringify(pkg);
    }, /CFDocument\.identifier must be a UUID/],
    ["an unknown association type", () => {
      const pkg = valid();
      pkg.CFAssociations[0]!.associationType = "isParentOf";
      return JSON.stringify(pkg);
    }, /CFAssociations\[0\]\.associationType must be one of/],
    ["a property CASE does not have", () => JSON.stringify({ ...valid(), CFExtras: [] }), /"CFExtras", which CASE does not define/],
    ["no items", () => JSON.stringify({ ...valid(), CFItems: [], CFAssociations: [] }), /no CFItems/],
    ["an item placed under a stranger", () => {
      const pkg = valid();
      pkg.CFAssociations[0]!.destinationNodeURI.identifier = "00000000-0000-4000-8000-000000000000";
      return JSON.stringify(pkg);
    }, /neither the CFDocument nor an item/],
    ["items that are each other's parent", () => {
      const pkg = valid();
      const [a, b] = pkg.CFItems;
      pkg.CFAssociations[0]!.destinationNodeURI.identifier = b!.identifier;
      pkg.CFAssociations[1]!.destinationNodeURI.identifier = a!.identifier;
      return JSON.stringify(pkg);
    }, /round in a circle/],
    ["two items with one code", () => {
      const pkg = valid();
      pkg.CFItems[1]!.humanCodingScheme = "rcs.1";
      return JSON.stringify(pkg);
    }, /Two items use the code "rcs\.1"/],
    ["two items with one identifier", () => {
      const pkg = valid();
      pkg.CFItems[1]!.identifier = pkg.CFItems[0]!.identifier;
      return JSON.stringify(pkg);
    }, /already used in this package/],
  ])("refuses %s with a message that says what to fix", (_, text, message) => {
    const parsed = parseCasePackage(text());
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.join("\n")).toMatch(message);
    expect(parsed.problems.length).toBeLessThanOrEqual(9);
  });
});
