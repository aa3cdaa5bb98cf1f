import { describe, expect, it } from "vitest";
import { associationCaseIdentifier, behaviourCaseIdentifier, definitionCaseIdentifier } from "~/codecs/case-identifier.server";
import { buildCasePackage, casePackageHeaders, MAX_CASE_ITEMS, MAX_PROBLEMS, parseCasePackage, type CaseParseResult } from "~/codecs/case-package.server";
import { sampleCasePackage } from "../support/competency-factories";

/*
 * CASE packages in and out, rule by rule: the exported package field by
 * field, and each check of an imported one at its edge. Shipped frameworks
 * round-tripped and a real producer's package: tests/unit/competency-case.test.ts.
 */

const DOC = "5d2c8f0e-2b7a-4c1e-9a55-0f3b6e7d9a10";
const AT = "2025-01-15T10:00:00Z";
/** The n-th item identifier of these tests. */
const id = (n: number) => `7a0c3e51-1111-4d2a-8b9c-${String(n).padStart(12, "0")}`;

interface ItemSpec {
  n: number;
  statement?: string;
  short?: string;
  code?: string;
  type?: string;
  typeTitle?: string;
}

function item({ n, statement, short, code, type = "Competency", typeTitle }: ItemSpec) {
  return {
    identifier: id(n),
    uri: `https://case.example.org/${id(n)}`,
    fullStatement: statement ?? `Statement ${n}`,
    ...(short !== undefined ? { abbreviatedStatement: short } : {}),
    ...(code !== undefined ? { humanCodingScheme: code } : {}),
    ...(typeTitle ? { CFItemTypeURI: { title: typeTitle, identifier: id(900), uri: "https://case.example.org/type" } } : { CFItemType: type }),
    lastChangeDateTime: AT,
  };
}

let associationNumber = 0;
function childOf(child: string, parent: string, sequenceNumber?: number) {
  associationNumber += 1;
  return {
    identifier: `3c2e5a73-3333-4f4c-8dbe-${String(associationNumber).padStart(12, "0")}`,
    uri: `https://case.example.org/assoc/${associationNumber}`,
    associationType: "isChildOf",
    ...(sequenceNumber !== undefined ? { sequenceNumber } : {}),
    originNodeURI: { title: "child", identifier: child, uri: `https://case.example.org/${child}` },
    destinationNodeURI: { title: "parent", identifier: parent, uri: `https://case.example.org/${parent}` },
    lastChangeDateTime: AT,
  };
}

function casePackage(items: ReturnType<typeof item>[], associations: ReturnType<typeof childOf>[], document: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    CFDocument: { identifier: DOC, uri: "https://case.example.org/doc", creator: "Creator", title: "Framework", lastChangeDateTime: AT, ...document },
    CFItems: items,
    CFAssociations: associations,
    ...extra,
  };
}

function read(pkg: unknown): Extract<CaseParseResult, { ok: true }> {
  const parsed = parseCasePackage(JSON.stringify(pkg));
  if (!parsed.ok) throw new Error(`refused: ${parsed.problems.join(" | ")}`);
  return parsed;
}

/** The problems of a refused package (given as an object, or as text), refused with `status`. */
function problems(pkg: unknown, status = 422): string[] {
  const parsed = parseCasePackage(typeof pkg === "string" ? pkg : JSON.stringify(pkg));
  if (parsed.ok) throw new Error("expected the package to be refused");
  expect(parsed.status).toBe(status);
  return parsed.problems;
}

