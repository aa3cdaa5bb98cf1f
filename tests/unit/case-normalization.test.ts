import { describe, expect, it } from "vitest";
import { describeNormalization, normalizeCasePackage, type CaseNormalization } from "~/codecs/case-normalization.server";

/*
 * The producer habits that CASE import reads as meant (decision 022), one
 * field at a time. Whole packages: tests/unit/competency-case.test.ts.
 */

const UUID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const OTHER = "886313e1-3b8a-5372-9b90-0c9aee199e5d";

/** The item a field was normalized in, and what was noted. */
function normalizeItem(item: Record<string, unknown>) {
  const { data, normalizations } = normalizeCasePackage({ CFItems: [item] });
  return { item: (data.CFItems as Record<string, unknown>[])[0]!, normalizations };
}

describe("timestamps without a time zone", () => {
  it.each(["lastChangeDateTime", "statusStartDate", "statusEndDate"])("in %s are read as UTC", (field) => {
    const { item, normalizations } = normalizeItem({ [field]: "2023-04-02T09:16:02" });
    expect(item[field]).toBe("2023-04-02T09:16:02Z");
    expect(normalizations).toEqual([{ kind: "timestamp-without-zone", count: 1, firstAt: `CFItems[0].${field}`, firstValue: '"2023-04-02T09:16:02"' }]);
  });

  it.each([
    ["2023-04-02 09:16:02", "2023-04-02T09:16:02Z"],
    ["2023-04-02t09:16:02", "2023-04-02T09:16:02Z"],
    [" 2023-04-02T09:16:02.125 ", "2023-04-02T09:16:02.125Z"],
    ["2023-04-02T09:16", "2023-04-02T09:16:00Z"],
    ["2023-04-02", "2023-04-02T00:00:00Z"],
    [" 2023-04-02 ", "2023-04-02T00:00:00Z"],
  ])("read %j as %j", (written, read) => {
    expect(normalizeItem({ lastChangeDateTime: written }).item.lastChangeDateTime).toBe(read);
  });

  it.each([
    "2023-04-02T09:16:02Z",
    "2023-04-02T09:16:02+02:00",
    "2023-04-02T09:16:02.",
    "2023-04-02T09:16:02.5x",
    "x2023-04-02T09:16:02",
    "2023-04-02T09:1",
    "23-04-02",
    "2023-4-02",
    "2023-04-2",
    "2023-04-02x",
    "x2023-04-02",
    "last Tuesday",
  ])("leave %j as it is, for the schema to judge", (written) => {
    const { item, normalizations } = normalizeItem({ lastChangeDateTime: written });
    expect(item.lastChangeDateTime).toBe(written);
    expect(normalizations).toEqual([]);
  });

  it("leave a plain date where the schema allows one (status dates)", () => {
    expect(normalizeItem({ statusStartDate: "2023-04-02" })).toEqual({ item: { statusStartDate: "2023-04-02" }, normalizations: [] });
  });

  it("leave a date-time in a field that is not a timestamp", () => {
    expect(normalizeItem({ notes: "2023-04-02T09:16:02", title: "2023-04-02" })).toEqual({ item: { notes: "2023-04-02T09:16:02", title: "2023-04-02" }, normalizations: [] });
  });
});

describe("numbers written as text", () => {
  it.each([
    ["sequenceNumber", "1", 1],
    ["sequenceNumber", " -2 ", -2],
    ["position", "3", 3],
    ["weight", "0.5", 0.5],
    ["weight", " -1.25 ", -1.25],
    ["score", "2", 2],
  ])("%s %j is read as %j", (field, written, read) => {
    const { item, normalizations } = normalizeItem({ [field]: written });
    expect(item[field]).toBe(read);
    expect(normalizations).toEqual([{ kind: "number-written-as-text", count: 1, firstAt: `CFItems[0].${field}`, firstValue: JSON.stringify(written) }]);
  });

  it.each([
    ["sequenceNumber", "1.5"],
    ["sequenceNumber", "first"],
    ["sequenceNumber", "1 2"],
    ["sequenceNumber", "x1"],
    ["sequenceNumber", "1x"],
    ["sequenceNumber", "--1"],
    ["weight", "1."],
    ["weight", ".5"],
    ["weight", "1.5.2"],
    ["weight", "x0.5"],
    ["weight", "0.5x"],
    ["weight", "0.x"],
    ["weight", "a 1"],
    ["weight", "1 a"],
    ["listEnumeration", "1"],
  ])("%s %j stays text", (field, written) => {
    expect(normalizeItem({ [field]: written })).toEqual({ item: { [field]: written }, normalizations: [] });
  });
});

