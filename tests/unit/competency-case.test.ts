import { existsSync, readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { buildCasePackage, parseCasePackage } from "~/codecs/case-package.server";
import { loadContentFrameworks, type FrameworkDefinition } from "~/models/competencies/framework.server";
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

describe("reading what real CASE producers publish", () => {
  /** Written for these tests in the shape OpenSALT exports: see the fixture's own traits below. */
  const OPENSALT_STYLE = "tests/fixtures/opensalt-style-case-package.json";
  const fixtureText = () => readFileSync(OPENSALT_STYLE, "utf8");

  it("the OpenSALT-style fixture breaks the CFPackage schema as published, in the ways real producers do", () => {
    const validate = schemaValidator();
    expect(validate(JSON.parse(fixtureText()))).toBe(false);
    const kinds = new Set((validate.errors ?? []).map((e) => `${e.keyword}:${e.instancePath.split("/").at(-1)}`));
    // Timestamps without a time zone, sequence numbers as text, nulls for optional fields.
    expect(kinds).toContain("format:lastChangeDateTime");
    expect(kinds).toContain("type:sequenceNumber");
    expect(kinds).toContain("type:abbreviatedStatement");
    expect((validate.errors ?? []).length).toBeGreaterThan(65);
  });

  it("reads it as meant: the framework, its tree of domains, competencies and behaviours", () => {
    const parsed = parseCasePackage(fixtureText());
    expect(parsed.ok, parsed.ok ? "" : parsed.problems.join("\n")).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.definition).toMatchObject({
      title: "Peer Recovery Support Core Competencies (OpenSALT sample)",
      publisher: "Sample Peer Workforce Alliance",
    });
    expect(parsed.itemCount).toBe(16);
    expect(parsed.behaviourCount).toBe(6);
    expect(parsed.tree.map((domain) => [domain.code, domain.title, domain.children.map((c) => c.code)])).toEqual([
      ["PRS.A", "Engagement", ["PRS.A.1", "PRS.A.2"]],
      ["PRS.B", "Advocacy", ["PRS.B.1", "PRS.B.2", "item-7"]],
      ["PRS.C", "Ethical responsibility", ["PRS.C.1", "PRS.C.2"]],
    ]);
    expect(parsed.tree[0]!.children[0]!.children).toEqual([
      { code: null, title: "Introduces self and the peer role in plain words", kind: "behaviour", children: [] },
      { code: null, title: "Asks what the person wants from the meeting", kind: "behaviour", children: [] },
    ]);
    // Nested items become competencies in tree order; behaviours belong to their competency.
    expect(parsed.definition.competencies.map((c) => [c.code, c.behaviours.length])).toEqual([
      ["PRS.A", 0],
      ["PRS.A.1", 2],
      ["PRS.A.2", 1],
      ["PRS.B", 0],
      ["PRS.B.1", 0],
      ["PRS.B.2", 2],
      ["item-7", 0],
      ["PRS.C", 0],
      ["PRS.C.1", 1],
      ["PRS.C.2", 0],
    ]);
  });

  it("says what it read differently, how often, and where first", () => {
    const parsed = parseCasePackage(fixtureText());
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    expect(parsed.normalizations).toEqual([
      '38 dates have no time zone, so they were read as UTC (the first: CFDocument.lastChangeDateTime, "2023-04-02T09:16:02").',
      "175 fields are null, so they were left out as empty (the first: CFDocument.officialSourceURL).",
      "8 text fields hold a number, so they were read as text (the first: CFItems[1].listEnumeration, 1).",
      '16 numbers are written as text, so they were read as numbers (the first: CFAssociations[0].sequenceNumber, "1").',
      "1 item has no code (humanCodingScheme), so it was given one: item-7.",
    ]);
  });

  it("reports nothing for a package that follows CASE exactly", () => {
    const parsed = parseCasePackage(JSON.stringify(sampleCasePackage()));
    expect(parsed.ok && parsed.normalizations).toEqual([]);
  });

  it("reads a parent given as a plain address by the identifier in it", () => {
    const pkg = sampleCasePackage() as unknown as { CFAssociations: { originNodeURI: unknown; destinationNodeURI: { uri: string } }[] };
    pkg.CFAssociations[2]!.destinationNodeURI = pkg.CFAssociations[2]!.destinationNodeURI.uri as never;
    const parsed = parseCasePackage(JSON.stringify(pkg));
    expect(parsed.ok, parsed.ok ? "" : parsed.problems.join("\n")).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.definition.competencies[1]!.behaviours).toHaveLength(2);
    expect(parsed.normalizations.join("\n")).toContain("1 link is a plain address instead of a CASE link");
  });

  it.each<[string, (pkg: ReturnType<typeof sampleCasePackage>) => void, RegExp]>([
    ["a timestamp that is not a date at all", (pkg) => void (pkg.CFItems[0]!.lastChangeDateTime = "last Tuesday"), /CFItems\[0\]\.lastChangeDateTime must be a valid date-time/],
    ["a sequence number that is not a number", (pkg) => void ((pkg.CFAssociations[0] as { sequenceNumber: unknown }).sequenceNumber = "first"), /CFAssociations\[0\]\.sequenceNumber must be integer/],
    ["a null statement, which an item cannot do without", (pkg) => void ((pkg.CFItems[0] as { fullStatement: unknown }).fullStatement = null), /CFItems\[0\] is missing "fullStatement"/],
  ])("still refuses %s", (_, spoil, message) => {
    const pkg = sampleCasePackage();
    spoil(pkg);
    const parsed = parseCasePackage(JSON.stringify(pkg));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.join("\n")).toMatch(message);
  });
});