describe("exporting a framework as a CASE package", () => {
  const url = "https://train.example.org/case/frameworks/doc.json";
  const framework = {
    id: "row",
    organizationId: null,
    slug: "core",
    title: "Core skills",
    publisher: "Peer Network",
    description: "What peer workers do.",
    licence: "CC BY 4.0",
    attribution: "Adapted from the Network's guide.",
    caseIdentifier: DOC,
    source: "content" as const,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-02T00:00:00.000Z",
  };
  const competencies = [
    { code: "C1", title: "Listening", description: "Listens fully.", behaviours: [], case_identifier: id(1), updated_at: "2026-01-03T00:00:00.000Z" },
    { code: "C2", title: "Hope", description: null, behaviours: ["Shares hope", "Names strengths"], case_identifier: id(2), updated_at: "2026-01-04T00:00:00.000Z" },
  ];
  const pkg = buildCasePackage({ framework, competencies, packageUrl: url });
  const documentLink = { title: "Core skills", identifier: DOC, uri: url };
  const typeId = (title: string) => definitionCaseIdentifier(DOC, `item-type/${title}`);
  const competencyType = { title: "Competency", identifier: typeId("Competency"), uri: `${url}#${typeId("Competency")}` };
  const behaviourType = { title: "Behaviour", identifier: typeId("Behaviour"), uri: `${url}#${typeId("Behaviour")}` };
  const licence = { title: "CC BY 4.0", identifier: definitionCaseIdentifier(DOC, "licence"), uri: `${url}#licence` };

  it("describes the framework as the CFDocument, with its licence", () => {
    expect(pkg.CFDocument).toEqual({
      identifier: DOC,
      uri: url,
      creator: "Peer Network",
      title: "Core skills",
      lastChangeDateTime: "2026-01-02T00:00:00.000Z",
      publisher: "Peer Network",
      description: "What peer workers do.",
      language: "en",
      notes: "Adapted from the Network's guide.",
      licenseURI: licence,
      CFPackageURI: documentLink,
    });
    expect(pkg.CFDefinitions).toEqual({
      CFItemTypes: [
        { ...competencyType, description: "A competency a peer support worker develops.", hierarchyCode: "1", lastChangeDateTime: "2026-01-02T00:00:00.000Z" },
        { ...behaviourType, description: "An observable behaviour that shows the competency.", hierarchyCode: "2", lastChangeDateTime: "2026-01-02T00:00:00.000Z" },
      ],
      CFLicenses: [{ ...licence, licenseText: "CC BY 4.0", lastChangeDateTime: "2026-01-02T00:00:00.000Z" }],
    });
  });

  it("leaves out what the framework does not have: description, notes, licence", () => {
    const bare = buildCasePackage({ framework: { ...framework, description: null, attribution: null, licence: null }, competencies, packageUrl: url });
    expect(Object.keys(bare.CFDocument)).toEqual(["identifier", "uri", "creator", "title", "lastChangeDateTime", "publisher", "language", "CFPackageURI"]);
    expect(bare.CFDefinitions!.CFLicenses).toEqual([]);
  });

  it("makes each competency an item numbered from 1, its statement its description or else its title", () => {
    const [first, second] = pkg.CFItems;
    expect(first).toEqual({
      identifier: id(1),
      uri: `${url}#${id(1)}`,
      fullStatement: "Listens fully.",
      abbreviatedStatement: "Listening",
      humanCodingScheme: "C1",
      listEnumeration: "1",
      CFItemType: "Competency",
      CFItemTypeURI: competencyType,
      language: "en",
      lastChangeDateTime: "2026-01-03T00:00:00.000Z",
      CFDocumentURI: documentLink,
    });
    expect(second).toMatchObject({ identifier: id(2), fullStatement: "Hope", abbreviatedStatement: "Hope", humanCodingScheme: "C2", listEnumeration: "2" });
  });

  it("makes each behaviour a child item of its competency, coded and numbered from 1 within it", () => {
    const behaviours = pkg.CFItems.filter((i) => i.CFItemType === "Behaviour");
    expect(behaviours).toEqual(
      ["Shares hope", "Names strengths"].map((statement, b) => ({
        identifier: behaviourCaseIdentifier(id(2), b + 1),
        uri: `${url}#${behaviourCaseIdentifier(id(2), b + 1)}`,
        fullStatement: statement,
        humanCodingScheme: `C2.${b + 1}`,
        listEnumeration: String(b + 1),
        CFItemType: "Behaviour",
        CFItemTypeURI: behaviourType,
        language: "en",
        lastChangeDateTime: "2026-01-04T00:00:00.000Z",
        CFDocumentURI: documentLink,
      })),
    );
  });

  it("links competencies to the document and behaviours to their competency, in sequence", () => {
    const link = (a: (typeof pkg.CFAssociations)[number]) => [a.originNodeURI.identifier, a.destinationNodeURI.identifier, a.sequenceNumber];
    expect(pkg.CFAssociations.map(link)).toEqual([
      [id(1), DOC, 1],
      [id(2), DOC, 2],
      [behaviourCaseIdentifier(id(2), 1), id(2), 1],
      [behaviourCaseIdentifier(id(2), 2), id(2), 2],
    ]);
    const identifier = associationCaseIdentifier(behaviourCaseIdentifier(id(2), 2), id(2));
    expect(pkg.CFAssociations[3]).toEqual({
      identifier,
      uri: `${url}#${identifier}`,
      associationType: "isChildOf",
      sequenceNumber: 2,
      originNodeURI: { title: "Names strengths", identifier: behaviourCaseIdentifier(id(2), 2), uri: `${url}#${behaviourCaseIdentifier(id(2), 2)}` },
      destinationNodeURI: { title: "Hope", identifier: id(2), uri: `${url}#${id(2)}` },
      lastChangeDateTime: "2026-01-04T00:00:00.000Z",
      CFDocumentURI: documentLink,
    });
  });

  it("titles a link by a statement shortened at a word to 120 characters, with its spaces collapsed", () => {
    const word = "abcdefghi ";
    const long = `${word.repeat(11)}x,  endofsentence here`;
    const exact = "y".repeat(120);
    const spaced = "Shares\n  hope\tfreely ";
    const out = buildCasePackage({
      framework,
      competencies: [{ ...competencies[1]!, behaviours: [long, exact, `${"z".repeat(130)}`, spaced] }],
      packageUrl: url,
    });
    const titles = out.CFAssociations.slice(1).map((a) => a.originNodeURI.title);
    expect(titles[0]).toBe(`${word.repeat(11)}x…`);
    expect(titles[1]).toBe(exact);
    // No space in the second half: cut at 119 characters.
    expect(titles[2]).toBe(`${"z".repeat(119)}…`);
    expect(titles[3]).toBe("Shares hope freely");
  });

  it("is served as public JSON that other CASE tools may read from their own pages", () => {
    expect(casePackageHeaders()).toEqual({
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    });
  });
});