describe("text written as a number", () => {
  it.each([
    "title",
    "fullStatement",
    "abbreviatedStatement",
    "alternativeLabel",
    "humanCodingScheme",
    "listEnumeration",
    "hierarchyCode",
    "typeCode",
    "version",
    "notes",
    "description",
    "language",
    "creator",
    "publisher",
    "adoptionStatus",
    "keywords",
    "licenseText",
    "category",
    "quality",
    "feedback",
  ])("in %s, which CASE types as text, is read as text", (field) => {
    const { item, normalizations } = normalizeItem({ [field]: 2.5 });
    expect(item[field]).toBe("2.5");
    expect(normalizations).toEqual([{ kind: "text-written-as-number", count: 1, firstAt: `CFItems[0].${field}`, firstValue: "2.5" }]);
  });

  it("in a field CASE types as a number stays a number", () => {
    expect(normalizeItem({ sequenceNumber: 2, weight: 0.5, count: 3 })).toEqual({ item: { sequenceNumber: 2, weight: 0.5, count: 3 }, normalizations: [] });
  });
});

describe("links written as plain addresses", () => {
  it.each(["CFItemTypeURI", "licenseURI", "conceptKeywordsURI", "CFAssociationGroupingURI", "originNodeURI", "destinationNodeURI"])(
    "in %s become a CASE link named by the identifier in the address",
    (field) => {
      const address = `https://case.example.org/uri/${UUID.toUpperCase()}`;
      const { item, normalizations } = normalizeItem({ [field]: address });
      expect(item[field]).toEqual({ title: UUID, identifier: UUID, uri: address });
      expect(normalizations).toEqual([{ kind: "link-written-as-address", count: 1, firstAt: `CFItems[0].${field}`, firstValue: JSON.stringify(address) }]);
    },
  );

  it("take the last identifier of an address that holds two", () => {
    const address = `https://case.example.org/${OTHER}/items/${UUID}`;
    expect(normalizeItem({ originNodeURI: address }).item.originNodeURI).toEqual({ title: UUID, identifier: UUID, uri: address });
  });

  it("keep the whole address as the identifier when it holds none", () => {
    expect(normalizeItem({ originNodeURI: "https://case.example.org/x" }).item.originNodeURI).toEqual({
      title: "https://case.example.org/x",
      identifier: "https://case.example.org/x",
      uri: "https://case.example.org/x",
    });
  });

  it("title an item type link by the item's own CFItemType, when it has one", () => {
    const address = `https://case.example.org/${UUID}`;
    expect(normalizeItem({ CFItemType: "Behaviour", CFItemTypeURI: address }).item.CFItemTypeURI).toEqual({ title: "Behaviour", identifier: UUID, uri: address });
    expect(normalizeItem({ CFItemType: 7, CFItemTypeURI: address }).item.CFItemTypeURI).toMatchObject({ title: UUID });
    // Only the item type link: another link of an item with a type keeps its identifier as title.
    expect(normalizeItem({ CFItemType: "Behaviour", licenseURI: address }).item.licenseURI).toMatchObject({ title: UUID });
  });

  it("leave a link that is already a CASE link alone", () => {
    const link = { title: "T", identifier: UUID, uri: "https://case.example.org/x" };
    expect(normalizeItem({ originNodeURI: link })).toEqual({ item: { originNodeURI: link }, normalizations: [] });
  });
});