describe("reading a package: what is not JSON, or not an object", () => {
  it("refuses text that is not JSON with 400 and the parser's words", () => {
    expect(problems("{ nope", 400)[0]).toMatch(/^The file is not JSON, so it cannot be a CASE package \(.+\)\.$/);
  });

  it.each(["null", "3", '"text"', "[]", "true"])("refuses %s: JSON, but not one object", (text) => {
    expect(problems(text)).toEqual(["The file holds JSON, but not a CASE package: it must be one object with a CFDocument."]);
  });
});

describe("reading a package: what the schema says is wrong, in words", () => {
  const base = () => casePackage([item({ n: 1, code: "A" })], [childOf(id(1), DOC, 1)]);

  it("names every problem, with where it is, and not the schema's own bookkeeping (oneOf)", () => {
    expect(problems({ ...base(), CFDefinitions: ["x"] })).toEqual(["CFDefinitions must NOT have more than 0 items.", "CFDefinitions must be object."]);
  });

  it("names items by their place, also past the ninth, and spells out each kind of problem", () => {
    const items = Array.from({ length: 12 }, (_, i) => item({ n: i + 1, code: `A${i}` }));
    const pkg = casePackage(items, []);
    (pkg.CFItems[11] as Record<string, unknown>).identifier = "not a uuid";
    (pkg.CFItems[10] as Record<string, unknown>).lastChangeDateTime = "yesterday";
    (pkg.CFItems[3] as Record<string, unknown>).fullStatement = ["a list"];
    const found = problems({ ...pkg, CFAssociations: [{ ...childOf(id(1), DOC), associationType: "isFriendOf" }] });
    expect(found).toEqual(
      expect.arrayContaining([
        "CFItems[11].identifier must be a UUID like 3f2504e0-4f89-41d3-9a0c-0305e82c3301.",
        "CFItems[10].lastChangeDateTime must be a valid date-time.",
        "CFItems[3].fullStatement must be string.",
        "CFAssociations[0].associationType must be one of: isChildOf, isPeerOf, isPartOf, exactMatchOf, precedes, isRelatedTo, replacedBy, exemplar, hasSkillLevel.",
      ]),
    );
  });

  it("lists at most eight problems, and says how many more there are", () => {
    const many = (n: number) => {
      const pkg = casePackage(Array.from({ length: n }, (_, i) => item({ n: i + 1 })), []);
      pkg.CFItems.forEach((entry) => ((entry as Record<string, unknown>).lastChangeDateTime = "soon"));
      return problems(pkg);
    };
    expect(MAX_PROBLEMS).toBe(8);
    expect(many(8)).toHaveLength(8);
    expect(many(8).at(-1)).toBe("CFItems[7].lastChangeDateTime must be a valid date-time.");
    expect(many(9)).toHaveLength(9);
    expect(many(9).at(-1)).toBe("… and 1 more.");
    expect(many(12).at(-1)).toBe("… and 4 more.");
  });

  it("reports each distinct problem once", () => {
    const pkg = base();
    const found = problems({ ...pkg, CFExtras: 1, CFMore: 2 });
    expect(found).toEqual(['the package has "CFExtras", which CASE does not define.', 'the package has "CFMore", which CASE does not define.']);
  });
});

describe("reading a package: what the schema cannot check", () => {
  it("refuses a document identifier with more around the UUID (the schema's pattern is unanchored)", () => {
    expect(problems(casePackage([item({ n: 1 })], [], { identifier: `x${DOC}` }))).toEqual(["CFDocument.identifier must be a UUID and nothing else."]);
  });

  it("refuses a document without a name, before reading its items", () => {
    const pkg = casePackage([item({ n: 1, code: "A" }), item({ n: 2, code: "A" })], [], { title: "  " });
    expect(problems(pkg)).toEqual(["CFDocument.title is empty: the framework needs a name."]);
  });

  it("takes up to 2,000 items and refuses one more", () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => item({ n: i + 1, code: `C${i}` }));
    expect(MAX_CASE_ITEMS).toBe(2000);
    expect(read(casePackage(items(2000), [])).itemCount).toBe(2000);
    expect(problems(casePackage(items(2001), []))).toEqual(["The package has 2001 items; this platform takes up to 2000."]);
  });

  it("refuses item identifiers that are not only a UUID, or that repeat one already used, naming each item", () => {
    const pkg = casePackage([item({ n: 1, code: "A" }), item({ n: 2, code: "B" }), item({ n: 3, code: "C" }), item({ n: 4, code: "D" })], []);
    (pkg.CFItems[1] as Record<string, unknown>).identifier = `${id(2)}x`;
    (pkg.CFItems[2] as Record<string, unknown>).identifier = id(1).toUpperCase();
    (pkg.CFItems[3] as Record<string, unknown>).identifier = DOC;
    expect(problems(pkg)).toEqual([
      "CFItems[1].identifier must be a UUID and nothing else.",
      `CFItems[2] uses the identifier ${id(1)}, which is already used in this package.`,
      `CFItems[3] uses the identifier ${DOC}, which is already used in this package.`,
    ]);
  });

  it("refuses an empty statement and one over 10,000 characters, and takes one of exactly 10,000", () => {
    expect(problems(casePackage([item({ n: 1, statement: " \n " })], []))).toEqual(["CFItems[0].fullStatement is empty."]);
    expect(problems(casePackage([item({ n: 1, statement: "s".repeat(10_001) })], []))).toEqual(["CFItems[0].fullStatement is longer than 10,000 characters."]);
    expect(read(casePackage([item({ n: 1, statement: "s".repeat(10_000) })], [])).itemCount).toBe(1);
  });

  it("stops at eight of its own problems", () => {
    const items = Array.from({ length: 10 }, (_, i) => item({ n: i + 1, statement: " " }));
    const found = problems(casePackage(items, []));
    expect(found).toHaveLength(8);
    expect(found.at(-1)).toBe("CFItems[7].fullStatement is empty.");
  });

  it("refuses an association from an item the package does not have", () => {
    expect(problems(casePackage([item({ n: 1 })], [childOf(id(1), DOC), childOf(id(5), DOC)]))).toEqual([
      `CFAssociations[1] says ${id(5)} isChildOf something, but there is no item ${id(5)} in the package.`,
    ]);
  });

  it("refuses a loop of parents, and nothing after it", () => {
    const pkg = casePackage(
      [item({ n: 1 }), item({ n: 2 }), item({ n: 3, code: "same" }), item({ n: 4, code: "same" })],
      [childOf(id(1), id(2)), childOf(id(2), id(1)), childOf(id(3), DOC), childOf(id(4), DOC)],
    );
    expect(problems(pkg)).toEqual([
      `The isChildOf associations go round in a circle through item ${id(1)}.`,
      `The isChildOf associations go round in a circle through item ${id(2)}.`,
    ]);
  });

  it("refuses two items with one code, and a code over 100 characters", () => {
    expect(problems(casePackage([item({ n: 1, code: "A" }), item({ n: 2, code: "A" })], []))).toEqual([
      `Two items use the code "A" (${id(1)} and ${id(2)}). Give each item its own humanCodingScheme.`,
    ]);
    expect(problems(casePackage([item({ n: 1, code: `${"c".repeat(50)} ${"d".repeat(50)}` })], []))).toEqual([
      `The code "${"c".repeat(39)}…" is longer than 100 characters.`,
    ]);
    expect(read(casePackage([item({ n: 1, code: "c".repeat(100) })], [])).definition.competencies[0]!.code).toHaveLength(100);
  });
});