describe("nulls and the package as a whole", () => {
  it("leave out null fields, naming where the first was", () => {
    const { data, normalizations } = normalizeCasePackage({ CFDocument: { title: "T", notes: null }, officialSourceURL: null });
    expect(data).toEqual({ CFDocument: { title: "T" } });
    expect(normalizations).toEqual([{ kind: "null-left-out", count: 2, firstAt: "CFDocument.notes", firstValue: "null" }]);
  });

  it("count each kind, keep where it happened first, and list kinds in the order first met", () => {
    const { normalizations } = normalizeCasePackage({
      CFItems: [{ listEnumeration: 1, lastChangeDateTime: "2023-01-01" }, { listEnumeration: 2 }, { lastChangeDateTime: "2023-01-02T10:00" }],
    });
    expect(normalizations).toEqual<CaseNormalization[]>([
      { kind: "text-written-as-number", count: 2, firstAt: "CFItems[0].listEnumeration", firstValue: "1" },
      { kind: "timestamp-without-zone", count: 2, firstAt: "CFItems[0].lastChangeDateTime", firstValue: '"2023-01-01"' },
    ]);
  });

  it("name top-level fields without a leading dot, and walk arrays of arrays", () => {
    const { data, normalizations } = normalizeCasePackage({ lastChangeDateTime: "2023-01-01", nested: [[{ sequenceNumber: "4" }]] });
    expect(data).toEqual({ lastChangeDateTime: "2023-01-01T00:00:00Z", nested: [[{ sequenceNumber: 4 }]] });
    expect(normalizations.map((n) => n.firstAt)).toEqual(["lastChangeDateTime", "nested[0][0].sequenceNumber"]);
  });

  it("keep what is not an object as it is: nulls and values inside arrays, booleans, numbers", () => {
    const package_ = { CFItems: [null, 3, "x", true, [null]], flag: false, count: 0 };
    expect(normalizeCasePackage(package_)).toEqual({ data: package_, normalizations: [] });
  });

  it("never change the package it was given", () => {
    const original = { CFItems: [{ lastChangeDateTime: "2023-01-01", notes: null, listEnumeration: 1 }] };
    const copy = structuredClone(original);
    normalizeCasePackage(original);
    expect(original).toEqual(copy);
  });
});

describe("what was read differently, in one sentence per kind", () => {
  const normalization = (kind: CaseNormalization["kind"], count: number): CaseNormalization => ({ kind, count, firstAt: "CFItems[3].x", firstValue: '"v"' });

  it.each<[CaseNormalization["kind"], number, string]>([
    ["timestamp-without-zone", 1, '1 date has no time zone, so it was read as UTC (the first: CFItems[3].x, "v").'],
    ["timestamp-without-zone", 1234, '1,234 dates have no time zone, so they were read as UTC (the first: CFItems[3].x, "v").'],
    ["number-written-as-text", 1, '1 number is written as text, so it was read as a number (the first: CFItems[3].x, "v").'],
    ["number-written-as-text", 2, '2 numbers are written as text, so they were read as numbers (the first: CFItems[3].x, "v").'],
    ["text-written-as-number", 1, '1 text field holds a number, so it was read as text (the first: CFItems[3].x, "v").'],
    ["text-written-as-number", 2, '2 text fields hold a number, so they were read as text (the first: CFItems[3].x, "v").'],
    ["null-left-out", 1, "1 field is null, so it was left out as empty (the first: CFItems[3].x)."],
    ["null-left-out", 2, "2 fields are null, so they were left out as empty (the first: CFItems[3].x)."],
    ["link-written-as-address", 1, '1 link is a plain address instead of a CASE link, so the identifier was taken from the address (the first: CFItems[3].x, "v").'],
    ["link-written-as-address", 2, '2 links are a plain address instead of a CASE link, so the identifier was taken from the address (the first: CFItems[3].x, "v").'],
  ])("%s, %i time(s)", (kind, count, sentence) => {
    expect(describeNormalization(normalization(kind, count))).toBe(sentence);
  });
});