describe("reading a package: the tree", () => {
  const codes = (parsed: ReturnType<typeof read>) => parsed.definition.competencies.map((c) => c.code);

  it("orders children by sequence number, then by the order of their associations, those without a number last", () => {
    const items = [1, 2, 3, 4, 5].map((n) => item({ n, code: `C${n}` }));
    const parsed = read(casePackage(items, [childOf(id(1), DOC), childOf(id(2), DOC, 20), childOf(id(3), DOC, 10), childOf(id(4), DOC, 10), childOf(id(5), DOC)]));
    expect(codes(parsed)).toEqual(["C3", "C4", "C2", "C1", "C5"]);
  });

  it("places an item by its first isChildOf, ignoring other kinds of association", () => {
    const items = [item({ n: 1, code: "P" }), item({ n: 2, code: "Q" }), item({ n: 3, code: "K" })];
    const peer = { ...childOf(id(3), id(2)), associationType: "isPeerOf" };
    const parsed = read(casePackage(items, [peer, childOf(id(1), DOC, 1), childOf(id(2), DOC, 2), childOf(id(3), id(1), 1), childOf(id(3), id(2), 1)]));
    expect(parsed.tree.map((node) => [node.code, node.children.map((c) => c.code)])).toEqual([
      ["P", ["K"]],
      ["Q", []],
    ]);
  });

  it("puts items that hang from nothing at the top, after the others, in the package's order, and says so", () => {
    const items = [item({ n: 1, code: "late-1" }), item({ n: 2, code: "placed" }), item({ n: 3, code: "late-2" }), item({ n: 4, type: "Behaviour", statement: "Does it" })];
    const parsed = read(casePackage(items, [childOf(id(2), DOC), childOf(id(4), id(3))]));
    expect(codes(parsed)).toEqual(["placed", "late-1", "late-2"]);
    expect(parsed.definition.competencies[2]!.behaviours).toEqual(["Does it"]);
    expect(parsed.normalizations).toEqual(["2 items are not placed under anything (no isChildOf), so they were put at the top, after the others."]);
    expect(read(casePackage(items.slice(0, 2), [childOf(id(2), DOC)])).normalizations).toEqual([
      "1 item is not placed under anything (no isChildOf), so it was put at the top, after the others.",
    ]);
  });

  it.each(["Behaviour", "behavior", "Behaviours", "BEHAVIORS", "  Behaviour  "])("reads an item of type %j under a competency as its behaviour", (type) => {
    const parsed = read(casePackage([item({ n: 1, code: "C" }), item({ n: 2, type, statement: "  Listens  " })], [childOf(id(1), DOC), childOf(id(2), id(1))]));
    expect(parsed.definition.competencies).toEqual([{ caseIdentifier: id(1), code: "C", title: "Statement 1", description: null, behaviours: ["Listens"] }]);
    expect(parsed.behaviourCount).toBe(1);
    expect(parsed.tree[0]!.children).toEqual([{ code: null, title: "Listens", kind: "behaviour", children: [] }]);
  });

  it("reads the type from the item type link when the item names none", () => {
    const parsed = read(casePackage([item({ n: 1, code: "C" }), item({ n: 2, typeTitle: "Behaviour" })], [childOf(id(1), DOC), childOf(id(2), id(1))]));
    expect(parsed.behaviourCount).toBe(1);
  });

  it.each(["Behaviour type", "Sub-behaviour", "Competency"])("reads an item of type %j as a competency", (type) => {
    const parsed = read(casePackage([item({ n: 1, code: "C" }), item({ n: 2, type, code: "D" })], [childOf(id(1), DOC), childOf(id(2), id(1))]));
    expect(codes(parsed)).toEqual(["C", "D"]);
    expect(parsed.behaviourCount).toBe(0);
  });

  it("reads a behaviour at the top, with no competency above it, as a competency", () => {
    expect(codes(read(casePackage([item({ n: 1, type: "Behaviour", code: "B" })], [childOf(id(1), DOC)])))).toEqual(["B"]);
  });
});

describe("reading a package: each competency", () => {
  const one = (spec: Omit<ItemSpec, "n">) => read(casePackage([item({ n: 1, ...spec })], [childOf(id(1), DOC)])).definition.competencies[0]!;

  it("takes its code and short title trimmed, and its statement as description when it says more", () => {
    expect(one({ code: " A.1 ", short: " Listening ", statement: " Listens fully. " })).toEqual({
      caseIdentifier: id(1),
      code: "A.1",
      title: "Listening",
      description: "Listens fully.",
      behaviours: [],
    });
    expect(one({ code: "A", short: "Listening", statement: "Listening" }).description).toBeNull();
  });

  it("without a short title, takes its statement as title, and keeps a statement over 200 characters whole as description", () => {
    expect(one({ code: "A", statement: "Listens" })).toMatchObject({ title: "Listens", description: null });
    const exact = "w".repeat(200);
    expect(one({ code: "A", statement: exact })).toMatchObject({ title: exact, description: null });
    const long = `${"word ".repeat(40)}more`;
    expect(one({ code: "A", statement: long })).toMatchObject({ title: `${"word ".repeat(38)}word…`, description: long });
    expect(one({ code: "A", short: "  ", statement: "Listens" })).toMatchObject({ title: "Listens", description: null });
  });

  it("gives an item without a code one of its own, and says which", () => {
    const items = [1, 2, 3, 4, 5].map((n) => item({ n, code: n === 3 ? "given" : n === 5 ? "  " : undefined }));
    const parsed = read(casePackage(items, items.map((entry, i) => childOf(entry.identifier, DOC, i + 1))));
    expect(parsed.definition.competencies.map((c) => c.code)).toEqual(["item-1", "item-2", "given", "item-4", "item-5"]);
    expect(parsed.normalizations).toEqual(["4 items have no code (humanCodingScheme), so they were given one: item-1, item-2, item-4 and so on."]);
    const three = read(casePackage(items.slice(0, 4), items.slice(0, 4).map((entry, i) => childOf(entry.identifier, DOC, i + 1))));
    expect(three.normalizations).toEqual(["3 items have no code (humanCodingScheme), so they were given one: item-1, item-2, item-4."]);
    expect(read(casePackage([item({ n: 1 })], [childOf(id(1), DOC)])).normalizations).toEqual([
      "1 item has no code (humanCodingScheme), so it was given one: item-1.",
    ]);
  });
});

describe("reading a package: the framework", () => {
  const framework = (document: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    read(casePackage([item({ n: 1, code: "A" })], [childOf(id(1), DOC)], document, extra)).definition;

  it("takes name, publisher, description, notes and licence trimmed, and an upper-case identifier in lower case", () => {
    const definition = framework({
      identifier: DOC.toUpperCase(),
      title: "Peer Skills",
      publisher: " Publisher ",
      creator: "Creator",
      description: " About. ",
      notes: " Adapted. ",
      licenseURI: { title: " CC BY ", identifier: id(99), uri: "https://case.example.org/licence" },
    });
    expect(definition).toEqual({
      caseIdentifier: DOC,
      slug: "peer-skills",
      title: "Peer Skills",
      publisher: "Publisher",
      description: "About.",
      licence: "CC BY",
      attribution: "Adapted.",
      competencies: [{ caseIdentifier: id(1), code: "A", title: "Statement 1", description: null, behaviours: [] }],
    });
  });

  it("falls back to the creator, then to “Unknown publisher”, and cuts a publisher to 300 characters", () => {
    expect(framework({ publisher: "  ", creator: " Creator " }).publisher).toBe("Creator");
    expect(framework({ creator: "  " }).publisher).toBe("Unknown publisher");
    expect(framework({ publisher: "p".repeat(301) }).publisher).toBe("p".repeat(300));
  });

  it("has no description, notes or licence when the package gives only blanks", () => {
    expect(framework({ description: " ", notes: " ", licenseURI: { title: " ", identifier: id(99), uri: "https://case.example.org/l" } })).toMatchObject({
      description: null,
      attribution: null,
      licence: null,
    });
  });

  it("takes the licence from the package's licence definitions when the document names none", () => {
    const licence = { identifier: id(98), uri: "https://case.example.org/l", title: " Open Licence ", licenseText: "Text", lastChangeDateTime: AT };
    expect(framework({}, { CFDefinitions: { CFLicenses: [licence] } }).licence).toBe("Open Licence");
    expect(framework({ licenseURI: { title: " ", identifier: id(99), uri: "https://case.example.org/l" } }, { CFDefinitions: { CFLicenses: [licence] } }).licence).toBe("Open Licence");
    expect(framework({}, { CFDefinitions: { CFLicenses: [] } }).licence).toBeNull();
    expect(framework({}, { CFDefinitions: {} }).licence).toBeNull();
  });

  it("cuts a long framework name at a word, to 300 characters", () => {
    const title = `${"name ".repeat(70)}end`;
    const definition = framework({ title });
    expect(definition.title.length).toBeLessThanOrEqual(300);
    expect(definition.title.endsWith("name…")).toBe(true);
  });

  it("reads the sample package the other tests use", () => {
    expect(read(sampleCasePackage()).definition.competencies.map((c) => c.code)).toEqual(["rcs.1", "rcs.2"]);
  });
});
